// The link between docdesk.db's writer and the audit writer (issue 16 step 8): a MessageChannel between the two
// worker threads. The docdesk writer posts, after each of its commits, the audit events of the exchange records and
// operator actions that commit stored (built once, bodies moved, not copied); the audit writer
// (audit-commit.worker.ts) answers each batch with its seqs or its failure. A counter shared with the main thread
// holds the batches posted and not yet answered, so the main thread's flush can wait until every step it saw
// committed is in the chain too (a search, a verify, an export include them), without a message of its own.
import { MessageChannel, MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { batchEventSchema } from './commit-batch.ts';

export const producerRequestSchema = z.object({ id: z.number().int(), batch: z.array(batchEventSchema) });
export const producerAnswerSchema = z.union([
  z.object({ id: z.number().int(), seqs: z.array(z.number().int()) }),
  z.object({ id: z.number().int(), error: z.string() }),
]);
export type ProducerAnswer = z.infer<typeof producerAnswerSchema>;

/** What docdesk.db's writer is started with: its end, the key of the subject tokens, the shared counter. */
const sharedCounter = z.custom<Int32Array<SharedArrayBuffer>>((v) => v instanceof Int32Array && v.buffer instanceof SharedArrayBuffer, 'shared counter');
export const producerEndSchema = z.object({ port: z.instanceof(MessagePort), hmacKey: z.instanceof(Uint8Array), pending: sharedCounter });
export type ProducerEnd = z.infer<typeof producerEndSchema>;

/** The audit writer's end, and the counter the main thread waits on. */
export type AuditEnd = { port: MessagePort; pending: Int32Array<SharedArrayBuffer> };

export function createProducerLink(hmacKey: Buffer): { producer: ProducerEnd; audit: AuditEnd } {
  const { port1, port2 } = new MessageChannel();
  const pending = new Int32Array(new SharedArrayBuffer(4));
  return { producer: { port: port1, hmacKey: new Uint8Array(hmacKey), pending }, audit: { port: port2, pending } };
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
