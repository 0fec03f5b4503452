// The append-only exchange log (issue 2 §6): every request/response with a gateway, redacted by the HTTP layer.
// Each exchange is ALSO a `net.exchange` event in the tamper-evident audit chain (issue 4): bodies encrypted in
// the side table, hashes in the chain. If the chain cannot take the event, append() throws — the exchange row
// is kept here first, and the caller sees the failure instead of an exchange silently missing from the chain.
import { exchangeAuditEvent } from '../audit/exchange-event.ts';
import type { AuditAppender } from '../audit/producer.ts';
import type { ExchangeRecord, ExchangeSink } from '../http/exchange.ts';
import type { Db } from './open-database.ts';

/** Inserts one record into exchange_log and returns its seq (the row id). */
export function createExchangeLogInsert(db: Db): (r: ExchangeRecord) => number {
  const insert = db.prepare(
    `INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (r) =>
    Number(
      insert.run(r.startedAt, r.service, r.endpoint, r.method, r.host, r.path, r.address, r.port, r.status, r.durationMs, r.failure?.phase ?? null, JSON.stringify(r.correlation), JSON.stringify(r))
        .lastInsertRowid,
    );
}

export type SqliteExchangeLog = ExchangeSink & {
  count(): number;
  /** Chains a record another connection (the mailing journal writer) already wrote as row `seq`. */
  chainWritten(r: ExchangeRecord, seq: number): void;
};

export function createSqliteExchangeSink(db: Db, audit?: AuditAppender): SqliteExchangeLog {
  const insert = createExchangeLogInsert(db);
  // The row's seq ties the two logs together: after a crash, rows the chain never got are appended at the
  // next start (main/audit/recover.ts).
  const chainWritten = (r: ExchangeRecord, seq: number): void => {
    if (audit) audit.append(exchangeAuditEvent(r, audit.hmacKey, seq));
  };
  return {
    append: (r) => chainWritten(r, insert(r)),
    chainWritten,
    count: () => (db.prepare('SELECT count(*) n FROM exchange_log').get() as { n: number }).n,
  };
}
