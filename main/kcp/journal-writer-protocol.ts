// Messages between journal-writer.ts and its worker. Rows, answers and exchange records are built by our own
// code on either side; the envelope is checked, the bulky payloads only for their container type.
import { z } from 'zod';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { Answer, VerificationRow } from './journal.ts';


export const writerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('step'),
    id: z.number().int(),
    batchId: z.string(),
    answers: z.custom<{ id: number; answer: Answer }[]>((v) => Array.isArray(v)),
    records: z.custom<ExchangeRecord[]>((v) => Array.isArray(v)),
    claim: z.number().int().nonnegative(),
  }),
  z.object({ type: z.literal('requeue'), id: z.number().int(), ids: z.array(z.number().int()) }),
  z.object({ type: z.literal('close'), id: z.number().int() }),
]);
export type WriterRequest = z.infer<typeof writerRequestSchema>;

export const writerReplySchema = z.object({
  id: z.number().int(),
  rows: z.custom<VerificationRow[]>((v) => Array.isArray(v)).optional(),
  /** exchange_log seq of each record of a step, in order (the audit events are appended with them). */
  seqs: z.array(z.number().int()).optional(),
  error: z.string().optional(),
});
export type WriterReply = z.infer<typeof writerReplySchema>;
