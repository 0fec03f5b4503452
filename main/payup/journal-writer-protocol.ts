// Messages between journal-writer.ts and its worker. Rows, answers and exchange records are built by our own
// code on either side; the envelope is checked, the bulky payloads only for their container type.
import { z } from 'zod';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { AnswerToApply, ClaimedWindow } from './journal.ts';


export const claimRequestSchema = z.object({ batchId: z.string(), limit: z.number().int().nonnegative(), afterRow: z.number().int().nonnegative() });
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const writerRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('step'),
    id: z.number().int(),
    answers: z.custom<AnswerToApply[]>((v) => Array.isArray(v)),
    records: z.custom<ExchangeRecord[]>((v) => Array.isArray(v)),
    claim: claimRequestSchema.nullable(),
  }),
  z.object({ type: z.literal('close'), id: z.number().int() }),
]);
export type WriterRequest = z.infer<typeof writerRequestSchema>;

export const writerReplySchema = z.object({
  id: z.number().int(),
  window: z.custom<ClaimedWindow>((v) => typeof v === 'object').nullable().optional(),
  /** exchange_log seq of each record of the step, in order (the audit events are appended with them). */
  seqs: z.array(z.number().int()).optional(),
  error: z.string().optional(),
});
export type WriterReply = z.infer<typeof writerReplySchema>;
