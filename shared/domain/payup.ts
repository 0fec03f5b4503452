// PayUp KakaoPay cancel across the contract (seed 002 §3.4; issue 5). No schema here carries the apiCertKey or
// a signature: they never leave main.
import { z } from 'zod';

export const PAYUP_CANCEL_STATES = ['QUEUED', 'IN_FLIGHT', 'CANCELLED', 'ALREADY_CANCELLED', 'REJECTED', 'UNKNOWN', 'ABANDONED'] as const;
export const payupCancelStateSchema = z.enum(PAYUP_CANCEL_STATES);
export type PayupCancelStateName = z.infer<typeof payupCancelStateSchema>;

export const payupStateCountsSchema = z.record(payupCancelStateSchema, z.number().int().min(0));

export const payupCancelInputSchema = z.strictObject({
  transactionId: z.string().trim().min(1).max(20),
  reason: z.string().trim().min(1).max(256),
});

export const payupCancelResultSchema = z.object({
  transactionId: z.string(),
  disposition: z.enum(['NEW', 'REQUEUED', 'PENDING', 'SKIPPED']),
  sent: z.boolean(),
  state: payupCancelStateSchema,
  responseCode: z.string().nullable(),
  responseMessage: z.string().nullable(),
  cancelDateTime: z.string().nullable(),
  detail: z.string().nullable(),
  summary: z.string(),
  /** What to do next for responseCode (seed 002 §4.1 table, main/payup/response-codes.ts); null without a code. */
  advice: z.string().nullable().optional(),
});

export const payupBatchPreviewSchema = z.object({
  file: z.string(),
  sheet: z.string(),
  headerRow: z.number().int(),
  rows: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  duplicatesInFile: z.number().int(),
  alreadyInJournal: z.partialRecord(payupCancelStateSchema, z.number().int()),
  toSend: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});

const tallySchema = z.object({
  sent: z.number().int(),
  cancelled: z.number().int(),
  alreadyCancelled: z.number().int(),
  rejected: z.number().int(),
  unknown: z.number().int(),
  notSent: z.number().int(),
});

export const payupBatchRunSchema = z.object({
  batchId: z.string(),
  stopped: z.enum(['done', 'aborted', 'unreachable']),
  dispositions: z.record(z.enum(['NEW', 'REQUEUED', 'PENDING', 'SKIPPED', 'DUPLICATE', 'INVALID']), z.number().int()),
  tally: tallySchema,
  counts: payupStateCountsSchema,
  elapsedMs: z.number(),
  resultFile: z.string().nullable(),
});

export const payupProgressSchema = tallySchema.extend({ elapsedMs: z.number() });

export const payupCancelRowSchema = z.object({
  id: z.number().int(),
  transactionId: z.string(),
  reason: z.string(),
  amount: z.string().nullable(),
  batchId: z.string().nullable(),
  sourceRow: z.number().int().nullable(),
  profile: z.string(),
  state: payupCancelStateSchema,
  stateAt: z.number(),
  attempts: z.number().int(),
  unknownCount: z.number().int(),
  responseCode: z.string().nullable(),
  responseMessage: z.string().nullable(),
  cancelDateTime: z.string().nullable(),
  detail: z.string().nullable(),
  createdAt: z.number(),
});
export type PayupCancelRow = z.infer<typeof payupCancelRowSchema>;
export type PayupStateCounts = Record<PayupCancelStateName, number>;

export const PAYUP_BATCH_DISPOSITIONS = ['NEW', 'REQUEUED', 'PENDING', 'SKIPPED', 'DUPLICATE', 'INVALID'] as const;
export const payupBatchDispositionSchema = z.enum(PAYUP_BATCH_DISPOSITIONS);
export type PayupBatchDisposition = z.infer<typeof payupBatchDispositionSchema>;

/** One step of a cancel's timeline (queued, sending, cancelled, unknown, resolved, …). */
export const payupCancelEventSchema = z.object({ at: z.number(), kind: z.string(), data: z.unknown() });
export type PayupCancelEvent = z.infer<typeof payupCancelEventSchema>;

/** A batch file's row with what became of it; an INVALID or DUPLICATE row has no cancel state of its own. */
export const payupBatchRowSchema = z.object({
  sourceRow: z.number().int(),
  transactionId: z.string(),
  reason: z.string(),
  amount: z.string().nullable(),
  disposition: payupBatchDispositionSchema,
  error: z.string().nullable(),
  state: payupCancelStateSchema.nullable(),
  responseCode: z.string().nullable(),
  responseMessage: z.string().nullable(),
  cancelDateTime: z.string().nullable(),
  detail: z.string().nullable(),
});
export type PayupBatchRow = z.infer<typeof payupBatchRowSchema>;

export const payupListFilterSchema = z.object({ state: payupCancelStateSchema.optional(), batchId: z.string().optional(), limit: z.number().int().positive().optional() });
export type PayupListFilter = z.infer<typeof payupListFilterSchema>;
