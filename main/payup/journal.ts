// The PayUp cancel journal (DESIGN §6 pattern, applied to cancels): a row is IN_FLIGHT in a committed
// transaction before its request leaves, answers are applied in one transaction, an ambiguous outcome is
// UNKNOWN until an operator decides, and IN_FLIGHT rows found at start-up become UNKNOWN (crash recovery).
// UNIQUE(transaction_id) makes a second cancel row for one transaction impossible. A claim writes no event: the
// attempt's outcome event carries it (`sending`), as a bulk send's attempt row is its claim (cancel-reads.ts).
import type { Db } from '../store/open-database.ts';
import { parseCancelIds, parseClaimWindow, type Disposition } from './cancel-rows.ts';
import { createPayupCancelReads, emptyCounts } from './cancel-reads.ts';
import { PAYUP_CANCEL_STATES, type PayupCancelRow, type PayupCancelStateName, type PayupStateCounts } from '../../shared/domain/payup.ts';
import type { AnswerToApply, BatchInputRow, ClaimedCancel, ClaimRequest, ClaimedWindow } from './journal-writer-protocol.ts';
import { PayupError } from './errors.ts';

export { PAYUP_CANCEL_STATES, emptyCounts };
export type PayupCancelState = PayupCancelStateName;
export type { AnswerToApply, ClaimedCancel, ClaimedWindow, Disposition, PayupCancelRow, PayupStateCounts };

/** What the journal did with a request to cancel one transaction. */
export type EnqueueResult = { disposition: 'NEW' | 'REQUEUED' | 'PENDING' | 'SKIPPED'; row: PayupCancelRow };

