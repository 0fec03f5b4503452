// KCP's steps on the docdesk writer: inputs as journal-writer.ts sends them and journal-steps.ts runs them, and
// what they answer. Rows, answers and exchange records are built by our own code on either side; the envelope is
// checked, the bulky payloads only for their container type.
import { z } from 'zod';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { Answer, VerificationRow } from './journal.ts';


export const kcpStepInputs = {
  'kcp.step': z.object({
    batchId: z.string(),
    answers: z.custom<{ id: number; answer: Answer }[]>((v) => Array.isArray(v)),
    records: z.custom<ExchangeRecord[]>((v) => Array.isArray(v)),
    claim: z.number().int().nonnegative(),
  }),
  'kcp.requeue': z.object({ ids: z.array(z.number().int()) }),
};

export const kcpStepOutputSchema = z.object({
  rows: z.custom<VerificationRow[]>((v) => Array.isArray(v)),
  /** exchange_log seq of each record of a step, in order (the audit events are appended with them). */
  seqs: z.array(z.number().int()),
});
export type KcpStepOutput = z.infer<typeof kcpStepOutputSchema>;
