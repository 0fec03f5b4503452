// KCP's steps on the docdesk writer (issue 16 steps 6 and 9): their inputs as journal-writer.ts sends them and
// journal-steps.ts runs them, and what they answer — plain objects defined here and in
// shared/domain/kcp-verification.ts, so another implementation of KcpStore (kcp-store.ts) takes the same
// arguments. An operator action travels inside the step whose change it records: both commit or neither does.
import { z } from 'zod';
import { kcpVerificationRowSchema } from '../../shared/domain/kcp-verification.ts';
import { serializedExchangesSchema } from '../store/exchange-log.ts';
import { operatorActionRowSchema, operatorActionSchema } from '../store/operator-log.ts';

/** What a verification's outcome does to its row (service.ts send). */
export const answerSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('answered'),
    state: z.enum(['VERIFIED', 'NOT_VERIFIED', 'FAILED']),
    resCd: z.string(),
    resMsg: z.string(),
    tno: z.string().nullable(),
    appTime: z.string().nullable(),
    appTimeMs: z.number().nullable(),
    fields: z.record(z.string(), z.string()),
  }),
  z.object({ kind: z.literal('failed'), state: z.enum(['FAILED', 'UNKNOWN']), errorCode: z.string(), errorMessage: z.string() }),
]);
export type Answer = z.infer<typeof answerSchema>;
export const rowAnswerSchema = z.object({ id: z.number().int(), answer: answerSchema });
export type RowAnswer = z.infer<typeof rowAnswerSchema>;

/** A verification to journal: a batch row (QUEUED or INVALID) or a single one (IN_FLIGHT at once). */
export const newVerificationSchema = z.object({
  sourceRow: z.number().int().nullable().optional(),
  profile: z.string(),
  transport: z.enum(['ppcli', 'socket']),
  state: z.enum(['QUEUED', 'INVALID', 'IN_FLIGHT']),
  bankCodeInput: z.string(),
  bankCode: z.string().nullable(),
  accountNo: z.string(),
  ownerName: z.string(),
  orderId: z.string().nullable(),
  errorCode: z.string().nullable().optional(),
  errorMessage: z.string().nullable().optional(),
  warnings: z.array(z.string()),
});
export type NewVerification = z.infer<typeof newVerificationSchema>;

/** What a confirmed row will send (validate.ts's answer for it). */
export const confirmedRequestSchema = z.object({
  id: z.number().int(),
  bankCode: z.string(),
  accountNo: z.string(),
  ownerName: z.string(),
  orderId: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type ConfirmedRequest = z.infer<typeof confirmedRequestSchema>;

// Serialised where the transports made them (store/exchange-log.ts serializeExchange).
const exchangeRecords = serializedExchangesSchema;

export const kcpStepInputs = {
  /** A single verification, IN_FLIGHT from its first committed moment. */
  'kcp.startSingle': z.object({ verification: newVerificationSchema.omit({ state: true, sourceRow: true }) }),
  /** Its answer, the exchange records of its calls and the operator action `kcp.verify`: one transaction. */
  'kcp.finishSingle': z.object({ answer: rowAnswerSchema, records: exchangeRecords, action: operatorActionSchema }),
  /** A batch and all its rows, with the operator action `kcp.verifyBatch` (its subject is the batch id). */
  'kcp.createBatch': z.object({ batchId: z.string().min(1), sourceFile: z.string(), profile: z.string(), rows: z.array(newVerificationSchema), action: operatorActionSchema }),
  /** A batch's answers with their exchange records, then up to `claim` QUEUED rows IN_FLIGHT: one transaction. */
  'kcp.step': z.object({ batchId: z.string(), answers: z.array(rowAnswerSchema), records: exchangeRecords, claim: z.number().int().nonnegative() }),
  'kcp.requeue': z.object({ ids: z.array(z.number().int()) }),
  /** A retry of the same row (9502/S102, reference A11): counted, still IN_FLIGHT. */
  'kcp.bumpAttempt': z.object({ id: z.number().int() }),
  /** The operator confirmed unconfirmed banks: these rows become QUEUED, with the action recording it. */
  'kcp.queueConfirmed': z.object({ batchId: z.string(), rows: z.array(confirmedRequestSchema), action: operatorActionSchema }),
  'kcp.setBatchState': z.object({ batchId: z.string(), state: z.enum(['RUNNING', 'DONE', 'STOPPED']) }),
};

export const startedOutputSchema = z.object({ row: kcpVerificationRowSchema });
export const actionOutputSchema = z.object({ action: operatorActionRowSchema, seqs: z.array(z.number().int()) });
export const queuedOutputSchema = z.object({ queued: z.number().int().nonnegative(), action: operatorActionRowSchema });
export const kcpStepOutputSchema = z.object({
  rows: z.array(kcpVerificationRowSchema),
  /** exchange_log seq of each record of a step, in order (the audit events are appended with them). */
  seqs: z.array(z.number().int()),
});
export type KcpStepOutput = z.infer<typeof kcpStepOutputSchema>;
export const emptyOutputSchema = z.object({});
