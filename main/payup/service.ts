// PayUp cancel service: the one object every face (CLI, IPC, tests) uses. Journal first, then the network. It
// holds no database: it writes through PayupStore (named steps, each committed before it resolves) and reads
// through PayupReads (issue 16 step 9).
import type { PayupCancelRow, PayupCancelStateName as PayupCancelState, PayupStateCounts } from '../../shared/domain/payup.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { PayupReads } from '../reads/docdesk-reads.ts';
import type { Disposition } from './cancel-rows.ts';
import type { PayupClient } from './client.ts';
import { runCancels, type CancelCommit, type EngineProgress, type EngineStop, type EngineTally } from './engine.ts';
import { PayupError } from './errors.ts';
import type { ClaimedWindow, ClaimRequest } from './journal-writer-protocol.ts';
import type { PayupStore } from './payup-store.ts';
import { readCancelBatchFile, type CancelBatchRow } from './batch-file.ts';
import { exportBatchResult } from './result-export.ts';
import { describePayupCode } from './response-codes.ts';
import { validateCancelReason, validateTransactionId } from './validate.ts';

export type PayupServiceOptions = {
  store: PayupStore;
  reads: PayupReads;
  /** Built on first use; throws a configuration error (exit 4) when the profile or key is missing. */
  client: () => PayupClient;
  profileName: () => string;
  concurrency: () => number;
  actor: string;
  /** Shown before any send (reference B1: the test host may charge for real); null when none applies. */
  hostWarning: () => string | null;
  /** The client's buffered exchange records: each step writes those of the answers it applies. */
  takeExchanges: () => ExchangeRecord[];
};

export type CancelOneResult = {
  transactionId: string;
  /** What the journal did: SKIPPED = already handled, nothing sent. */
  disposition: 'NEW' | 'REQUEUED' | 'PENDING' | 'SKIPPED';
  sent: boolean;
  state: PayupCancelState;
  responseCode: string | null;
  responseMessage: string | null;
  cancelDateTime: string | null;
  detail: string | null;
  /** Korean, one line: what happened and what to do next. */
  summary: string;
};

export type BatchPreview = {
  file: string;
  sheet: string;
  headerRow: number;
  rows: number;
  valid: number;
  invalid: number;
  duplicatesInFile: number;
  /** Valid rows whose transaction the journal already holds, by its state (these are not sent again). */
  alreadyInJournal: Partial<Record<PayupCancelState, number>>;
  toSend: number;
  errors: { row: number; message: string }[];
};

export type BatchRunResult = {
  batchId: string;
  stopped: EngineStop;
  dispositions: Record<Disposition, number>;
  tally: EngineTally;
  counts: PayupStateCounts;
  elapsedMs: number;
  resultFile: string | null;
};

export function summarize(row: PayupCancelRow, skipped: boolean): string {
  const pre = skipped ? '이미 처리된 거래라 다시 보내지 않았습니다: ' : '';
  switch (row.state) {
    case 'CANCELLED':
      return `${pre}거래 ${row.transactionId} 취소 완료${row.cancelDateTime ? ` (취소일시 ${row.cancelDateTime})` : ''}.`;
    case 'ALREADY_CANCELLED':
      return `${pre}거래 ${row.transactionId}는 이미 취소된 것으로 보입니다 (앞선 요청의 결과를 알 수 없었고, PayUp이 [${row.responseCode ?? ''}] ${row.responseMessage ?? ''}로 답함).`;
    case 'REJECTED':
      return `${pre}거래 ${row.transactionId} 취소 거부: ${row.responseCode ? describePayupCode(row.responseCode, row.responseMessage ?? undefined) : (row.responseMessage ?? '')}`;
    case 'UNKNOWN':
      return `${pre}거래 ${row.transactionId}의 취소 결과를 알 수 없습니다(${row.detail ?? '응답 없음'}). PayUp 관리자 화면에서 취소되었는지 확인한 뒤 다시 요청할지 포기할지 결정하세요.`;
    case 'ABANDONED':
      return `${pre}거래 ${row.transactionId}는 운영자가 포기(ABANDONED)로 기록했습니다.`;
    case 'IN_FLIGHT':
      return `${pre}거래 ${row.transactionId}는 다른 작업이 지금 취소 요청 중입니다.`;
    case 'QUEUED':
      return `거래 ${row.transactionId}는 아직 보내지 못했습니다(${row.detail ?? '대기'}). 네트워크를 확인한 뒤 다시 시도하세요.`;
  }
}

