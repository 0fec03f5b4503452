// Crash recovery of the tee (issue 4; the mailing engine's "journal first, reconcile at start" pattern): the
// exchange and operator rows are committed in docdesk.db before their audit events: docdesk.db's writer posts them
// to the audit writer after that commit, which builds the events (issue 16 step 8, producer-batches.ts). A kill -9
// between the two commits leaves rows the chain never got; at the next start they are appended here with the same
// builders (data.recovered = true, original times), so nothing is lost — only later than it happened. It runs
// before any step that stores such a row. The same pass back-fills data folders created before the audit chain.
// A row whose event cannot be built (the chain's JSON rules, or a record that is not JSON or does not fit its schema) gets the
// audit writer's refusal event in its place (producer-batches.ts), so the start goes on and the gap is in the chain.
import { z } from 'zod';
import { exchangeRecordJson, storedExchangeRecordSchema } from '../store/exchange-log.ts';
import type { Db } from '../store/open-database.ts';
import { integerSchema, rowParser } from '../store/row-shapes.ts';
import { storedExchangeAuditEvent } from './exchange-event.ts';
import type { AuditEventInput } from './event.ts';
import { CanonicalJsonError } from './jcs.ts';
import { refusalReason, refusedEntryEvent } from './producer-batches.ts';
import { operatorAuditEvent } from './producer.ts';

export interface RecoverTarget {
  append(e: AuditEventInput): void;
  flush(): void;
  hmacKey: Buffer;
  /** Highest numeric suffix of the subject keys with this prefix (e.g. `xlog:`), or 0; what was appended is flushed first. */
  maxIndexed(prefix: string): Promise<number>;
  /** Which of `keys` the chain's subject index holds. */
  indexedKeys(keys: readonly string[]): Promise<string[]>;
}

/**
 * Exchange rows are written by the docdesk writer only (issue 16 steps 6 and 8), each
 * chained once its commit is done: at a crash, a row can be unchained below one that was chained. Such a gap is at
 * most as old as the batches in flight at that moment; rows this far below the highest chained one are looked at
 * one by one.
 */
const EXCHANGE_GAP_LOOKBACK = 10_000;

/**
 * Exchange rows read per statement: the walk awaits the chain's index between pages, and an open statement would
 * keep the shared read-only connection busy meanwhile.
 */
const EXCHANGE_PAGE_ROWS = 500;

const parseExchangeRows = rowParser('exchange_log', z.array(storedExchangeRecordSchema.extend({ seq: integerSchema })));
const parseOperatorRow = rowParser(
  'operator_actions',
  z.object({ id: integerSchema, at: integerSchema, actor: z.string(), action: z.string(), subject: z.string(), data_json: z.string() }),
);

export async function recoverUnaudited(db: Db, audit: RecoverTarget): Promise<{ exchanges: number; operatorActions: number }> {
  /**
   * `named`: the entry as the refusal names it (`{seq}` or `{row: {id}}`). Only the chain's JSON rules and a stored
   * record that is not JSON or not a record (storedExchangeAuditEvent) are a refusal.
   */
  const appendOrRefuse = (build: () => AuditEventInput, named: unknown): void => {
    try {
      audit.append(build());
    } catch (err) {
      if (!(err instanceof CanonicalJsonError || err instanceof z.ZodError || err instanceof SyntaxError)) throw err;
      audit.append(refusedEntryEvent(named, refusalReason(err)));
    }
  };
  let exchanges = 0;
  let operatorActions = 0;
  const xMax = await audit.maxIndexed('xlog:');
  const exchangePage = db.prepare('SELECT seq, record_json, record_deflated FROM exchange_log WHERE seq > ? ORDER BY seq LIMIT ?');
  for (let after = Math.max(0, xMax - EXCHANGE_GAP_LOOKBACK); ; ) {
    const rows = parseExchangeRows(exchangePage.all(after, EXCHANGE_PAGE_ROWS));
    if (rows.length === 0) break;
    after = rows.at(-1)!.seq;
    // Rows above the highest chained one cannot be chained; the others are looked up a page at a time.
    const chained = new Set(await audit.indexedKeys(rows.filter((r) => r.seq <= xMax).map((r) => `xlog:${r.seq}`)));
    for (const row of rows) {
      if (chained.has(`xlog:${row.seq}`)) continue;
      const json = exchangeRecordJson(row);
      appendOrRefuse(() => storedExchangeAuditEvent(json, audit.hmacKey, row.seq, true), { seq: row.seq });
      exchanges++;
    }
  }
  const oFrom = await audit.maxIndexed('oplog:');
  for (const raw of db.prepare('SELECT id, at, actor, action, subject, data_json FROM operator_actions WHERE id > ? ORDER BY id').iterate(oFrom)) {
    const row = parseOperatorRow(raw);
    const data = z.record(z.string(), z.unknown()).safeParse(JSON.parse(row.data_json) as unknown);
    const action = { id: row.id, at: row.at, actor: row.actor, action: row.action, subject: row.subject, data: data.success ? data.data : {} };
    appendOrRefuse(() => operatorAuditEvent(action, true), { row: action });
    operatorActions++;
  }
  audit.flush();
  return { exchanges, operatorActions };
}
