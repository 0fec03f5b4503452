// The send loop (DESIGN §6) on the one batch runner (main/batch/batch-runner.ts): chunks of ≤100, `concurrency`
// requests in flight, a token-bucket rate limit, automatic retry only for requests that provably never left,
// pause/cancel that take effect at once.
import { EDOC_LIMITS, type BulkDocumentItem } from '../../shared/domain/edoc.ts';
import { DocsGwRequestError } from '../docsgw/errors.ts';
import { issuesFromZod } from '../docsgw/validate-request.ts';
import { wholeRequestAdvice } from '../../shared/domain/docsgw-advice.ts';
import { wholeRequestDetails } from '../../shared/domain/error-details.ts';
import type { DocdeskRefusalCode, DocdeskUnknownReason, StateCounts } from '../../shared/domain/mailing.ts';
import { classifyBulkSend } from './classify-send.ts';
import { draftItemSchema, type AnswerStep, type Chunk, type ChunkRef } from '../../shared/domain/mailing-store.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { MailingStore } from './mailing-store.ts';
import { createLiveCounts } from './live-counts.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import { runClaimedBatch, type BatchVerdict } from '../batch/batch-runner.ts';
import { MailingError, type MailingGateway } from './types.ts';

export interface SendOptions {
  concurrency: number;
  rateLimitPerSec: number;
  /** The profile's shared request budget (status polling draws from it too); a limiter of its own when absent. */
  limiter?: RateLimiter;
  firstPollAfterMs: number;
  chunkSize?: number;
  /** Consecutive not-sent failures before the send stops and waits for the network (documents stay QUEUED). */
  maxNotSentRetries?: number;
  backoffBaseMs?: number;
  signal?: AbortSignal;
  onProgress?: (p: SendProgress) => void;
}

export interface SendProgress {
  mailingId: string;
  counts: StateCounts;
  chunksDone: number;
  elapsedMs: number;
}

export interface SendResult {
  mailingId: string;
  counts: StateCounts;
  chunks: number;
  elapsedMs: number;
  stopped: 'done' | 'paused' | 'cancelled';
}

/**
 * One chunk's fate as its journal step takes it: the gateway answered; the request threw (refused by our own
 * validation, or UNKNOWN); provably not sent (back to the queue, tried again after a backoff); or refused as a
 * whole (credentials, contract: back to the queue, and the send stops).
 */
type ChunkAnswer =
  | { kind: 'answered'; step: AnswerStep }
  | { kind: 'lost'; step: AnswerStep }
  | { kind: 'not-sent'; chunk: ChunkRef; reason: string }
  | { kind: 'stop'; chunk: ChunkRef; reason: string; errorCode: string; status: number };

/**
 * The request's documents from the claimed items (stored JSON text, parsed here on the main thread rather than on
 * the writer), each with the external id its claim gave it. An item that no longer fits its schema is refused as
 * the client's own validation refuses a request: nothing leaves, the chunk is REJECTED (LOCAL_VALIDATION).
 */
function requestDocuments(chunk: Chunk): BulkDocumentItem[] {
  return chunk.documents.map((d, i) => {
    let json: unknown;
    try {
      json = JSON.parse(d.itemJson);
    } catch {
      throw new DocsGwRequestError('bulkSend', [{ path: `documents[${i}]`, message: `저장된 문서 #${d.id}의 내용을 읽을 수 없습니다 (데이터 파일 손상)` }]);
    }
    const item = draftItemSchema.safeParse(json);
    if (!item.success) throw new DocsGwRequestError('bulkSend', issuesFromZod(item.error.issues, ['documents', i]));
    return { ...item.data, property: { ...item.data.property, external_document_uuid: d.externalDocumentUuid } };
  });
}

