// The PayUp cancel journal (DESIGN §6 pattern, applied to cancels): a row is IN_FLIGHT in a committed
// transaction before its request leaves, answers are applied in one transaction, an ambiguous outcome is
// UNKNOWN until an operator decides, and IN_FLIGHT rows found at start-up become UNKNOWN (crash recovery).
// UNIQUE(transaction_id) makes a second cancel row for one transaction impossible.
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/open-database.ts';
import {
  parseBatch,
  parseBatchRows,
  parseCancelEvents,
  parseCancelIds,
  parseCancelRow,
  parseCancelRows,
  parseCancelState,
  parseClaimWindow,
  parseInFlightCount,
  parseStateCounts,
  type CancelDbRow,
  type Disposition,
} from './cancel-rows.ts';
import { PAYUP_CANCEL_STATES, type PayupCancelStateName } from '../../shared/domain/payup.ts';

export { PAYUP_CANCEL_STATES };
export type PayupCancelState = PayupCancelStateName;
export type PayupStateCounts = Record<PayupCancelState, number>;

export type PayupCancelRow = {
  id: number;
  transactionId: string;
  reason: string;
  amount: string | null;
  batchId: string | null;
  sourceRow: number | null;
  profile: string;
  state: PayupCancelState;
  stateAt: number;
  attempts: number;
  unknownCount: number;
  responseCode: string | null;
  responseMessage: string | null;
  cancelDateTime: string | null;
  detail: string | null;
  createdAt: number;
};

export type { Disposition };

/** Rows claimed from a batch, and the file row the next claim starts after. */
export type ClaimedWindow = { rows: PayupCancelRow[]; lastRow: number };

/** What the journal did with a request to cancel one transaction. */
export type EnqueueResult = { disposition: 'NEW' | 'REQUEUED' | 'PENDING' | 'SKIPPED'; row: PayupCancelRow };

export type AnswerToApply =
  | { id: number; kind: 'cancelled'; code: string; message: string; cancelDateTime: string | null }
  | { id: number; kind: 'already-cancelled'; code: string; message: string }
  | { id: number; kind: 'rejected'; code: string; message: string }
  | { id: number; kind: 'unknown'; reason: string }
  | { id: number; kind: 'not-sent'; reason: string };

type RawRow = CancelDbRow;

