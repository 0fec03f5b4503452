// The verification journal (migration 3). A verification is not an irreversible payment, but it is recorded
// exactly: the row is IN_FLIGHT in a committed transaction before the request leaves, the answer is applied in
// one transaction, and IN_FLIGHT rows found at start-up become UNKNOWN (the request may have reached KCP).
// Batches claim and apply rows in groups, one transaction per group, so journalling keeps pace with the network.
import { randomUUID } from 'node:crypto';
import type { KcpVerificationState } from '../../shared/domain/kcp-verification.ts';
import type { Db } from '../store/open-database.ts';
import {
  parseBatch,
  parseInterruptedCount,
  parseStateCounts,
  parseVerificationRow,
  parseVerificationRows,
  parseWarnings,
  type VerificationDbRow,
} from './verification-rows.ts';

export type VerificationRow = {
  id: number;
  batchId: string | null;
  sourceRow: number | null;
  profile: string;
  transport: 'ppcli' | 'socket';
  state: KcpVerificationState;
  bankCodeInput: string;
  bankCode: string | null;
  accountNo: string;
  ownerName: string;
  orderId: string | null;
  attempts: number;
  resCd: string | null;
  resMsg: string | null;
  tno: string | null;
  appTime: string | null;
  appTimeMs: number | null;
  errorCode: string | null;
  errorMessage: string | null;
  warnings: string[];
  createdAt: number;
};

export type NewVerification = {
  batchId?: string | null;
  sourceRow?: number | null;
  profile: string;
  transport: 'ppcli' | 'socket';
  state: 'QUEUED' | 'INVALID' | 'IN_FLIGHT';
  bankCodeInput: string;
  bankCode: string | null;
  accountNo: string;
  ownerName: string;
  orderId: string | null;
  errorCode?: string | null;
  errorMessage?: string | null;
  warnings: string[];
};

/** What a confirmed row will send (validate.ts's answer for it). */
export type ConfirmedRequest = { bankCode: string; accountNo: string; ownerName: string; orderId: string | null; warnings: string[] };

export type Answer =
  | { kind: 'answered'; state: 'VERIFIED' | 'NOT_VERIFIED' | 'FAILED'; resCd: string; resMsg: string; tno: string | null; appTime: string | null; appTimeMs: number | null; fields: Record<string, string> }
  | { kind: 'failed'; state: 'FAILED' | 'UNKNOWN'; errorCode: string; errorMessage: string };

type Raw = VerificationDbRow;

function toRow(r: Raw): VerificationRow {
  return {
    id: r.id,
    batchId: r.batch_id,
    sourceRow: r.source_row,
    profile: r.profile,
    transport: r.transport,
    state: r.state,
    bankCodeInput: r.bank_code_input,
    bankCode: r.bank_code,
    accountNo: r.account_no,
    ownerName: r.owner_name,
    orderId: r.order_id,
    attempts: r.attempts,
    resCd: r.res_cd,
    resMsg: r.res_msg,
    tno: r.tno,
    appTime: r.app_time,
    appTimeMs: r.app_time_ms,
    errorCode: r.error_code,
    errorMessage: r.error_message,
    warnings: parseWarnings(JSON.parse(r.warnings_json)),
    createdAt: r.created_at,
  };
}

/** Order id for a verification that has none: unique per data folder and row, ≤40 characters (A8). */
export function generatedOrderId(id: number, t: number): string {
  return `DDK${t.toString(36).toUpperCase()}${id.toString(36).toUpperCase().padStart(6, '0')}`;
}

