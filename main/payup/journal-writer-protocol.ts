// PayUp's step on the docdesk writer: its input as journal-writer.ts sends it and journal-steps.ts runs it, and
// what it answers. Rows, answers and exchange records are built by our own code on either side; the envelope is
// checked, the bulky payloads only for their container type.
import { z } from 'zod';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { AnswerToApply, ClaimedWindow } from './journal.ts';


export const claimRequestSchema = z.object({ batchId: z.string(), limit: z.number().int().nonnegative(), afterRow: z.number().int().nonnegative() });
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

export const payupStepInputs = {
  'payup.step': z.object({
    answers: z.custom<AnswerToApply[]>((v) => Array.isArray(v)),
    records: z.custom<ExchangeRecord[]>((v) => Array.isArray(v)),
    claim: claimRequestSchema.nullable(),
  }),
};

export const payupStepOutputSchema = z.object({
  window: z.custom<ClaimedWindow>((v) => typeof v === 'object').nullable(),
  /** exchange_log seq of each record of the step, in order (the audit events are appended with them). */
  seqs: z.array(z.number().int()),
});
export type PayupStepOutput = z.infer<typeof payupStepOutputSchema>;