/** The journal's writes, on the docdesk writer's connection (journal-steps.ts); its reads are cancel-reads.ts. */
export function createPayupJournal(db: Db, now: () => number = Date.now) {
  const reads = createPayupCancelReads(db);
  const s = {
    // Nothing is written when the journal already holds the transaction (UNIQUE(transaction_id)): a new row costs
    // no lookup before it, and only a known transaction is read (enqueueIn).
    insertIfNew: db.prepare(
      `INSERT INTO payup_cancels (transaction_id, reason, amount, batch_id, source_row, profile, state, state_at, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'QUEUED', ?, ?) ON CONFLICT (transaction_id) DO NOTHING`,
    ),
    requeueRejected: db.prepare(
      `UPDATE payup_cancels SET state = 'QUEUED', state_at = ?, reason = ?, amount = ?, batch_id = COALESCE(?, batch_id), profile = ?
       WHERE id = ? AND state = 'REJECTED'`,
    ),
    event: db.prepare('INSERT INTO payup_cancel_events (cancel_id, at, kind, data_json) VALUES (?, ?, ?, ?)'),
    claim: db.prepare(`UPDATE payup_cancels SET state = 'IN_FLIGHT', state_at = ?, attempts = attempts + 1, sent_at = ? WHERE id = ? AND state = 'QUEUED'`),
    // Only what the claim needs (parseClaimWindow): the window's rows are read for every cancel of a batch.
    pickBatch: db.prepare(
      `SELECT c.id, c.transaction_id, c.reason, c.batch_id, c.unknown_count, r.source_row AS batch_row FROM payup_cancels c JOIN payup_batch_rows r ON r.transaction_id = c.transaction_id
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
    resolve: db.prepare(`UPDATE payup_cancels SET state = ?, state_at = ? WHERE id = ? AND state = 'UNKNOWN'`),
    insertBatch: db.prepare('INSERT INTO payup_batches (id, source_file, profile, row_count, created_at) VALUES (?, ?, ?, ?, ?)'),
    insertBatchRow: db.prepare(
      'INSERT INTO payup_batch_rows (batch_id, source_row, transaction_id, reason, amount, disposition, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
  };

  const event = (id: number, kind: string, data: Record<string, unknown>, at: number): void => {
    s.event.run(id, at, kind, JSON.stringify(data));
  };
  /**
   * Ends the attempt of row `id` (its UPDATE, `end`) with its outcome event, which carries the claim it ends as
   * `sending` (last member, so the outcome's own data reads as before): the claim writes no event of its own (issue
   * 16), the timeline derives its `sending` step from this (cancel-timeline.ts). A row not IN_FLIGHT: no claim to carry.
   * The claim is read by rowid before the UPDATE: an UPDATE … RETURNING cost ~10 µs more per answer (SQLite gives up
   * its one-pass update for it).
   */
  const outcome = (id: number, kind: string, data: Record<string, unknown>, at: number, end: () => void): void => {
    const claim = reads.openClaim(id);
    end();
    event(id, kind, claim === null ? data : { ...data, sending: claim }, at);
  };
  const getById = (id: number): PayupCancelRow => {
    const r = reads.cancelById(id);
    if (r === null) throw new Error(`payup_cancels: 취소 행 ${id}이(가) 없습니다.`);
    return r;
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
    const inserted = s.insertIfNew.run(tx, reason, amount, batchId, sourceRow, profile, t, t);
    if (inserted.changes === 1) {
      const id = Number(inserted.lastInsertRowid);
      event(id, 'queued', { batchId, sourceRow }, t);
      return { disposition: 'NEW', id };
    }
    const existing = reads.stateRow(tx);
    // The insert met this transaction's row in this same transaction: it cannot be missing.
    if (existing === undefined) throw new Error(`payup_cancels: 거래 ${tx}의 취소 행이 없습니다.`);
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

  /** Creates batch `id` and journals all its rows in ONE transaction (a crash leaves all or nothing). */
  const createBatch = db.transaction((id: string, sourceFile: string, profile: string, rows: BatchInputRow[]) => {
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
    return dispositions;
  });

  /**
   * QUEUED → IN_FLIGHT for up to `limit` rows of a batch after file row `afterRow`, committed before any request
   * leaves. The caller moves `afterRow` forward, so a 10,000-row batch never rescans the rows it already did.
   */
  function claimBatchIn(batchId: string, limit: number, afterRow: number, t: number): ClaimedWindow {
    const picked = parseClaimWindow(s.pickBatch.all(batchId, afterRow, limit));
    let lastRow = afterRow;
    const rows: ClaimedCancel[] = [];
    for (const r of picked) {
      // Its `sending` step is recorded by the attempt's outcome event (outcome), or read from the row while in flight.
      s.claim.run(t, t, r.id);
      if (r.batch_row > lastRow) lastRow = r.batch_row;
      rows.push({ id: r.id, transactionId: r.transaction_id, reason: r.reason, batchId: r.batch_id, unknownCount: r.unknown_count, state: 'IN_FLIGHT' });
    }
    return { rows, lastRow };
  }

  /** A single cancel's row QUEUED → IN_FLIGHT (an empty window when another run took it first). */
  function claimOneIn(id: number, t: number): ClaimedWindow {
    const row = getById(id);
    if (row.state !== 'QUEUED') return { rows: [], lastRow: 0 };
    s.claim.run(t, t, id);
    return { rows: [{ id, transactionId: row.transactionId, reason: row.reason, batchId: row.batchId, unknownCount: row.unknownCount, state: 'IN_FLIGHT' }], lastRow: 0 };
  }

  function applyAnswersIn(answers: AnswerToApply[], t: number): void {
    for (const a of answers) {
      switch (a.kind) {
        case 'cancelled':
          outcome(a.id, 'cancelled', { code: a.code, cancelDateTime: a.cancelDateTime }, t, () => s.finish.run('CANCELLED', t, a.code, a.message, a.cancelDateTime, null, t, a.id));
          break;
        case 'already-cancelled':
          outcome(a.id, 'already-cancelled', { code: a.code, message: a.message }, t, () => s.finish.run('ALREADY_CANCELLED', t, a.code, a.message, null, null, t, a.id));
          break;
        case 'rejected':
          outcome(a.id, 'rejected', { code: a.code, message: a.message }, t, () => s.finish.run('REJECTED', t, a.code, a.message, null, null, t, a.id));
          break;
        case 'unknown':
          outcome(a.id, 'unknown', { reason: a.reason }, t, () => s.unknown.run(t, a.reason, a.id));
          break;
        case 'not-sent':
          outcome(a.id, 'not-sent', { reason: a.reason }, t, () => s.notSent.run(t, a.reason, a.id));
          break;
      }
    }
  }

  /**
   * One step of a batch, ONE transaction (one commit instead of two): `before` (the exchange records of the
   * answered calls), the answers, then — when `claim` is given — the next window of rows IN_FLIGHT.
   */
  const step = db.transaction((answers: AnswerToApply[], before: (() => void) | undefined, claim: ClaimRequest | null): ClaimedWindow | null => {
    before?.();
    const t = now();
    applyAnswersIn(answers, t);
    if (claim === null) return null;
    if ('cancelId' in claim) return claimOneIn(claim.cancelId, t);
    return claim.limit <= 0 ? null : claimBatchIn(claim.batchId, claim.limit, claim.afterRow, t);
  });

  /** After a crash: IN_FLIGHT rows may or may not have reached PayUp → UNKNOWN (DESIGN §6). */
  const recoverInFlight = db.transaction((): number => {
    const t = now();
    const ids = parseCancelIds(s.inFlight.all()).map((r) => r.id);
    for (const id of ids) outcome(id, 'unknown', { reason: 'crash-recovery' }, t, () => s.unknown.run(t, 'crash-recovery', id));
    return ids.length;
  });

  /**
   * The operator's decision on an UNKNOWN row: retry (→ QUEUED) or abandon (→ ABANDONED). Refused (PayupError,
   * nothing written) when the journal does not hold `tx` or it is not UNKNOWN.
   */
  const resolve = db.transaction((tx: string, decision: 'retry' | 'abandon', actor: string): PayupCancelRow => {
    const row = reads.cancel(tx);
    if (row === null) throw new PayupError('PAYUP_NOT_IN_JOURNAL', `거래 ${tx}는 취소 기록에 없습니다. 거래번호를 확인하세요.`, 2);
    if (row.state !== 'UNKNOWN') {
      throw new PayupError('PAYUP_NOT_UNKNOWN', `거래 ${tx}는 결과를 알 수 없는(UNKNOWN) 상태가 아니라 ${row.state} 상태입니다. 결정할 것이 없습니다.`, 2);
    }
    const t = now();
    s.resolve.run(decision === 'retry' ? 'QUEUED' : 'ABANDONED', t, row.id);
    event(row.id, 'resolved', { decision, actor }, t);
    return getById(row.id);
  });

  return { enqueue, createBatch, step, recoverInFlight, resolve };
}
export type PayupJournal = ReturnType<typeof createPayupJournal>;