/** `store` commits the send loop's journal and the operator's pause and cancel; `reads` serves the mailing's state and counts. */
export function createSender(deps: {
  reads: Pick<DocdeskReads, 'mailingSummary' | 'mailingCounts'>;
  store: Pick<MailingStore, 'startSend' | 'claim' | 'apply' | 'requeue' | 'finishSend' | 'pause' | 'cancel'>;
  gateway: () => MailingGateway;
}) {
  const { reads, store } = deps;
  const active = new Map<string, AbortController>();
  /** Sends marked by reserve() that no send() has taken up yet. */
  const reserved = new WeakSet<AbortController>();

  /**
   * Marks the mailing as sending now, for a send() the caller makes after reads of its own (the backend's profile
   * check and the pre-review): a pause or cancel meanwhile finds it, and the send then stops before its first
   * claim. Returns the release for a caller that never got to send().
   */
  function reserve(mailingId: string): () => void {
    if (active.has(mailingId)) throw new MailingError('ALREADY_SENDING', '이미 발송 중입니다.', 1);
    const stop = new AbortController();
    active.set(mailingId, stop);
    reserved.add(stop);
    return () => {
      if (!reserved.has(stop)) return;
      reserved.delete(stop);
      if (active.get(mailingId) === stop) active.delete(mailingId);
    };
  }

  async function send(mailingId: string, o: SendOptions): Promise<SendResult> {
    // Marked as sending before the first await: a second send of the mailing is refused at once, and a pause or
    // cancel that comes while the mailing is read below finds the send running and stops it before its first
    // claim (mailing-service.ts posts the operator's records and starts the send in one tick).
    const taken = active.get(mailingId);
    if (taken !== undefined && !reserved.has(taken)) throw new MailingError('ALREADY_SENDING', '이미 발송 중입니다.', 1);
    const stop = taken ?? new AbortController();
    reserved.delete(stop);
    active.set(mailingId, stop);
    const onExternalAbort = () => stop.abort('paused');
    o.signal?.addEventListener('abort', onExternalAbort);

    // Everything from here on releases the mailing (and the caller's signal) when it ends, also when it throws
    // (an unknown or cancelled mailing, a missing credential in gateway(), a writer thread that failed).
    try {
      // A cancel committed after this read is kept by startSend (a CANCELLED mailing stays so, journal.ts) and
      // leaves nothing queued to claim. One that stopped this send already may have committed before the read:
      // the send then ends as cancelled, as when the cancel comes a moment later.
      const mailing = await reads.mailingSummary(mailingId);
      if (!mailing) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${mailingId}을(를) 찾을 수 없습니다.`, 2);
      if (mailing.state === 'CANCELLED' && stop.signal.reason !== 'cancelled') throw new MailingError('MAILING_CANCELLED', '취소된 발송 건입니다.', 2);

      // DRAFT → QUEUED once, and the mailing SENDING, in one step; later calls pick up what is still queued (resume,
      // resend after resolution). On the writer thread: for a list of 50,000 it held the main thread (UI, sockets)
      // for about half a second. A cancel posted meanwhile is the next step and sets CANCELLED after it.
      await store.startSend(mailingId);

      const gateway = deps.gateway();
      const limiter = o.limiter ?? createRateLimiter(o.rateLimitPerSec);
      const chunkSize = Math.min(o.chunkSize ?? EDOC_LIMITS.bulkMaxDocuments, EDOC_LIMITS.bulkMaxDocuments);
      const maxNotSent = o.maxNotSentRetries ?? 6;
      const backoffBase = o.backoffBaseMs ?? 250;
      const started = performance.now();
      let chunksDone = 0;
      let consecutiveNotSent = 0;
      // Set when an answer stops the whole send (gateway unreachable, credentials or contract refused).
      let fatal: MailingError | null = null;

      // Progress at most a few times a second, from counts kept along the way; the final one is exact.
      const live = createLiveCounts(await reads.mailingCounts(mailingId));
      let lastProgress = 0;
      const progress = () => {
        const t = performance.now();
        if (!o.onProgress || t - lastProgress < 250) return;
        lastProgress = t;
        o.onProgress({ mailingId, counts: live.snapshot(), chunksDone, elapsedMs: t - started });
      };
      const finalProgress = async () => {
        if (o.onProgress) o.onProgress({ mailingId, counts: await reads.mailingCounts(mailingId), chunksDone, elapsedMs: performance.now() - started });
      };

      // One journal step per answer (flush size 1): the answer, and — when this request slot found a rate token
      // free at once — the claim of its next chunk in the same commit. Several answers arrive together only in a
      // stop's last flush; each is then its own step, as before.
      const journalAnswer = async (a: ChunkAnswer, nextLimit: number): Promise<Chunk | null> => {
        if (a.kind === 'answered' || a.kind === 'lost') {
          const next = await store.apply(a.step, nextLimit);
          live.applied(a.step.results);
          if (a.kind === 'answered') progress();
          return next;
        }
        await store.requeue(a.chunk, a.reason);
        live.requeued(a.chunk);
        return nextLimit > 0 ? store.claim(mailingId, nextLimit) : null;
      };
      const step = async (answers: ChunkAnswer[], claim: number): Promise<Chunk[]> => {
        const last = answers.at(-1);
        const earlier = answers.slice(0, -1).map((a) => journalAnswer(a, 0));
        const next = last !== undefined ? await journalAnswer(last, claim > 0 ? chunkSize : 0) : claim > 0 ? await store.claim(mailingId, chunkSize) : null;
        await Promise.all(earlier);
        const claimed = live.claimed(next);
        return claimed ? [claimed] : [];
      };

      /** The gateway's answer to one claimed chunk, as the journal takes it. */
      const sendChunk = async (chunk: Chunk): Promise<ChunkAnswer> => {
        const outcome = await gateway.bulkSend({ documents: requestDocuments(chunk) }, { mailingId, chunkId: chunk.id });
        // Retries each document had when it was claimed (a claimed document's count cannot change until its answer).
        const retries = new Map(chunk.documents.map((d) => [d.id, d.internalErrorRetries]));
        const verdict = classifyBulkSend(chunk, outcome, (id) => retries.get(id) ?? 0);
        switch (verdict.kind) {
          case 'not-sent':
            return { kind: 'not-sent', chunk, reason: verdict.detail };
          case 'stop':
            return { kind: 'stop', chunk, reason: `${verdict.errorCode} (HTTP ${verdict.status})`, errorCode: verdict.errorCode, status: verdict.status };
          case 'applied':
            return { kind: 'answered', step: { chunk, chunkState: verdict.chunkState, httpStatus: verdict.httpStatus, detail: verdict.detail, results: verdict.results, firstPollAfterMs: o.firstPollAfterMs } };
        }
      };

      /** A request that threw: refused by our own pre-send validation, or anything else after it may have left. */
      const lostAnswer = (chunk: Chunk, err: unknown): ChunkAnswer => {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof DocsGwRequestError) {
          // Provably nothing left this machine.
          const results = chunk.documents.map((d) => ({ documentId: d.id, kind: 'rejected' as const, errorCode: 'LOCAL_VALIDATION' satisfies DocdeskRefusalCode, errorMessage: message }));
          return { kind: 'lost', step: { chunk, chunkState: 'REJECTED', httpStatus: null, detail: `LOCAL_VALIDATION: ${message}`, results, firstPollAfterMs: 0 } };
        }
        // Anything else (e.g. the exchange log failing after the answer arrived) may follow a delivery.
        const results = chunk.documents.map((d) => ({ documentId: d.id, kind: 'unknown' as const, reason: 'CLIENT_ERROR' satisfies DocdeskUnknownReason }));
        return { kind: 'lost', step: { chunk, chunkState: 'UNKNOWN', httpStatus: null, detail: `CLIENT_ERROR: ${message}`, results, firstPollAfterMs: 0 } };
      };

      const afterAnswer = (_chunk: Chunk, a: ChunkAnswer): BatchVerdict => {
        switch (a.kind) {
          case 'lost':
            return 'next';
          case 'answered':
            consecutiveNotSent = 0;
            chunksDone++;
            return 'next';
          case 'not-sent':
            consecutiveNotSent++;
            if (consecutiveNotSent <= maxNotSent) return { retryAfterMs: Math.min(30_000, backoffBase * 2 ** (consecutiveNotSent - 1)) };
            fatal = new MailingError('GATEWAY_UNREACHABLE', `게이트웨이에 연결할 수 없습니다 (${a.reason}). 네트워크와 프로필을 확인한 뒤 다시 발송하세요. 대기 중인 문서는 그대로 남아 있습니다.`, 1);
            return 'stop';
          case 'stop': {
            consecutiveNotSent = 0;
            const advice = wholeRequestAdvice(a.status);
            // The screens' wording; the CLI words the next step from the status (main/cli/next-step.ts).
            fatal = new MailingError(a.errorCode, `${advice.explanation} ${advice.advice}`, 4, wholeRequestDetails(a.status));
            return 'stop';
          }
        }
      };

      // Each request is one chunk, claimed (IN_FLIGHT, committed) by the request slot that sends it; a token of the
      // rate limit is taken before the claim. A stop lets the chunks in flight be journalled; a chunk claimed but
      // not yet sent goes back to the queue.
      const run = await runClaimedBatch<Chunk, ChunkAnswer>({
        journal: { step, requeue: async (chunks) => void (await Promise.all(chunks.map((c) => journalAnswer({ kind: 'not-sent', chunk: c, reason: 'STOPPED: claimed, not sent before the send stopped' }, 0)))) },
        concurrency: Math.max(1, o.concurrency),
        window: 1,
        claimAhead: 0,
        claimsAtOnce: Math.max(1, o.concurrency),
        flushSize: 1,
        flushMs: 100,
        send: sendChunk,
        lostAnswer,
        afterAnswer,
        rateLimit: limiter,
        signal: stop.signal,
      });

      const reason = stop.signal.reason as string | undefined;
      let stopped: SendResult['stopped'] = 'done';
      if (reason === 'cancelled') stopped = 'cancelled';
      else if (stop.signal.aborted || run.ended === 'stopped') stopped = 'paused';
      // SENT when nothing is left to send, else PAUSED: a step of its own, the counts read in it.
      const counts = await store.finishSend(mailingId, stopped);
      await finalProgress();
      if (fatal) throw fatal;
      return { mailingId, counts, chunks: chunksDone, elapsedMs: performance.now() - started, stopped };
    } finally {
      active.delete(mailingId);
      o.signal?.removeEventListener('abort', onExternalAbort);
    }
  }

  /** Stops claiming new chunks at once; chunks already in flight finish their journal step. */
  async function pause(mailingId: string): Promise<boolean> {
    const c = active.get(mailingId);
    if (c) c.abort('paused');
    else await store.pause(mailingId);
    return true;
  }

  /**
   * Stops the send at once (its chunks in flight finish their step), then every still-queued document becomes
   * CANCELLED, with the operator's record, in one step; resolves with how many.
   */
  function cancel(mailingId: string): Promise<number> {
    active.get(mailingId)?.abort('cancelled');
    return store.cancel(mailingId);
  }

  return { reserve, send, pause, cancel, isSending: (id: string) => active.has(id), sendingCount: () => active.size };
}
export type Sender = ReturnType<typeof createSender>;
