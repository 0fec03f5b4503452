// The verification journal (migration 3). A verification is not an irreversible payment, but it is recorded
// exactly: the row is IN_FLIGHT in a committed transaction before the request leaves, the answer is applied in
// one transaction, and IN_FLIGHT rows found at start-up become UNKNOWN (the request may have reached KCP).
// Batches claim and apply rows in groups, one transaction per group, so journalling keeps pace with the network.
// These are the journal's writes, run by the docdesk writer's steps (journal-steps.ts); its reads are
// verification-reads.ts.
import type { KcpVerificationRow } from '../../shared/domain/kcp-verification.ts';
import type { Db } from '../store/open-database.ts';
import type { Answer, ConfirmedRequest, NewVerification, RowAnswer } from './journal-writer-protocol.ts';
import { createKcpVerificationReads, toVerificationRow } from './verification-reads.ts';
import { parseVerificationRows } from './verification-rows.ts';

export type VerificationRow = KcpVerificationRow;
export type { Answer, ConfirmedRequest, NewVerification };

/** Order id for a verification that has none: unique per data folder and row, ≤40 characters (A8). */
export function generatedOrderId(id: number, t: number): string {
  return `DDK${t.toString(36).toUpperCase()}${id.toString(36).toUpperCase().padStart(6, '0')}`;
}