function toRow(r: RawRow): PayupCancelRow {
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

export function createPayupJournal(db: Db, now: () => number = Date.now) {
  const s = {
    byTx: db.prepare('SELECT * FROM payup_cancels WHERE transaction_id = ?'),
    // What a batch import needs per row (not the whole row): 10,000 rows are checked on every run.
    stateByTx: db.prepare('SELECT id, state, response_code FROM payup_cancels WHERE transaction_id = ?'),
    byId: db.prepare('SELECT * FROM payup_cancels WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO payup_cancels (transaction_id, reason, amount, batch_id, source_row, profile, state, state_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?)`,
    ),
    requeueRejected: db.prepare(
      `UPDATE payup_cancels SET state = 'QUEUED', state_at = ?, reason = ?, amount = ?, batch_id = COALESCE(?, batch_id), profile = ?
       WHERE id = ? AND state = 'REJECTED'`,
    ),
    event: db.prepare('INSERT INTO payup_cancel_events (cancel_id, at, kind, data_json) VALUES (?, ?, ?, ?)'),
    claim: db.prepare(`UPDATE payup_cancels SET state = 'IN_FLIGHT', state_at = ?, attempts = attempts + 1, sent_at = ? WHERE id = ? AND state = 'QUEUED'`),
    pickBatch: db.prepare(
      `SELECT c.*, r.source_row AS batch_row FROM payup_cancels c JOIN payup_batch_rows r ON r.transaction_id = c.transaction_id
       WHERE r.batch_id = ? AND r.source_row > ? AND r.disposition IN ('NEW','REQUEUED','PENDING') AND c.state = 'QUEUED'
       ORDER BY r.source_row LIMIT ?`,
    ),
    finish: db.prepare(
      `UPDATE payup_cancels SET state = ?, state_at = ?, response_code = ?, response_message = ?, cancel_date_time = ?, detail = ?, answered_at = ?
       WHERE id = ? AND state = 'IN_FLIGHT'`,
    ),
    unknown: db.prepare(
      `UPDATE payup_cancels SET state = 'UNKNOWN', state_at = ?, unknown_count = unknown_count + 1, detail = ? WHERE id = ? AND state = 'IN_FLIGHT'`,
    ),
    notSent: db.prepare(`UPDATE payup_cancels SET state = 'QUEUED', state_at = ?, detail = ? WHERE id = ? AND state = 'IN_FLIGHT'`),
    inFlight: db.prepare(`SELECT id FROM payup_cancels WHERE state = 'IN_FLIGHT'`),
    inFlightCount: db.prepare(`SELECT count(*) FROM payup_cancels WHERE state = 'IN_FLIGHT'`).pluck(),
    resolve: db.prepare(`UPDATE payup_cancels SET state = ?, state_at = ? WHERE id = ? AND state = 'UNKNOWN'`),
    counts: db.prepare('SELECT state, count(*) n FROM payup_cancels GROUP BY state'),
    batchCounts: db.prepare(
      `SELECT c.state, count(*) n FROM payup_cancels c JOIN payup_batch_rows r ON r.transaction_id = c.transaction_id
       WHERE r.batch_id = ? AND r.disposition IN ('NEW','REQUEUED','PENDING') GROUP BY c.state`,
    ),
    insertBatch: db.prepare('INSERT INTO payup_batches (id, source_file, profile, row_count, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertBatchRow: db.prepare(
      'INSERT INTO payup_batch_rows (batch_id, source_row, transaction_id, reason, amount, disposition, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
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
  };

  const event = (id: number, kind: string, data: Record<string, unknown>, at: number): void => {
    s.event.run(id, at, kind, JSON.stringify(data));
  };
  const get = (tx: string): PayupCancelRow | null => {
    const r = parseCancelRow(s.byTx.get(tx));
    return r ? toRow(r) : null;
  };
  const getById = (id: number): PayupCancelRow => {
    const r = parseCancelRow(s.byId.get(id));
    if (r === undefined) throw new Error(`payup_cancels: 취소 행 ${id}이(가) 없습니다.`);
    return toRow(r);
  };

  /**
   * Journals the wish to cancel `tx`. A transaction the journal already knows is never given a second row:
   * CANCELLED / ALREADY_CANCELLED / ABANDONED / UNKNOWN / IN_FLIGHT are skipped, a QUEUED one is pending, and
   * only a definite refusal (REJECTED) may be asked again, when `requeueRejected`.
   */
  function enqueueIn(
    tx: string,
    reason: string,
    amount: string | null,
    batchId: string | null,
    sourceRow: number | null,
    profile: string,
    t: number,
    requeueRejected: boolean,
  ): { disposition: EnqueueResult['disposition']; id: number } {
    const existing = parseCancelState(s.stateByTx.get(tx));
    if (existing === undefined) {
      const id = Number(s.insert.run(tx, reason, amount, batchId, sourceRow, profile, t, t).lastInsertRowid);
      event(id, 'queued', { batchId, sourceRow }, t);
      return { disposition: 'NEW', id };
    }
    if (existing.state === 'REJECTED' && requeueRejected) {
      s.requeueRejected.run(t, reason, amount, batchId, profile, existing.id);
      event(existing.id, 'requeued', { batchId, previousCode: existing.response_code }, t);
      return { disposition: 'REQUEUED', id: existing.id };
    }
    return { disposition: existing.state === 'QUEUED' ? 'PENDING' : 'SKIPPED', id: existing.id };
  }

  /** A single cancel asked by the operator: a REJECTED transaction is asked again (e.g. after 1002). */
  const enqueue = db.transaction((tx: string, reason: string, amount: string | null, profile: string): EnqueueResult => {
    const { disposition, id } = enqueueIn(tx, reason, amount, null, null, profile, now(), true);
    return { disposition, row: getById(id) };
  });

  type BatchInput = { sourceRow: number; transactionId: string; reason: string; amount: string | null; error: string | null };
  /** Creates a batch and journals all its rows in ONE transaction (a crash leaves all or nothing). */
  const createBatch = db.transaction((sourceFile: string, profile: string, rows: BatchInput[]) => {
    const id = randomUUID();
    const t = now();
    s.insertBatch.run(id, sourceFile, profile, rows.length, t);
    const seen = new Set<string>();
    const dispositions: Record<Disposition, number> = { NEW: 0, REQUEUED: 0, PENDING: 0, SKIPPED: 0, DUPLICATE: 0, INVALID: 0 };
    for (const r of rows) {
      let d: Disposition;
      if (r.error !== null) d = 'INVALID';
      else if (seen.has(r.transactionId)) d = 'DUPLICATE';
      else {
        seen.add(r.transactionId);
        // A batch re-run resumes what is QUEUED; it never re-asks refusals (use a single cancel for that).
        d = enqueueIn(r.transactionId, r.reason, r.amount, id, r.sourceRow, profile, t, false).disposition;
      }
      dispositions[d] += 1;
      s.insertBatchRow.run(id, r.sourceRow, r.transactionId, r.reason, r.amount, d, r.error);
    }
    return { batchId: id, dispositions };
  });

  /**
   * QUEUED → IN_FLIGHT for up to `limit` rows of a batch after file row `afterRow`, committed before any request
   * leaves. The caller moves `afterRow` forward, so a 10,000-row batch never rescans the rows it already did.
   */
  function claimBatchIn(batchId: string, limit: number, afterRow: number, t: number): ClaimedWindow {
    const raw = parseClaimWindow(s.pickBatch.all(batchId, afterRow, limit));
    const lastRow = raw.reduce((m, r) => Math.max(m, r.batch_row), afterRow);
    const rows = raw.map(toRow);
    for (const r of rows) {
      s.claim.run(t, t, r.id);
      event(r.id, 'sending', { attempt: r.attempts + 1 }, t);
    }
    return { rows: rows.map((r) => ({ ...r, state: 'IN_FLIGHT' as const, attempts: r.attempts + 1 })), lastRow };
  }

  const claimOne = db.transaction((id: number): PayupCancelRow | null => {
    const t = now();
    const row = getById(id);
    if (row.state !== 'QUEUED') return null;
    s.claim.run(t, t, id);
    event(id, 'sending', { attempt: row.attempts + 1 }, t);
    return { ...row, state: 'IN_FLIGHT', attempts: row.attempts + 1 };
  });

  function applyAnswersIn(answers: AnswerToApply[], t: number): void {
    for (const a of answers) {
      switch (a.kind) {
        case 'cancelled':
          s.finish.run('CANCELLED', t, a.code, a.message, a.cancelDateTime, null, t, a.id);
          event(a.id, 'cancelled', { code: a.code, cancelDateTime: a.cancelDateTime }, t);
          break;
        case 'already-cancelled':
          s.finish.run('ALREADY_CANCELLED', t, a.code, a.message, null, null, t, a.id);
          event(a.id, 'already-cancelled', { code: a.code, message: a.message }, t);
          break;
        case 'rejected':
          s.finish.run('REJECTED', t, a.code, a.message, null, null, t, a.id);
          event(a.id, 'rejected', { code: a.code, message: a.message }, t);
          break;
        case 'unknown':
          s.unknown.run(t, a.reason, a.id);
          event(a.id, 'unknown', { reason: a.reason }, t);
          break;
        case 'not-sent':
          s.notSent.run(t, a.reason, a.id);
          event(a.id, 'not-sent', { reason: a.reason }, t);
          break;
      }
    }
  }

  /** Applies answers in one transaction; `before` runs first inside it (the exchange records of these calls). */
  const applyAnswers = db.transaction((answers: AnswerToApply[], before?: () => void) => {
    before?.();
    applyAnswersIn(answers, now());
  });

  /**
   * One step of a batch, ONE transaction (one commit instead of two): `before` (the exchange records of the
   * answered calls), the answers, then — when `claim` is given — the next window of rows IN_FLIGHT.
   */
  const step = db.transaction((answers: AnswerToApply[], before: (() => void) | undefined, claim: { batchId: string; limit: number; afterRow: number } | null): ClaimedWindow | null => {
    before?.();
    const t = now();
    applyAnswersIn(answers, t);
    return claim === null || claim.limit <= 0 ? null : claimBatchIn(claim.batchId, claim.limit, claim.afterRow, t);
  });

  /** After a crash: IN_FLIGHT rows may or may not have reached PayUp → UNKNOWN (DESIGN §6). */
  const recoverInFlight = db.transaction((): number => {
    const t = now();
    const ids = parseCancelIds(s.inFlight.all()).map((r) => r.id);
    for (const id of ids) {
      s.unknown.run(t, 'crash-recovery', id);
      event(id, 'unknown', { reason: 'crash-recovery' }, t);
    }
    return ids.length;
  });

  /** What recoverInFlight would settle: rows a close that did not wait for its cancels leaves behind (backend.ts). */
  const interruptedWork = (): number => parseInFlightCount(s.inFlightCount.get());

  /** The operator's decision on an UNKNOWN row: retry (→ QUEUED) or abandon (→ ABANDONED). */
  const resolve = db.transaction((tx: string, decision: 'retry' | 'abandon', actor: string): PayupCancelRow | null => {
    const row = get(tx);
    if (row === null || row.state !== 'UNKNOWN') return row;
    const t = now();
    s.resolve.run(decision === 'retry' ? 'QUEUED' : 'ABANDONED', t, row.id);
    event(row.id, 'resolved', { decision, actor }, t);
    return getById(row.id);
  });

  function counts(batchId?: string): PayupStateCounts {
    const c = emptyCounts();
    const rows = parseStateCounts(batchId === undefined ? s.counts.all() : s.batchCounts.all(batchId));
    for (const r of rows) c[r.state] = r.n;
    return c;
  }

  return {
    get,
    /** The journal state of `tx`, or null when it was never journalled (batch preview: one cheap lookup a row). */
    stateOf: (tx: string): PayupCancelState | null => parseCancelState(s.stateByTx.get(tx))?.state ?? null,
    getById,
    enqueue,
    createBatch,
    claimOne,
    applyAnswers,
    step,
    recoverInFlight,
    interruptedWork,
    resolve,
    counts,
    batch: (id: string) => parseBatch(s.batch.get(id)),
    batchRows: (batchId: string) => parseBatchRows(s.batchRows.all(batchId)),
    list: (filter: { state?: PayupCancelState; batchId?: string; limit?: number } = {}): PayupCancelRow[] =>
      parseCancelRows(s.list.all(filter.state ?? null, filter.state ?? null, filter.batchId ?? null, filter.batchId ?? null, filter.limit ?? 1000)).map(toRow),
    events: (id: number) =>
      parseCancelEvents(s.events.all(id)).map((e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data_json) as unknown })),
  };
}
export type PayupJournal = ReturnType<typeof createPayupJournal>;
