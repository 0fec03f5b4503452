// Sends journalled cancels (DESIGN §6 rules): rows are claimed IN_FLIGHT (committed) in small windows, sent
// with the profile's concurrency, and their answers applied in one transaction per group. A crash between a
// send and the flush of its answer leaves the row IN_FLIGHT → UNKNOWN at the next start: never resent blindly.
// Only a request that provably never left (not-sent) is retried automatically, with backoff.
import type { CallOutcome } from '../docsgw/outcome.ts';
import type { PayupCancelAnswer, PayupClient } from './client.ts';
import type { AnswerToApply, PayupCancelRow, PayupJournal } from './journal.ts';
import { payupCodeInfo } from './response-codes.ts';

export type EngineTally = { sent: number; cancelled: number; alreadyCancelled: number; rejected: number; unknown: number; notSent: number };
export type EngineStop = 'done' | 'aborted' | 'unreachable';
export type EngineProgress = EngineTally & { elapsedMs: number };

export type EngineOptions = {
  journal: PayupJournal;
  client: PayupClient;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onAnswer?: (row: PayupCancelRow, answer: AnswerToApply) => void;
  /** Runs inside each answer transaction (buffered exchange records, main/store/buffered-exchange-sink.ts). */
  beforeApply?: () => void;
  /** Automatic retries of a provably unsent request (default 3; backoff 250 ms × 2^n). */
  notSentRetries?: number;
};

/** Answers are flushed in groups of at most this many, and at least every FLUSH_MS. */
const FLUSH_SIZE = 256;
const FLUSH_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Maps one outcome to the journal's answer (reference B5; DESIGN §6). */
export function answerFor(row: PayupCancelRow, outcome: CallOutcome<PayupCancelAnswer>): AnswerToApply {
  switch (outcome.kind) {
    case 'not-sent':
      return { id: row.id, kind: 'not-sent', reason: `${outcome.code}: ${outcome.message}` };
    case 'ambiguous':
      return { id: row.id, kind: 'unknown', reason: `${outcome.code}: ${outcome.message}` };
    case 'rejected':
      return { id: row.id, kind: 'rejected', code: outcome.errorCode, message: outcome.message };
    case 'ok': {
      const { responseCode: code, responseMsg } = outcome.value;
      const info = payupCodeInfo(code, responseMsg);
      // PayUp's own words are kept; the advice is added when shown (describePayupCode).
      const message = responseMsg !== '' ? responseMsg : info.message;
      if (info.handling === 'cancelled') return { id: row.id, kind: 'cancelled', code, message: info.message, cancelDateTime: outcome.value.cancelDateTime };
      // reference B5: a 1005 after an earlier ambiguous attempt means our first request most likely cancelled it.
      if (info.handling === 'possibly-cancelled' && row.unknownCount > 0) return { id: row.id, kind: 'already-cancelled', code, message };
      return { id: row.id, kind: 'rejected', code, message };
    }
  }
}

export async function runCancels(claim: (limit: number) => PayupCancelRow[], o: EngineOptions): Promise<{ stopped: EngineStop; tally: EngineTally; elapsedMs: number }> {
  const t0 = performance.now();
  const tally: EngineTally = { sent: 0, cancelled: 0, alreadyCancelled: 0, rejected: 0, unknown: 0, notSent: 0 };
  const retries = o.notSentRetries ?? 3;
  // Rows are claimed a window at a time: one commit per window instead of one per row. A crash makes the
  // whole window UNKNOWN (claimed rows may or may not have been sent), so it stays small.
  const windowSize = Math.max(32, o.concurrency * 8);
  const buffer: PayupCancelRow[] = [];
  const pending: AnswerToApply[] = [];
  let exhausted = false;
  let stopped: EngineStop = 'done';

  const flush = (): void => {
    if (pending.length > 0) o.journal.applyAnswers(pending.splice(0), o.beforeApply);
    else o.beforeApply?.();
  };
  const timer = setInterval(flush, FLUSH_MS);
  const halted = (): boolean => stopped !== 'done' || (o.signal?.aborted ?? false);

  function next(): PayupCancelRow | undefined {
    if (halted()) return undefined;
    if (buffer.length === 0 && !exhausted) {
      flush(); // keep the number of answered-but-unflushed rows small before claiming more
      const rows = claim(windowSize);
      if (rows.length === 0) exhausted = true;
      else buffer.push(...rows);
    }
    return buffer.shift();
  }

  async function sendOne(row: PayupCancelRow): Promise<AnswerToApply> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await o.client.cancel(
        { transactionId: row.transactionId, cancelReason: row.reason },
        { cancelId: String(row.id), ...(row.batchId ? { batchId: row.batchId } : {}) },
      );
      if (outcome.kind === 'not-sent' && attempt < retries && !halted()) {
        await sleep(250 * 2 ** attempt);
        continue;
      }
      return answerFor(row, outcome);
    }
  }

  async function worker(): Promise<void> {
    for (let row = next(); row !== undefined; row = next()) {
      let answer: AnswerToApply;
      try {
        answer = await sendOne(row);
      } catch (err) {
        // Thrown before anything was sent (client validation or configuration): back to the queue, stop.
        answer = { id: row.id, kind: 'not-sent', reason: err instanceof Error ? err.message : String(err) };
        stopped = 'unreachable';
      }
      pending.push(answer);
      if (answer.kind === 'not-sent') {
        tally.notSent += 1;
        stopped = 'unreachable';
      } else {
        tally.sent += 1;
        if (answer.kind === 'cancelled') tally.cancelled += 1;
        else if (answer.kind === 'already-cancelled') tally.alreadyCancelled += 1;
        else if (answer.kind === 'rejected') tally.rejected += 1;
        else tally.unknown += 1;
      }
      o.onAnswer?.(row, answer);
      if (pending.length >= FLUSH_SIZE) flush();
      o.onProgress?.({ ...tally, elapsedMs: performance.now() - t0 });
    }
  }

  try {
    await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, () => worker()));
  } finally {
    clearInterval(timer);
    // Claimed but never started (stop or abort): provably not sent, back to QUEUED.
    for (const row of buffer.splice(0)) pending.push({ id: row.id, kind: 'not-sent', reason: 'not started (stopped)' });
    flush();
  }
  if (stopped === 'done' && o.signal?.aborted) stopped = 'aborted';
  return { stopped, tally, elapsedMs: performance.now() - t0 };
}
