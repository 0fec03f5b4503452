// Sends journalled cancels (DESIGN §6 rules) on the one batch runner (main/batch/batch-runner.ts): rows are
// claimed IN_FLIGHT (committed) in small windows, sent with the profile's concurrency, and their answers applied
// in one transaction per group — the same transaction that claims the next window. A crash between a send and the commit of its answer leaves the row
// IN_FLIGHT → UNKNOWN at the next start: never resent blindly.
// Only a request that provably never left (not-sent) is retried automatically, with backoff.
import { runClaimedBatch } from '../batch/batch-runner.ts';
import type { CallOutcome } from '../docsgw/outcome.ts';
import type { PayupCancelAnswer, PayupClient } from './client.ts';
import type { AnswerToApply, ClaimedCancel } from './journal-writer-protocol.ts';
import { payupCodeInfo } from './response-codes.ts';

export type EngineTally = { sent: number; cancelled: number; alreadyCancelled: number; rejected: number; unknown: number; notSent: number };
export type EngineStop = 'done' | 'aborted' | 'unreachable';
export type EngineProgress = EngineTally & { elapsedMs: number };

export type EngineOptions = {
  client: PayupClient;
  concurrency: number;
  signal?: AbortSignal;
  onProgress?: (p: EngineProgress) => void;
  onAnswer?: (row: ClaimedCancel, answer: AnswerToApply) => void;
  /** Automatic retries of a provably unsent request (default 3; backoff 250 ms × 2^n). */
  notSentRetries?: number;
};

/**
 * The journal as the engine sees it: commits `answers` (with the exchange records of their calls) and then
 * claims up to `claim` more rows IN_FLIGHT — one transaction; resolves after the commit. Calls are committed
 * in the order they are made.
 */
export type CancelCommit = (answers: AnswerToApply[], claim: number) => Promise<ClaimedCancel[]>;

/** Answers are committed with the next claim, in groups of at most FLUSH_SIZE, and at least every FLUSH_MS. */
const FLUSH_SIZE = 256;
const FLUSH_MS = 100;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Maps one outcome to the journal's answer (reference B5; DESIGN §6). */
export function answerFor(row: Pick<ClaimedCancel, 'id' | 'unknownCount'>, outcome: CallOutcome<PayupCancelAnswer>): AnswerToApply {
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

export async function runCancels(commit: CancelCommit, o: EngineOptions): Promise<{ stopped: EngineStop; tally: EngineTally; elapsedMs: number }> {
  const t0 = performance.now();
  const tally: EngineTally = { sent: 0, cancelled: 0, alreadyCancelled: 0, rejected: 0, unknown: 0, notSent: 0 };
  const retries = o.notSentRetries ?? 3;
  // Rows are claimed a window at a time: one commit per window, shared with the answers received since the
  // last one. A crash makes every claimed, unanswered row UNKNOWN, so the window stays small; the next window
  // is claimed as soon as the current one is being sent (at most two windows claimed ahead), so the
  // connections do not wait for a commit.
  const windowSize = Math.max(32, o.concurrency * 8);

  async function sendOne(row: ClaimedCancel, halted: AbortSignal): Promise<AnswerToApply> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await o.client.cancel(
        { transactionId: row.transactionId, cancelReason: row.reason },
        { cancelId: String(row.id), ...(row.batchId ? { batchId: row.batchId } : {}) },
      );
      if (outcome.kind === 'not-sent' && attempt < retries && !halted.aborted) {
        await sleep(250 * 2 ** attempt);
        continue;
      }
      return answerFor(row, outcome);
    }
  }

  const run = await runClaimedBatch<ClaimedCancel, AnswerToApply>({
    // Claimed but never started (stop or abort): provably not sent, back to QUEUED.
    journal: { step: commit, requeue: async (rows) => void (await commit(rows.map((r) => ({ id: r.id, kind: 'not-sent', reason: 'not started (stopped)' })), 0)) },
    concurrency: Math.max(1, o.concurrency),
    window: windowSize,
    claimAhead: windowSize,
    claimsAtOnce: 1,
    flushSize: FLUSH_SIZE,
    flushMs: FLUSH_MS,
    send: sendOne,
    // Thrown before anything was sent (client validation or configuration): back to the queue; the batch stops.
    lostAnswer: (row, err) => ({ id: row.id, kind: 'not-sent', reason: err instanceof Error ? err.message : String(err) }),
    afterAnswer: (row, answer) => {
      if (answer.kind === 'not-sent') tally.notSent += 1;
      else {
        tally.sent += 1;
        if (answer.kind === 'cancelled') tally.cancelled += 1;
        else if (answer.kind === 'already-cancelled') tally.alreadyCancelled += 1;
        else if (answer.kind === 'rejected') tally.rejected += 1;
        else tally.unknown += 1;
      }
      o.onAnswer?.(row, answer);
      o.onProgress?.({ ...tally, elapsedMs: performance.now() - t0 });
      // The gateway could not be reached even after the retries: the rest waits for the network.
      return answer.kind === 'not-sent' ? 'stop' : 'next';
    },
    ...(o.signal ? { signal: o.signal } : {}),
  });
  const stopped: EngineStop = run.ended === 'stopped' ? 'unreachable' : run.ended === 'aborted' ? 'aborted' : 'done';
  return { stopped, tally, elapsedMs: performance.now() - t0 };
}
