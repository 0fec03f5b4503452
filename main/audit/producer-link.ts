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
export const producerRequestSchema = z.object({
  id: z.number().int(),
  entries: z.array(z.unknown()),
  /** The docdesk writer holds a step's reply until this batch is answered: the audit writer commits it at once. */
  held: z.literal(true).optional(),
});
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

/**
 * How long the audit writer keeps the producer's batches that nobody waits for, so that several commit as one
 * (producer-batches.ts): a batch of PayUp cancels or KCP verifications is the ~25 exchanges one docdesk.db commit
 * answered, and a commit of the chain costs its fsync, the tree's and the indexes' pages and SQLCipher's work on
 * each whatever it holds (docs/benchmarks.md, session 18). The records are already committed in docdesk.db's
 * exchange_log, and recover.ts chains any a crash kept from the chain, so holding them loses nothing; the main
 * thread's audit log batched its own events the same way before issue 16 (100 ms or 200 events). A batch is
 * committed at once when a step's reply waits for it (`held`), when `batches` batches or `entries` entries are
 * waiting — `batches` stays below the docdesk writer's backpressure (audit-route.ts MAX_UNANSWERED_BATCHES), which
 * would hold its steps' replies — or when the main thread flushes the log (a search, a verify, an export, close).
 */
export const producerHoldSchema = z.object({ ms: z.number().int().nonnegative(), batches: z.number().int().positive(), entries: z.number().int().positive() });
export type ProducerHold = z.infer<typeof producerHoldSchema>;
export const PRODUCER_HOLD: ProducerHold = { ms: 50, batches: 4, entries: 200 };

/** The audit writer's end, the counter the main thread waits on, and how long the audit writer may hold a batch. */
export type AuditEnd = { port: MessagePort; pending: Int32Array<SharedArrayBuffer>; hold: ProducerHold };

/** `hold`: tests lengthen or end it (PRODUCER_HOLD). */
export function createProducerLink(hold: ProducerHold = PRODUCER_HOLD): { producer: ProducerEnd; audit: AuditEnd } {
  const { port1, port2 } = new MessageChannel();
  const pending = new Int32Array(new SharedArrayBuffer(4));
  return { producer: { port: port1, pending }, audit: { port: port2, pending, hold } };
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
