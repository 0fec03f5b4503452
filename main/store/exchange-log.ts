// The append-only exchange log (issue 2 §6): every request/response with a gateway, redacted by the HTTP layer.
// Each exchange is ALSO a `net.exchange` event in the tamper-evident audit chain (issue 4): the audit side hands
// in `chain` (main/audit/exchange-event.ts), so this store knows nothing of the chain (store/ imports no other
// main/ folder). If the chain cannot take the event, append() throws — the exchange row is kept here first, and
// the caller sees the failure instead of an exchange silently missing from the chain.
import type { Db } from './open-database.ts';
import { countRowSchema, rowParser } from './row-shapes.ts';

const parseExchangeCount = rowParser('exchange_log', countRowSchema);

/** What exchange_log indexes of a record (main/http/exchange.ts ExchangeRecord); the whole record is kept as record_json. */
export interface ExchangeLogEntry {
  startedAt: number;
  service: string;
  endpoint: string;
  method: string;
  host: string;
  path: string;
  address: string | null;
  port: number;
  status: number | null;
  durationMs: number;
  failure: { phase: string } | null;
  correlation: Record<string, string>;
}

/** Inserts one record into exchange_log and returns its seq (the row id). */
export function createExchangeLogInsert(db: Db): (r: ExchangeLogEntry) => number {
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

export type SqliteExchangeLog<R extends ExchangeLogEntry> = {
  append(record: R): void;
  count(): number;
  /** Chains a record another connection (the mailing journal writer) already wrote as row `seq`. */
  chainWritten(r: R, seq: number): void;
};

/** `chain`: extends the audit chain with row `seq` (throws when the chain cannot take it); none in tests without a chain. */
export function createSqliteExchangeSink<R extends ExchangeLogEntry>(db: Db, chain?: (r: R, seq: number) => void): SqliteExchangeLog<R> {
  const insert = createExchangeLogInsert(db);
  // The row's seq ties the two logs together: after a crash, rows the chain never got are appended at the
  // next start (main/audit/recover.ts).
  const chainWritten = (r: R, seq: number): void => {
    if (chain) chain(r, seq);
  };
  return {
    append: (r) => chainWritten(r, insert(r)),
    chainWritten,
    count: () => parseExchangeCount(db.prepare('SELECT count(*) n FROM exchange_log').get()).n,
  };
}
