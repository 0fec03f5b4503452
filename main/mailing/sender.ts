// The send loop (DESIGN §6): chunks of ≤100, `concurrency` requests in flight, a token-bucket rate limit,
// automatic retry only for requests that provably never left, pause/cancel that take effect at once.
import { EDOC_LIMITS } from '../../shared/domain/edoc.ts';
import { DocsGwRequestError } from '../docsgw/errors.ts';
import { wholeRequestAdvice } from '../../shared/domain/docsgw-advice.ts';
import { wholeRequestDetails } from '../../shared/domain/error-details.ts';
import type { DocdeskRefusalCode, DocdeskUnknownReason, StateCounts } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';
import { countRowSchema } from '../store/row-shapes.ts';
import { classifyBulkSend } from './classify-send.ts';
import type { Chunk, Journal } from './journal.ts';
import type { MailingQueries } from './mailing-queries.ts';
import { createLiveCounts } from './live-counts.ts';
import { createRateLimiter, type RateLimiter } from './rate-limiter.ts';
import type { JournalWriter } from './journal-writer.ts';
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

/** `writer` commits the send loop's journal steps off the main thread; `journal` serves the operator's own steps (cancel). */
export function createSender(deps: { db: Db; journal: Journal; writer: JournalWriter; queries: MailingQueries; gateway: () => MailingGateway }) {
  const { db, journal, writer, queries } = deps;
  const retriesUsed = db.prepare('SELECT internal_error_retries n FROM documents WHERE id = ?');
  const active = new Map<string, AbortController>();

  async function send(mailingId: string, o: SendOptions): Promise<SendResult> {
    const mailing = queries.getMailing(mailingId);
    if (!mailing) throw new MailingError('MAILING_NOT_FOUND', `발송 건 ${mailingId}을(를) 찾을 수 없습니다.`, 2);
    if (mailing.state === 'CANCELLED') throw new MailingError('MAILING_CANCELLED', '취소된 발송 건입니다.', 2);
    if (active.has(mailingId)) throw new MailingError('ALREADY_SENDING', '이미 발송 중입니다.', 1);

    const stop = new AbortController();
    active.set(mailingId, stop);
    const onExternalAbort = () => stop.abort('paused');
    o.signal?.addEventListener('abort', onExternalAbort);

    // Everything from here on releases the mailing (and the caller's signal) when it ends, also when it throws
    // (a missing credential in gateway(), a writer thread that failed).
    try {
      // DRAFT → QUEUED once; later calls pick up what is still queued (resume, resend after resolution). On the
      // writer thread: for a list of 50,000 it held the main thread (UI, sockets) for about half a second.
      await writer.queueDrafts(mailingId);
      // A cancel that arrived meanwhile already set the mailing's state.
      if (!stop.signal.aborted) queries.setMailingState(mailingId, 'SENDING');

      const gateway = deps.gateway();
      const limiter = o.limiter ?? createRateLimiter(o.rateLimitPerSec);
      const chunkSize = Math.min(o.chunkSize ?? EDOC_LIMITS.bulkMaxDocuments, EDOC_LIMITS.bulkMaxDocuments);
      const maxNotSent = o.maxNotSentRetries ?? 6;
      const backoffBase = o.backoffBaseMs ?? 250;
      const started = performance.now();
      let chunksDone = 0;
      let consecutiveNotSent = 0;
      let fatal: MailingError | null = null;

      // Progress at most a few times a second, from counts kept along the way; the final one is exact.
      const live = createLiveCounts(queries.counts(mailingId));
      let lastProgress = 0;
      const progress = (force = false) => {
        const t = performance.now();
        if (!o.onProgress || (!force && t - lastProgress < 250)) return;
        lastProgress = t;
        o.onProgress({ mailingId, counts: force ? queries.counts(mailingId) : live.snapshot(), chunksDone, elapsedMs: t - started });
      };

      /** Sends one claimed chunk and journals the answer; returns the next chunk when it could be claimed in the same commit. */
      async function sendChunk(chunk: Chunk): Promise<Chunk | null> {
        const documents = chunk.documents.map((d) => ({ ...d.item, property: { ...d.item.property, external_document_uuid: d.externalDocumentUuid } }));
        let outcome;
        try {
          outcome = await gateway.bulkSend({ documents }, { mailingId, chunkId: chunk.id });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (err instanceof DocsGwRequestError) {
            // Refused by our own pre-send validation: provably nothing left this machine.
            const results = chunk.documents.map((d) => ({ documentId: d.id, kind: 'rejected' as const, errorCode: 'LOCAL_VALIDATION' satisfies DocdeskRefusalCode, errorMessage: message }));
            await writer.apply({ chunk, chunkState: 'REJECTED', httpStatus: null, detail: `LOCAL_VALIDATION: ${message}`, results, firstPollAfterMs: 0 }, 0);
            live.applied(results);
          } else {
            // Anything else (e.g. the exchange log failing after the answer arrived) may follow a delivery.
            const results = chunk.documents.map((d) => ({ documentId: d.id, kind: 'unknown' as const, reason: 'CLIENT_ERROR' satisfies DocdeskUnknownReason }));
            await writer.apply({ chunk, chunkState: 'UNKNOWN', httpStatus: null, detail: `CLIENT_ERROR: ${message}`, results, firstPollAfterMs: 0 }, 0);
            live.applied(results);
          }
          return null;
        }
        const verdict = classifyBulkSend(chunk, outcome, (id) => countRowSchema.parse(retriesUsed.get(id)).n);
        if (verdict.kind === 'not-sent') {
          await writer.requeue(chunk, verdict.detail);
          live.requeued(chunk);
          consecutiveNotSent++;
          if (consecutiveNotSent > maxNotSent) {
            fatal = new MailingError('GATEWAY_UNREACHABLE', `게이트웨이에 연결할 수 없습니다 (${verdict.detail}). 네트워크와 프로필을 확인한 뒤 다시 발송하세요. 대기 중인 문서는 그대로 남아 있습니다.`, 1);
            stop.abort('fatal');
          } else {
            await new Promise((r) => setTimeout(r, Math.min(30_000, backoffBase * 2 ** (consecutiveNotSent - 1))));
          }
          return null;
        }
        consecutiveNotSent = 0;
        if (verdict.kind === 'stop') {
          await writer.requeue(chunk, `${verdict.errorCode} (HTTP ${verdict.status})`);
          live.requeued(chunk);
          const advice = wholeRequestAdvice(verdict.status);
          // The screens' wording; the CLI words the next step from the status (main/cli/next-step.ts).
          fatal = new MailingError(verdict.errorCode, `${advice.explanation} ${advice.advice}`, 4, wholeRequestDetails(verdict.status));
          stop.abort('fatal');
          return null;
        }
        chunksDone++;
        // The answer is journalled at once; only when a rate token is free right now does the same commit also
        // claim this worker's next chunk (never hold an answer in memory waiting for a token).
        const claimNext = !stop.signal.aborted && limiter.tryAcquire();
        const step = { chunk, chunkState: verdict.chunkState, httpStatus: verdict.httpStatus, detail: verdict.detail, results: verdict.results, firstPollAfterMs: o.firstPollAfterMs };
        const next = await writer.apply(step, claimNext ? chunkSize : 0);
        live.applied(verdict.results);
        progress();
        return live.claimed(next);
      }

      async function worker(): Promise<void> {
        let chunk: Chunk | null = null;
        for (;;) {
          if (!chunk) {
            await limiter.acquire(stop.signal);
            if (stop.signal.aborted) return;
            chunk = live.claimed(await writer.claim(mailingId, chunkSize));
            if (!chunk) return;
          }
          chunk = await sendChunk(chunk);
          // A chunk claimed together with an answer is always sent, even if a pause arrived meanwhile: its
          // documents are already IN_FLIGHT in the journal.
        }
      }

      await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, () => worker()));

      const reason = stop.signal.reason as string | undefined;
      const counts = queries.counts(mailingId);
      let stopped: SendResult['stopped'] = 'done';
      if (reason === 'cancelled') stopped = 'cancelled';
      else if (stop.signal.aborted) stopped = 'paused';
      if (stopped === 'done' && counts.QUEUED === 0 && counts.IN_FLIGHT === 0) queries.setMailingState(mailingId, 'SENT');
      else if (stopped !== 'cancelled') queries.setMailingState(mailingId, 'PAUSED');
      progress(true);
      if (fatal) throw fatal;
      return { mailingId, counts, chunks: chunksDone, elapsedMs: performance.now() - started, stopped };
    } finally {
      active.delete(mailingId);
      o.signal?.removeEventListener('abort', onExternalAbort);
    }
  }

  /** Stops claiming new chunks at once; chunks already in flight finish their journal step. */
  function pause(mailingId: string): boolean {
    const c = active.get(mailingId);
    if (c) c.abort('paused');
    else queries.setMailingState(mailingId, 'PAUSED');
    return true;
  }

  /** Pauses, then every still-queued document becomes CANCELLED. */
  function cancel(mailingId: string): number {
    active.get(mailingId)?.abort('cancelled');
    // IMMEDIATE: the journal writer's connection may be committing a step at this moment (journal.ts `tx`).
    return db.transaction(() => {
      const a = journal.setState(queries.idsInState(mailingId, 'QUEUED'), 'QUEUED', 'CANCELLED', 'cancelled', {});
      const b = journal.setState(queries.idsInState(mailingId, 'DRAFT'), 'DRAFT', 'CANCELLED', 'cancelled', {});
      queries.setMailingState(mailingId, 'CANCELLED');
      return a + b;
    }).immediate();
  }

  return { send, pause, cancel, isSending: (id: string) => active.has(id), sendingCount: () => active.size };
}
export type Sender = ReturnType<typeof createSender>;