export function createKcpJournal(db: Db, now: () => number = Date.now) {
  const reads = createKcpVerificationReads(db);
  const s = {
    insert: db.prepare(
      `INSERT INTO kcp_verifications (batch_id, source_row, profile, transport, state, state_at, bank_code_input, bank_code, account_no, owner_name,
         order_id, attempts, error_code, error_message, warnings_json, created_at, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setOrderId: db.prepare('UPDATE kcp_verifications SET order_id = ? WHERE id = ?'),
    // One statement for a whole claim group (a statement per row cost ~1 µs each of the writer's time): the ids are
    // chosen first (the IN list is built before any row changes), the rows come back as they are now.
    claim: db.prepare(
      `UPDATE kcp_verifications SET state = 'IN_FLIGHT', state_at = @t, sent_at = @t, attempts = attempts + 1
       WHERE id IN (SELECT id FROM kcp_verifications WHERE batch_id = @batchId AND state = 'QUEUED' ORDER BY id LIMIT @limit) RETURNING *`,
    ),
    bumpAttempt: db.prepare(`UPDATE kcp_verifications SET attempts = attempts + 1 WHERE id = ? AND state = 'IN_FLIGHT'`),
    answered: db.prepare(
      `UPDATE kcp_verifications SET state = ?, state_at = ?, answered_at = ?, res_cd = ?, res_msg = ?, tno = ?, app_time = ?, app_time_ms = ?, result_json = ?,
         error_code = NULL, error_message = NULL WHERE id = ? AND state = 'IN_FLIGHT'`,
    ),
    failed: db.prepare(`UPDATE kcp_verifications SET state = ?, state_at = ?, error_code = ?, error_message = ? WHERE id = ? AND state = 'IN_FLIGHT'`),
    requeue: db.prepare(`UPDATE kcp_verifications SET state = 'QUEUED', state_at = ? WHERE id = ? AND state = 'IN_FLIGHT'`),
    inFlight: db.prepare(`UPDATE kcp_verifications SET state = 'UNKNOWN', state_at = ?, error_code = 'CRASH_RECOVERY',
      error_message = '이전 실행이 확인 도중 비정상 종료되었습니다. KCP가 요청을 받았을 수 있습니다.' WHERE state = 'IN_FLIGHT'`),
    stopRunning: db.prepare(`UPDATE kcp_batches SET state = 'STOPPED' WHERE state = 'RUNNING'`),
    insertBatch: db.prepare(`INSERT INTO kcp_batches (id, source_file, profile, row_count, state, created_at) VALUES (?, ?, ?, ?, 'RUNNING', ?)`),
    setBatchState: db.prepare('UPDATE kcp_batches SET state = ?, finished_at = ? WHERE id = ?'),
    queueConfirmed: db.prepare(
      `UPDATE kcp_verifications SET state = 'QUEUED', state_at = ?, bank_code = ?, account_no = ?, owner_name = ?, order_id = ?, warnings_json = ?,
         error_code = NULL, error_message = NULL
       WHERE id = ? AND state = 'INVALID' AND error_code = 'UNVERIFIED_BANK'`,
    ),
  };

  function insertOne(v: NewVerification & { batchId?: string | null }, t: number): number {
    const id = Number(
      s.insert.run(
        v.batchId ?? null,
        v.sourceRow ?? null,
        v.profile,
        v.transport,
        v.state,
        t,
        v.bankCodeInput,
        v.bankCode,
        v.accountNo,
        v.ownerName,
        v.orderId,
        v.state === 'IN_FLIGHT' ? 1 : 0,
        v.errorCode ?? null,
        v.errorMessage ?? null,
        JSON.stringify(v.warnings),
        t,
        v.state === 'IN_FLIGHT' ? t : null,
      ).lastInsertRowid,
    );
    if (v.orderId === null && v.state !== 'INVALID') s.setOrderId.run(generatedOrderId(id, t), id);
    return id;
  }

  function applyOne(id: number, a: Answer, t: number): void {
    if (a.kind === 'answered') {
      s.answered.run(a.state, t, t, a.resCd, a.resMsg, a.tno, a.appTime, a.appTimeMs, JSON.stringify(a.fields), id);
    } else {
      s.failed.run(a.state, t, a.errorCode, a.errorMessage, id);
    }
  }

  /** A row this journal wrote and never deletes. */
  function getExisting(id: number): VerificationRow {
    const r = reads.verification(id);
    if (r === null) throw new Error(`kcp_verifications: 확인 행 ${id}이(가) 없습니다.`);
    return r;
  }

  /** Marks up to `limit` QUEUED rows of the batch IN_FLIGHT (inside the caller's transaction). */
  function claimIn(batchId: string, limit: number, t: number): VerificationRow[] {
    // RETURNING yields rows in no particular order; the batch sends them in row order.
    return parseVerificationRows(s.claim.all({ t, batchId, limit }))
      .sort((a, b) => a.id - b.id)
      .map(toVerificationRow);
  }

  return {
    /** A single verification, IN_FLIGHT from its first committed moment. */
    startSingle: db.transaction((v: Omit<NewVerification, 'state'>): VerificationRow => getExisting(insertOne({ ...v, state: 'IN_FLIGHT' }, now()))),
    createBatch: db.transaction((batchId: string, sourceFile: string, profile: string, rows: NewVerification[]): void => {
      const t = now();
      s.insertBatch.run(batchId, sourceFile, profile, rows.length, t);
      for (const r of rows) insertOne({ ...r, batchId }, t);
    }),
    /**
     * One step in ONE transaction (one commit instead of two): the answers, `alsoInTransaction` (their exchange
     * records), then up to `claim` more QUEUED rows of `batchId` IN_FLIGHT.
     */
    step: db.transaction((batchId: string | null, answers: RowAnswer[], alsoInTransaction: (() => void) | undefined, claim: number): VerificationRow[] => {
      const t = now();
      for (const a of answers) applyOne(a.id, a.answer, t);
      alsoInTransaction?.();
      return claim > 0 && batchId !== null ? claimIn(batchId, claim, t) : [];
    }),
    /** A retry of the same row (9502/S102, reference A11): counted, still IN_FLIGHT. */
    bumpAttempt: (id: number) => void s.bumpAttempt.run(id),
    /** Rows claimed but never sent (the batch stopped first) go back to the queue. */
    requeue: db.transaction((ids: number[]): void => {
      const t = now();
      for (const id of ids) s.requeue.run(t, id);
    }),
    /**
     * The operator confirmed the batch's rows whose bank KCP support is unconfirmed: each becomes QUEUED with what
     * is sent (validated on the caller's side: the bank code mapped, the name normalised, an order id). Returns how many.
     */
    queueConfirmed: db.transaction((rows: ConfirmedRequest[]): number => {
      const t = now();
      let n = 0;
      for (const v of rows) n += s.queueConfirmed.run(t, v.bankCode, v.accountNo, v.ownerName, v.orderId ?? generatedOrderId(v.id, t), JSON.stringify(v.warnings), v.id).changes;
      return n;
    }),
    setBatchState: (batchId: string, state: 'RUNNING' | 'DONE' | 'STOPPED') => void s.setBatchState.run(state, state === 'RUNNING' ? null : now(), batchId),
    recoverInFlight: db.transaction((): number => {
      const n = s.inFlight.run(now()).changes;
      s.stopRunning.run();
      return n;
    }),
  };
}
export type KcpJournal = ReturnType<typeof createKcpJournal>;
