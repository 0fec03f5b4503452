// The PayUp cancel journal's reads (PayupReads, main/reads/docdesk-reads.ts): served on the backend's read-only
// connection to the screens, the CLI and the service, and on the writer's connection to the journal's own steps,
// which must see their transaction's rows. Every row is parsed where it leaves SQL (cancel-rows.ts).
import type { PayupCancelRow, PayupListFilter, PayupStateCounts } from '../../shared/domain/payup.ts';
import type { PayupReads } from '../reads/docdesk-reads.ts';
import type { Synchronous } from '../reads/synchronous-reads.ts';
import type { Db } from '../store/open-database.ts';
import {
  parseBatch,
  parseBatchRows,
  parseCancelEvents,
  parseClaimOfRow,
  parseCancelRow,
  parseCancelRows,
  parseCancelState,
  parseCancelStates,
  parseInFlightCount,
  parseStateCounts,
  type CancelDbRow,
} from './cancel-rows.ts';
import { cancelTimeline, type OpenClaim } from './cancel-timeline.ts';

function toCancelRow(r: CancelDbRow): PayupCancelRow {
  return {
    id: r.id,
    transactionId: r.transaction_id,
    reason: r.reason,
    amount: r.amount,
    batchId: r.batch_id,
    sourceRow: r.source_row,
    profile: r.profile,
    state: r.state,
    stateAt: r.state_at,
    attempts: r.attempts,
    unknownCount: r.unknown_count,
    responseCode: r.response_code,
    responseMessage: r.response_message,
    cancelDateTime: r.cancel_date_time,
    detail: r.detail,
    createdAt: r.created_at,
  };
}

export function emptyCounts(): PayupStateCounts {
  return { QUEUED: 0, IN_FLIGHT: 0, CANCELLED: 0, ALREADY_CANCELLED: 0, REJECTED: 0, UNKNOWN: 0, ABANDONED: 0 };
}

export function createPayupCancelReads(db: Db) {
  const s = {
    byTx: db.prepare('SELECT * FROM payup_cancels WHERE transaction_id = ?'),
    // What the journal needs of a transaction it already holds (not the whole row).
    stateByTx: db.prepare('SELECT id, state, response_code FROM payup_cancels WHERE transaction_id = ?'),
    // A batch's transactions in ONE statement (a server database would otherwise answer 10,000 round trips): the
    // ids travel as one JSON array, whatever their number (no 999-parameter chunks; measured cheaper too), and
    // each is looked up through UNIQUE(transaction_id).
    statesByTx: db.prepare('SELECT transaction_id, state FROM payup_cancels WHERE transaction_id IN (SELECT value FROM json_each(?))'),
    byId: db.prepare('SELECT * FROM payup_cancels WHERE id = ?'),
    inFlightCount: db.prepare(`SELECT count(*) FROM payup_cancels WHERE state = 'IN_FLIGHT'`).pluck(),
    counts: db.prepare('SELECT state, count(*) n FROM payup_cancels GROUP BY state'),
    batchCounts: db.prepare(
      `SELECT c.state, count(*) n FROM payup_cancels c JOIN payup_batch_rows r ON r.transaction_id = c.transaction_id
       WHERE r.batch_id = ? AND r.disposition IN ('NEW','REQUEUED','PENDING') GROUP BY c.state`,
    ),
    batchRows: db.prepare(
      `SELECT r.source_row, r.transaction_id, r.reason, r.amount, r.disposition, r.error, c.state, c.response_code, c.response_message,
              c.cancel_date_time, c.detail
       FROM payup_batch_rows r LEFT JOIN payup_cancels c ON c.transaction_id = r.transaction_id AND r.disposition <> 'INVALID'
       WHERE r.batch_id = ? ORDER BY r.source_row`,
    ),
    batch: db.prepare('SELECT * FROM payup_batches WHERE id = ?'),
    list: db.prepare('SELECT * FROM payup_cancels WHERE (? IS NULL OR state = ?) AND (? IS NULL OR batch_id = ?) ORDER BY id DESC LIMIT ?'),
    events: db.prepare('SELECT at, kind, data_json FROM payup_cancel_events WHERE cancel_id = ? ORDER BY id'),
    claimOf: db.prepare('SELECT state, attempts, sent_at FROM payup_cancels WHERE id = ?'),
  };
  /** The claim of a row IN_FLIGHT, which no event records until its answer (cancel-timeline.ts). */
  const openClaim = (id: number): OpenClaim | null => {
    const r = parseClaimOfRow(s.claimOf.get(id));
    return r?.state === 'IN_FLIGHT' && r.sent_at !== null ? { at: r.sent_at, attempt: r.attempts } : null;
  };
  // One snapshot: an answer committed between the two reads would otherwise show its claim twice, or not at all.
  const timeline = db.transaction((id: number) => cancelTimeline(parseCancelEvents(s.events.all(id)), openClaim(id)));
  const cancel = (tx: string): PayupCancelRow | null => {
    const r = parseCancelRow(s.byTx.get(tx));
    return r ? toCancelRow(r) : null;
  };
  const cancelById = (id: number): PayupCancelRow | null => {
    const r = parseCancelRow(s.byId.get(id));
    return r ? toCancelRow(r) : null;
  };
  const reads = {
    cancel,
    cancelById,
    cancelStates: (txs) => new Map(parseCancelStates(s.statesByTx.all(JSON.stringify(txs))).map((r) => [r.transaction_id, r.state])),
    counts(batchId?: string) {
      const c = emptyCounts();
      for (const r of parseStateCounts(batchId === undefined ? s.counts.all() : s.batchCounts.all(batchId))) c[r.state] = r.n;
      return c;
    },
    list: (filter: PayupListFilter = {}) =>
      parseCancelRows(s.list.all(filter.state ?? null, filter.state ?? null, filter.batchId ?? null, filter.batchId ?? null, filter.limit ?? 1000)).map(toCancelRow),
    events: (id) => timeline(id),
    batchRows: (batchId) =>
      parseBatchRows(s.batchRows.all(batchId)).map((r) => ({
        sourceRow: r.source_row,
        transactionId: r.transaction_id,
        reason: r.reason,
        amount: r.amount,
        disposition: r.disposition,
        error: r.error,
        state: r.state,
        responseCode: r.response_code,
        responseMessage: r.response_message,
        cancelDateTime: r.cancel_date_time,
        detail: r.detail,
      })),
    inFlight: () => parseInFlightCount(s.inFlightCount.get()),
  } satisfies Synchronous<PayupReads>;
  return {
    ...reads,
    /** What the journal checks of a transaction it already holds (its enqueue steps). */
    stateRow: (tx: string) => parseCancelState(s.stateByTx.get(tx)),
    /** The claim an attempt's outcome event carries (journal.ts outcome), read before the outcome's UPDATE. */
    openClaim,
    batch: (id: string) => parseBatch(s.batch.get(id)),
  };
}