function result(row: PayupCancelRow, disposition: CancelOneResult['disposition'], sent: boolean): CancelOneResult {
  return {
    transactionId: row.transactionId,
    disposition,
    sent,
    state: row.state,
    responseCode: row.responseCode,
    responseMessage: row.responseMessage,
    cancelDateTime: row.cancelDateTime,
    detail: row.detail,
    summary: summarize(row, disposition === 'SKIPPED'),
  };
}

export function createPayupCancelService(o: PayupServiceOptions) {
  const { store, reads } = o;

  /** The engine's journal: answers with their exchange records and the next claim, one step each call. */
  function commitWith(claimFor: (limit: number) => ClaimRequest | null, claimed: (window: ClaimedWindow) => void): CancelCommit {
    return async (answers, limit) => {
      const claim = limit > 0 ? claimFor(limit) : null;
      const records = o.takeExchanges();
      if (answers.length === 0 && records.length === 0 && claim === null) return [];
      const window = await store.step(answers, records, claim);
      if (window === null) return [];
      claimed(window);
      return window.rows;
    };
  }

  async function cancel(transactionId: string, reason: string, opts: { signal?: AbortSignal } = {}): Promise<CancelOneResult> {
    const tx = validateTransactionId(transactionId);
    const why = validateCancelReason(reason);
    // A cancel journalled by someone else after this read is caught by enqueueOne's step, which reads the row
    // again in its transaction and answers SKIPPED: never sent twice.
    const known = await reads.cancel(tx);
    if (known !== null && known.state !== 'REJECTED' && known.state !== 'QUEUED') return result(known, 'SKIPPED', false);
    const client = o.client(); // configuration problems surface before anything is journalled
    const { disposition, row } = await store.enqueueOne({ transactionId: tx, reason: why, profile: o.profileName() });
    if (disposition === 'SKIPPED') return result(row, 'SKIPPED', false);
    let claimedOnce = false;
    const commit = commitWith(
      () => (claimedOnce ? null : { cancelId: row.id }),
      () => void (claimedOnce = true),
    );
    await runCancels(commit, { client, concurrency: 1, ...(opts.signal ? { signal: opts.signal } : {}) });
    return result(await rowById(row.id), disposition, true);
  }

  /** A row this service journalled (the journal never deletes one). */
  async function rowById(id: number): Promise<PayupCancelRow> {
    const r = await reads.cancelById(id);
    if (r === null) throw new Error(`payup_cancels: 취소 행 ${id}이(가) 없습니다.`);
    return r;
  }

  /** A batch's steps: each claim starts after the file row the last one reached, so no row is rescanned. */
  function batchCommit(batchId: string): CancelCommit {
    let afterRow = 0;
    return commitWith(
      (limit) => ({ batchId, limit, afterRow }),
      (window) => void (afterRow = window.lastRow),
    );
  }

  async function preview(file: string, options: { sheet?: string } = {}): Promise<BatchPreview & { rowsRead: CancelBatchRow[] }> {
    const read = await readCancelBatchFile(file, options);
    const seen = new Set<string>();
    let invalid = 0;
    let dup = 0;
    const errors: { row: number; message: string }[] = [];
    for (const r of read.rows) {
      if (r.error !== null) {
        invalid += 1;
        errors.push({ row: r.sourceRow, message: r.error });
      } else if (seen.has(r.transactionId)) dup += 1;
      else seen.add(r.transactionId);
    }
    const states = await reads.cancelStates([...seen]);
    let toSend = 0;
    const already: Partial<Record<PayupCancelState, number>> = {};
    for (const tx of seen) {
      const known = states.get(tx);
      if (known === undefined || known === 'QUEUED') toSend += 1;
      if (known !== undefined) already[known] = (already[known] ?? 0) + 1;
    }
    return {
      file,
      sheet: read.sheet,
      headerRow: read.headerRow,
      rows: read.rows.length,
      valid: read.rows.length - invalid,
      invalid,
      duplicatesInFile: dup,
      alreadyInJournal: already,
      toSend,
      errors,
      rowsRead: read.rows,
    };
  }

  /** Journals the file's rows as a batch (one transaction), then sends what is QUEUED for it. */
  async function runBatch(
    file: string,
    opts: { sheet?: string; signal?: AbortSignal; onProgress?: (p: EngineProgress) => void; resultFile?: string } = {},
  ): Promise<BatchRunResult> {
    const p = await preview(file, opts.sheet !== undefined ? { sheet: opts.sheet } : {});
    if (p.valid === 0) throw new PayupError('PAYUP_BATCH_EMPTY', `'${file}'에 보낼 수 있는 행이 없습니다 (오류 ${p.invalid}건). 파일을 고친 뒤 다시 시도하세요.`, 2, { errors: p.errors.slice(0, 100) });
    const client = p.toSend > 0 ? o.client() : null;
    const rows = p.rowsRead.map(({ sourceRow, transactionId, reason, amount, error }) => ({ sourceRow, transactionId, reason, amount, error }));
    const { batchId, dispositions } = await store.createBatch({ sourceFile: file, profile: o.profileName(), rows });
    let stopped: EngineStop = 'done';
    let tally: EngineTally = { sent: 0, cancelled: 0, alreadyCancelled: 0, rejected: 0, unknown: 0, notSent: 0 };
    let elapsedMs = 0;
    if (client !== null) {
      const r = await runCancels(batchCommit(batchId), {
        client,
        concurrency: o.concurrency(),
        ...(opts.signal ? { signal: opts.signal } : {}),
        ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      });
      stopped = r.stopped;
      tally = r.tally;
      elapsedMs = r.elapsedMs;
    }
    const resultFile = opts.resultFile ?? null;
    if (resultFile !== null) exportBatchResult(await reads.batchRows(batchId), resultFile);
    return { batchId, stopped, dispositions, tally, counts: await reads.counts(batchId), elapsedMs, resultFile };
  }

  /** The step refuses (same codes) if the row changed since this check; the check answers first without a step. */
  async function resolve(transactionId: string, decision: 'retry' | 'abandon'): Promise<PayupCancelRow> {
    const tx = validateTransactionId(transactionId);
    const before = await reads.cancel(tx);
    if (before === null) throw new PayupError('PAYUP_NOT_IN_JOURNAL', `거래 ${tx}는 취소 기록에 없습니다. 거래번호를 확인하세요.`, 2);
    if (before.state !== 'UNKNOWN') {
      throw new PayupError('PAYUP_NOT_UNKNOWN', `거래 ${tx}는 결과를 알 수 없는(UNKNOWN) 상태가 아니라 ${before.state} 상태입니다. 결정할 것이 없습니다.`, 2);
    }
    return store.resolve({ transactionId: tx, decision, actor: o.actor });
  }

  return {
    cancel,
    preview: async (file: string, options: { sheet?: string } = {}): Promise<BatchPreview> => {
      const { rowsRead: _rows, ...rest } = await preview(file, options);
      return rest;
    },
    runBatch,
    resolve,
    exportBatch: async (batchId: string, filePath: string) => exportBatchResult(await reads.batchRows(batchId), filePath),
    get: (transactionId: string) => reads.cancel(transactionId),
    timeline: async (transactionId: string) => {
      const r = await reads.cancel(transactionId);
      return r ? reads.events(r.id) : [];
    },
    list: reads.list,
    counts: reads.counts,
    /** What the next start's recovery would settle: cancels a close that did not wait for them left IN_FLIGHT. */
    interruptedWork: reads.inFlight,
    hostWarning: o.hostWarning,
  };
}
export type PayupCancelService = ReturnType<typeof createPayupCancelService>;
