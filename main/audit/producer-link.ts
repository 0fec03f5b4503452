// The link between docdesk.db's writer and the audit writer (issue 16 step 8): a MessageChannel between the two
// worker threads. The docdesk writer posts, after each of its commits, the chain entries that commit stored (the
// exchange records as stored, with their exchange_log seq, and the operator rows: the objects it holds, one
// structured clone); the audit writer builds their events (producer-batches.ts) and answers each batch with its seqs
// and the entries it refused, or its failure. A counter shared with the main thread
// holds the batches posted and not yet answered, so the main thread's flush can wait until every step it saw
// committed is in the chain too (a search, a verify, an export include them), without a message of its own.
import { MessageChannel, MessagePort } from 'node:worker_threads';
import { z } from 'zod';

/**
 * A batch as the docdesk writer posts it. Its entries are parsed one by one where their events are built
 * (producer-batches.ts `chainEntrySchema`), so an entry that does not fit is refused alone, not its whole batch.
 */
export const producerRequestSchema = z.object({ id: z.number().int(), entries: z.array(z.unknown()) });
export const producerAnswerSchema = z.union([
  z.object({
    id: z.number().int(),
    seqs: z.array(z.number().int()),
    /** The entries (index in the request) whose events could not be built: a refusal event took their place. */
    refused: z.array(z.object({ entry: z.number().int(), error: z.string() })),
  }),
  z.object({ id: z.number().int(), error: z.string() }),
]);
export type ProducerAnswer = z.infer<typeof producerAnswerSchema>;

/** What docdesk.db's writer is started with: its end and the shared counter (no key: it builds no event). */
const sharedCounter = z.custom<Int32Array<SharedArrayBuffer>>((v) => v instanceof Int32Array && v.buffer instanceof SharedArrayBuffer, 'shared counter');
export const producerEndSchema = z.object({ port: z.instanceof(MessagePort), pending: sharedCounter });
export type ProducerEnd = z.infer<typeof producerEndSchema>;

/** The audit writer's end, and the counter the main thread waits on. */
export type AuditEnd = { port: MessagePort; pending: Int32Array<SharedArrayBuffer> };

export function createProducerLink(): { producer: ProducerEnd; audit: AuditEnd } {
  const { port1, port2 } = new MessageChannel();
  const pending = new Int32Array(new SharedArrayBuffer(4));
  return { producer: { port: port1, pending }, audit: { port: port2, pending } };
}

/** Batches the producer posted and the audit writer has not answered yet. */
export const batchesUnanswered = (pending: Int32Array): number => Atomics.load(pending, 0);

/**
 * Blocks until every batch the producer posted was answered, or `timeoutMs` passed (false). The producer counts a
 * batch before it answers the step that made it, so whatever step the caller saw committed is covered.
 */
export function waitForProducer(pending: Int32Array, timeoutMs: number): boolean {
  const deadline = Date.now() + timeoutMs;
  for (let n = Atomics.load(pending, 0); n > 0; n = Atomics.load(pending, 0)) {
    const left = deadline - Date.now();
    if (left <= 0) return false;
    Atomics.wait(pending, 0, n, Math.min(left, 1_000));
  }
  return true;
}