export function createKcpJournal(db: Db, now: () => number = Date.now) {
  const s = {
    insert: db.prepare(
      `INSERT INTO kcp_verifications (batch_id, source_row, profile, transport, state, state_at, bank_code_input, bank_code, account_no, owner_name,
         order_id, attempts, error_code, error_message, warnings_json, created_at, sent_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    setOrderId: db.prepare('UPDATE kcp_verifications SET order_id = ? WHERE id = ?'),
    claimable: db.prepare(`SELECT * FROM kcp_verifications WHERE batch_id = ? AND state = 'QUEUED' ORDER BY id LIMIT ?`),
    claim: db.prepare(`UPDATE kcp_verifications SET state = 'IN_FLIGHT', state_at = ?, sent_at = ?, attempts = attempts + 1 WHERE id = ? AND state = 'QUEUED'`),
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
    interrupted: db
      .prepare(`SELECT (SELECT count(*) FROM kcp_verifications WHERE state = 'IN_FLIGHT') + (SELECT count(*) FROM kcp_batches WHERE state = 'RUNNING')`)
      .pluck(),
    get: db.prepare('SELECT * FROM kcp_verifications WHERE id = ?'),
    list: db.prepare('SELECT * FROM kcp_verifications ORDER BY id DESC LIMIT ?'),
    batchRows: db.prepare('SELECT * FROM kcp_verifications WHERE batch_id = ? ORDER BY source_row, id'),
    insertBatch: db.prepare(`INSERT INTO kcp_batches (id, source_file, profile, row_count, state, created_at) VALUES (?, ?, ?, ?, 'RUNNING', ?)`),
    batch: db.prepare('SELECT * FROM kcp_batches WHERE id = ?'),
    setBatchState: db.prepare('UPDATE kcp_batches SET state = ?, finished_at = ? WHERE id = ?'),
    counts: db.prepare('SELECT state, count(*) n FROM kcp_verifications WHERE batch_id = ? GROUP BY state'),
    unconfirmedBankRows: db.prepare(`SELECT * FROM kcp_verifications WHERE batch_id = ? AND state = 'INVALID' AND error_code = 'UNVERIFIED_BANK' ORDER BY id`),
    queueConfirmed: db.prepare(
      `UPDATE kcp_verifications SET state = 'QUEUED', state_at = ?, bank_code = ?, account_no = ?, owner_name = ?, order_id = ?, warnings_json = ?,
         error_code = NULL, error_message = NULL
       WHERE id = ? AND state = 'INVALID' AND error_code = 'UNVERIFIED_BANK'`,
    ),
  };

  function insertOne(v: NewVerification, t: number): number {
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
    const r = parseVerificationRow(s.get.get(id));
    if (r === undefined) throw new Error(`kcp_verifications: 확인 행 ${id}이(가) 없습니다.`);
    return toRow(r);
  }

  /** Marks up to `limit` QUEUED rows of the batch IN_FLIGHT (inside the caller's transaction). */
  function claimIn(batchId: string, limit: number, t: number): VerificationRow[] {
    const out: VerificationRow[] = [];
    for (const r of parseVerificationRows(s.claimable.all(batchId, limit))) {
      s.claim.run(t, t, r.id);
      out.push(toRow({ ...r, state: 'IN_FLIGHT', attempts: r.attempts + 1 }));
    }
    return out;
  }

  return {
    /** A single verification, IN_FLIGHT from its first committed moment. */
    startSingle: db.transaction((v: Omit<NewVerification, 'state'>): VerificationRow => {
      const id = insertOne({ ...v, state: 'IN_FLIGHT' }, now());
      return getExisting(id);
    }),
    createBatch: db.transaction((sourceFile: string, profile: string, rows: NewVerification[]): string => {
      const batchId = randomUUID();
      const t = now();
      s.insertBatch.run(batchId, sourceFile, profile, rows.length, t);
      for (const r of rows) insertOne({ ...r, batchId }, t);
      return batchId;
    }),
    /**
     * One step of a batch in ONE transaction (one commit instead of two): the answers, `alsoInTransaction` (their
     * exchange records), then up to `claim` more QUEUED rows IN_FLIGHT.
     */
    step: db.transaction((batchId: string, answers: { id: number; answer: Answer }[], alsoInTransaction: (() => void) | undefined, claim: number): VerificationRow[] => {
      const t = now();
      for (const a of answers) applyOne(a.id, a.answer, t);
      alsoInTransaction?.();
      return claim > 0 ? claimIn(batchId, claim, t) : [];
    }),
    /** A retry of the same row (9502/S102, reference A11): counted, still IN_FLIGHT. */
    bumpAttempt: (id: number) => void s.bumpAttempt.run(id),
    /** Applies answers (and runs `alsoInTransaction`, e.g. the exchange-log records) in one transaction. */
    applyGroup: db.transaction((answers: { id: number; answer: Answer }[], alsoInTransaction?: () => void): void => {
      const t = now();
      for (const a of answers) applyOne(a.id, a.answer, t);
      alsoInTransaction?.();
    }),
    /** Rows claimed but never sent (the batch stopped first) go back to the queue. */
    requeue: db.transaction((ids: number[]): void => {
      const t = now();
      for (const id of ids) s.requeue.run(t, id);
    }),
    /**
     * The operator confirmed the batch's rows whose bank KCP support is unconfirmed: each row `validate` accepts
     * again becomes QUEUED with what is sent (the bank code mapped, the name normalised, an order id). Returns how
     * many. Takes the write lock up front: a batch writer thread may be committing on its own connection.
     */
    queueUnconfirmedBanks: (batchId: string, validate: (row: VerificationRow) => ConfirmedRequest | null): number =>
      db
        .transaction((): number => {
          const t = now();
          let n = 0;
          for (const raw of parseVerificationRows(s.unconfirmedBankRows.all(batchId))) {
            const row = toRow(raw);
            const v = validate(row);
            if (v === null) continue;
            n += s.queueConfirmed.run(t, v.bankCode, v.accountNo, v.ownerName, v.orderId ?? generatedOrderId(row.id, t), JSON.stringify(v.warnings), row.id).changes;
          }
          return n;
        })
        .immediate(),
    finishBatch: (batchId: string, state: 'DONE' | 'STOPPED') => void s.setBatchState.run(state, now(), batchId),
    reopenBatch: (batchId: string) => void s.setBatchState.run('RUNNING', null, batchId),
    recoverInFlight: db.transaction((): number => {
      const n = s.inFlight.run(now()).changes;
      s.stopRunning.run();
      return n;
    }),
    /** What recoverInFlight would settle: rows a close that did not wait for its batch leaves behind (backend.ts). */
    interruptedWork: (): number => parseInterruptedCount(s.interrupted.get()),
    getExisting,
    get: (id: number): VerificationRow | null => {
      const r = parseVerificationRow(s.get.get(id));
      return r ? toRow(r) : null;
    },
    list: (limit: number): VerificationRow[] => parseVerificationRows(s.list.all(limit)).map(toRow),
    batchRows: (batchId: string): VerificationRow[] => parseVerificationRows(s.batchRows.all(batchId)).map(toRow),
    batch: (batchId: string) => parseBatch(s.batch.get(batchId)) ?? null,
    counts: (batchId: string): Record<KcpVerificationState, number> => {
      const c: Record<KcpVerificationState, number> = { QUEUED: 0, INVALID: 0, IN_FLIGHT: 0, VERIFIED: 0, NOT_VERIFIED: 0, FAILED: 0, UNKNOWN: 0 };
      for (const r of parseStateCounts(s.counts.all(batchId))) c[r.state] = r.n;
      return c;
    },
  };
}
export type KcpJournal = ReturnType<typeof createKcpJournal>;
