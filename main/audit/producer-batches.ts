// The audit writer's side of the producer link (producer-link.ts): docdesk.db's writer posts, after each of its
// commits, the chain entries its steps stored — each exchange record's JSON text as stored, with its exchange_log
// seq; each operator_actions row — and the audit events are built HERE (storedExchangeAuditEvent, operatorAuditEvent,
// readyEvent: the builders recover.ts uses), off docdesk.db's writer: that thread bounds the send, and the build with its
// per-document slices cost it 12–20 µs per document (docs/benchmarks.md). The HMAC key of the subject tokens and
// the slices' salts lives on this thread only.
// An entry whose event cannot be built (the chain's JSON rules: a lone surrogate, a number that is not an integer;
// a record's text that is not JSON; or an entry that does not fit its schema) is refused alone: an `audit.event_refused` event takes its place in the
// batch, naming its exchange_log seq or operator_actions id and why, indexed like the event would have been
// (`xlog:`/`oplog:`), so the chain shows the gap, a search by the row finds it and start-up recovery does not retry
// it. The batch's answer names the refused entries (the docdesk writer answers a step it held with the refusal),
// and the main thread is told (its audit log's onError). audit.db stays available: later steps are not refused.
import type { MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { operatorActionRowSchema } from '../store/operator-log.ts';
import { readyEvent } from './batch-event.ts';
import type { BatchEvent } from './commit-batch.ts';
import type { AuditEventInput } from './event.ts';
import { storedExchangeAuditEvent } from './exchange-event.ts';
import { PRODUCER_HOLD, producerRequestSchema, type ProducerAnswer, type ProducerHold } from './producer-link.ts';
import { operatorAuditEvent } from './producer.ts';

/** One entry as the docdesk writer posts it (store/exchange-log.ts ExchangeChainEntry, store/operator-log.ts OperatorChainEntry). */
export const chainEntrySchema = z.discriminatedUnion('kind', [
  // The record's JSON text (a string is cloned as a copy of its bytes; the object was walked field by field).
  z.object({ kind: z.literal('exchange'), seq: z.number().int(), json: z.string() }),
  z.object({ kind: z.literal('operator'), row: operatorActionRowSchema }),
]);
export type ChainEntryMessage = z.infer<typeof chainEntrySchema>;

/** The row an entry that does not fit its schema still names, for its refusal event. */
const namedRowSchema = z.union([z.object({ seq: z.number().int() }), z.object({ row: z.object({ id: z.number().int() }) })]);

const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** A reason the chain can take whatever it quotes (an error may name a key that holds a lone surrogate). */
const chainable = (why: string): string => why.replace(LONE_SURROGATES, '\uFFFD').slice(0, 500);

/** Why an entry was refused, as its refusal event says it (a zod error: each issue's path and message). */
export const refusalReason = (err: unknown): string =>
  err instanceof z.ZodError ? err.issues.map((i) => `${i.path.join('.') || '$'}: ${i.message}`).join('; ') : err instanceof Error ? err.message : String(err);

/** The event that takes a refused entry's place in the chain. */
export function refusedEntryEvent(raw: unknown, why: string): AuditEventInput {
  const named = namedRowSchema.safeParse(raw);
  const ref = !named.success ? null : 'seq' in named.data ? { exchange_log_seq: named.data.seq } : { operator_log_id: named.data.row.id };
  return {
    ev: 'audit.event_refused',
    data: { ...ref, reason: chainable(why) },
    index: ref === null ? [] : 'exchange_log_seq' in ref ? [`xlog:${ref.exchange_log_seq}`] : [`oplog:${ref.operator_log_id}`],
  };
}

/** What the operator and the step's caller are told of a refused entry: what happened, where the row is, what to do. */
function refusalMessage(raw: unknown, why: string): string {
  const named = namedRowSchema.safeParse(raw);
  const row = !named.success ? '기록' : 'seq' in named.data ? `통신 기록 exchange_log seq ${named.data.seq}` : `작업 기록 operator_actions id ${named.data.row.id}`;
  return `${row}의 감사 이벤트를 만들 수 없어 감사 로그에 넣지 못했습니다 (${chainable(why)}). 원래 기록은 docdesk.db에 남아 있고, 감사 로그에는 그 자리에 audit.event_refused 이벤트가 기록되었습니다. 이 메시지를 관리자에게 알려 주세요.`;
}

/** The entry's event, or the refusal event in its place. */
export function entryEvent(raw: unknown, hmacKey: Buffer, now: () => number): { event: BatchEvent; refused?: string } {
  try {
    const e = chainEntrySchema.parse(raw);
    return { event: readyEvent(e.kind === 'exchange' ? storedExchangeAuditEvent(e.json, hmacKey, e.seq) : operatorAuditEvent(e.row), now) };
  } catch (err) {
    const why = refusalReason(err);
    return { event: readyEvent(refusedEntryEvent(raw, why), now), refused: refusalMessage(raw, why) };
  }
}

/** audit.db's connection on this thread, or why it could not be opened. */
export type AuditWriterConnection = { commit(batch: readonly BatchEvent[]): number[]; checkpoints: { postpone(): void; committed(): void } } | { error: string };

/** What the main thread is told of the producer's commits (audit-commit-thread.ts ProducerNotice). */
export type MainNotice = { type: 'appended'; size: number } | { type: 'failed'; error: string } | { type: 'refused'; error: string };

/**
 * Serves the docdesk writer's batches on `port`. Batches that arrive together commit as one, and a batch nobody waits
 * for is kept up to `hold.ms` so that the next ones share its commit (producer-link.ts PRODUCER_HOLD); a batch whose
 * commit failed stays here, built, and is committed first by the next one, so no event of a failed commit is lost
 * while the process runs (recover.ts after a crash). `commitNow` commits what is kept (the main thread's flush);
 * `close` commits what arrived before it, then closes the port.
 */
export function serveProducerBatches(
  port: MessagePort,
  hmacKey: Buffer,
  writer: AuditWriterConnection,
  tellMain: (n: MainNotice) => void,
  o: { hold?: ProducerHold; now?: () => number } = {},
) {
  const hold = o.hold ?? PRODUCER_HOLD;
  const now = o.now ?? Date.now;
  let arrived: { id: number; entries: unknown[] }[] = [];
  let arrivedEntries = 0;
  /**
   * The main thread asked for the batches kept while none had arrived: its flush counted a batch posted on the other
   * port and not delivered yet (no order between two ports), which is then committed at once.
   */
  let hurried = false;
  /** The commit already scheduled for what arrived: the next turn's, or the end of the hold. */
  let scheduled: { kind: 'turn'; handle: NodeJS.Immediate } | { kind: 'hold'; handle: NodeJS.Timeout } | null = null;
  /** A failed commit's events, and the refusals among them, told once a commit takes them. */
  let stalled: { events: BatchEvent[]; refusals: string[] } = { events: [], refusals: [] };
  const answer = (m: ProducerAnswer): void => port.postMessage(m);

  function commitArrived(): void {
    if (scheduled?.kind === 'turn') clearImmediate(scheduled.handle);
    else if (scheduled?.kind === 'hold') clearTimeout(scheduled.handle);
    scheduled = null;
    hurried = false;
    const requests = arrived;
    arrived = [];
    arrivedEntries = 0;
    if (requests.length === 0) return; // committed by close() or the main thread's flush before its turn came
    if ('error' in writer) {
      requests.forEach((r) => answer({ id: r.id, error: writer.error }));
      return;
    }
    const built = requests.map((r) => r.entries.map((e) => entryEvent(e, hmacKey, now)));
    const refusedOf = built.map((events) => events.flatMap((b, entry) => (b.refused === undefined ? [] : [{ entry, error: b.refused }])));
    const batch = stalled.events.concat(...built.map((events) => events.map((b) => b.event)));
    const refusals = stalled.refusals.concat(...refusedOf.map((rs) => rs.map((x) => x.error)));
    writer.checkpoints.postpone();
    try {
      const seqs = writer.commit(batch);
      let at = stalled.events.length;
      stalled = { events: [], refusals: [] };
      requests.forEach((r, i) => answer({ id: r.id, seqs: seqs.slice(at, (at += r.entries.length)), refused: refusedOf[i]! }));
      refusals.forEach((error) => tellMain({ type: 'refused', error }));
      tellMain({ type: 'appended', size: (seqs.at(-1) ?? -1) + 1 });
      writer.checkpoints.committed();
    } catch (err) {
      stalled = { events: batch, refusals };
      const error = err instanceof Error ? err.message : String(err);
      requests.forEach((r) => answer({ id: r.id, error }));
      tellMain({ type: 'failed', error });
    }
  }

  port.on('message', (raw: unknown) => {
    const parsed = producerRequestSchema.safeParse(raw);
    if (!parsed.success) {
      const id = z.object({ id: z.number().int() }).safeParse(raw);
      if (id.success) answer({ id: id.data.id, error: `잘못된 요청: ${parsed.error.message}` });
      return;
    }
    arrived.push(parsed.data);
    arrivedEntries += parsed.data.entries.length;
    const atOnce = hurried || parsed.data.held === true || hold.ms === 0 || arrived.length >= hold.batches || arrivedEntries >= hold.entries;
    if (atOnce && scheduled?.kind !== 'turn') {
      if (scheduled?.kind === 'hold') clearTimeout(scheduled.handle);
      // Every batch already waiting on the port is delivered before this runs (check phase after the poll phase).
      scheduled = { kind: 'turn', handle: setImmediate(commitArrived) };
    } else if (scheduled === null) {
      scheduled = { kind: 'hold', handle: setTimeout(commitArrived, hold.ms) };
    }
  });

  return {
    /** What is kept is committed now (the main thread flushes its log and waits for every batch posted). */
    commitNow(): void {
      if (arrived.length > 0) commitArrived();
      else hurried = true;
    },
    /** Batches the producer posted before closing itself are committed first (its writer waits for their answers). */
    close(): void {
      if (arrived.length > 0) commitArrived();
      port.close();
    },
  };
}
