// PayUp's steps on the docdesk writer (issue 16 steps 6 and 9): their inputs as journal-writer.ts sends them and
// journal-steps.ts runs them, and what they answer — plain objects defined here and in shared/domain/payup.ts, so
// another implementation of PayupStore (payup-store.ts) can take the same arguments. An operator action travels
// inside the step whose change it records: both commit in one transaction or neither does.
import { z } from 'zod';
import { payupBatchDispositionSchema, payupCancelRowSchema } from '../../shared/domain/payup.ts';
import { serializedExchangesSchema } from '../store/exchange-log.ts';
import { operatorActionRowSchema, operatorActionSchema } from '../store/operator-log.ts';

/** A batch's next window: up to `limit` QUEUED rows after file row `afterRow`. */
export const batchClaimSchema = z.object({ batchId: z.string(), limit: z.number().int().nonnegative(), afterRow: z.number().int().nonnegative() });
/** A single cancel's one row. */
export const oneClaimSchema = z.object({ cancelId: z.number().int() });
export const claimRequestSchema = z.union([batchClaimSchema, oneClaimSchema]);
export type ClaimRequest = z.infer<typeof claimRequestSchema>;

/** What a cancel request's outcome does to its row (engine.ts answerFor). */
export const answerToApplySchema = z.discriminatedUnion('kind', [
  z.object({ id: z.number().int(), kind: z.literal('cancelled'), code: z.string(), message: z.string(), cancelDateTime: z.string().nullable() }),
  z.object({ id: z.number().int(), kind: z.literal('already-cancelled'), code: z.string(), message: z.string() }),
  z.object({ id: z.number().int(), kind: z.literal('rejected'), code: z.string(), message: z.string() }),
  z.object({ id: z.number().int(), kind: z.literal('unknown'), reason: z.string() }),
  z.object({ id: z.number().int(), kind: z.literal('not-sent'), reason: z.string() }),
]);
export type AnswerToApply = z.infer<typeof answerToApplySchema>;

/**
 * A row claimed IN_FLIGHT as the engine needs it (engine.ts): what it sends and, for answerFor, whether an earlier
 * attempt was ambiguous. Not the whole row: the claim is answered for every cancel of a batch, and each column more
 * is read, cloned across the thread boundary and parsed again on the main thread.
 */
export const claimedCancelSchema = payupCancelRowSchema
  .pick({ id: true, transactionId: true, reason: true, batchId: true, unknownCount: true })
  .extend({ state: z.literal('IN_FLIGHT') });
export type ClaimedCancel = z.infer<typeof claimedCancelSchema>;

/** Rows claimed IN_FLIGHT, and the file row the next batch claim starts after. */
export const claimedWindowSchema = z.object({ rows: z.array(claimedCancelSchema), lastRow: z.number().int() });
export type ClaimedWindow = z.infer<typeof claimedWindowSchema>;

export const batchInputRowSchema = z.object({
  sourceRow: z.number().int(),
  transactionId: z.string(),
  reason: z.string(),
  amount: z.string().nullable(),
  error: z.string().nullable(),
});
export type BatchInputRow = z.infer<typeof batchInputRowSchema>;

export const enqueueDispositionSchema = z.enum(['NEW', 'REQUEUED', 'PENDING', 'SKIPPED']);

export const payupStepInputs = {
  /** A single cancel asked by the operator, and its action (data gains the disposition); SKIPPED writes nothing. */
  'payup.enqueueOne': z.object({ transactionId: z.string().min(1), reason: z.string().min(1), profile: z.string(), action: operatorActionSchema }),
  /** A batch and all its rows, and its action (data gains the dispositions): one transaction. */
  'payup.createBatch': z.object({ batchId: z.string().min(1), sourceFile: z.string(), profile: z.string(), rows: z.array(batchInputRowSchema), action: operatorActionSchema }),
  /** Answers with their exchange records, then the next claim: one transaction. */
  'payup.step': z.object({
    answers: z.array(answerToApplySchema),
    // Serialised where the HTTP layer made them (store/exchange-log.ts serializeExchange).
    records: serializedExchangesSchema,
    claim: claimRequestSchema.nullable(),
  }),
  /** The operator's decision on an UNKNOWN cancel, and its action; refused (nothing written) when it is not UNKNOWN. */
  'payup.resolve': z.object({ transactionId: z.string().min(1), decision: z.enum(['retry', 'abandon']), actor: z.string(), action: operatorActionSchema }),
};

export const enqueuedOutputSchema = z.object({ disposition: enqueueDispositionSchema, row: payupCancelRowSchema, action: operatorActionRowSchema.nullable() });
export const batchCreatedOutputSchema = z.object({ dispositions: z.record(payupBatchDispositionSchema, z.number().int()), action: operatorActionRowSchema });
export const payupStepOutputSchema = z.object({
  window: claimedWindowSchema.nullable(),
  /** exchange_log seq of each record of the step, in order (the audit events are appended with them). */
  seqs: z.array(z.number().int()),
});
export type PayupStepOutput = z.infer<typeof payupStepOutputSchema>;
export const resolvedOutputSchema = z.object({ row: payupCancelRowSchema, action: operatorActionRowSchema });
