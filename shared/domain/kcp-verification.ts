// KCP account verification (계좌인증) as the UI, the CLI and the journal see it (reference kcp-and-payup.md
// A8–A11). Runtime-neutral. Account numbers and names leave the backend only masked.
import { z } from 'zod';

export const KCP_VERIFICATION_STATES = [
  'QUEUED', // batch row validated, not sent yet
  'INVALID', // refused by validation: nothing sent
  'IN_FLIGHT', // journalled, the call is running (after a crash: UNKNOWN)
  'VERIFIED', // res_cd 0000 (reference A10: verified means 0000 and nothing else)
  'NOT_VERIFIED', // the gateway answered another res_cd
  'FAILED', // the call never produced a gateway answer (wrapper 9502/S102, connection refused, …)
  'UNKNOWN', // the request may have reached the gateway but no answer was recorded (timeout, crash)
] as const;
export const kcpVerificationStateSchema = z.enum(KCP_VERIFICATION_STATES);
export type KcpVerificationState = z.infer<typeof kcpVerificationStateSchema>;

/** What the operator asks: raw input, validated by the backend (main/kcp/validate.ts). */
export const kcpVerifyInputSchema = z.strictObject({
  bankCode: z.string().min(1).max(8),
  accountNo: z.string().min(1).max(40),
  ownerName: z.string().min(1).max(40),
  orderId: z.string().min(1).max(40).optional(),
  /** Needed for banks whose KCP support is unconfirmed (shared/domain/banks.ts kcpVerified=false). */
  confirmUnverifiedBank: z.boolean().default(false),
});
export type KcpVerifyInput = z.input<typeof kcpVerifyInputSchema>;

export const kcpVerificationResultSchema = z.object({
  id: z.number().int(),
  state: kcpVerificationStateSchema,
  verified: z.boolean(),
  bankCode: z.string().nullable(),
  bankName: z.string().nullable(),
  /** The legacy code given on input when it was mapped (seed 004 merged banks). */
  bankCodeMappedFrom: z.string().nullable(),
  /** Masked: `국민 ****1234` style (evidence-and-audit.md §9). */
  accountMasked: z.string(),
  ownerMasked: z.string(),
  orderId: z.string().nullable(),
  resCd: z.string().nullable(),
  resMsg: z.string().nullable(),
  tno: z.string().nullable(),
  /** yyyyMMddHHmmss as KCP sent it (KST). */
  appTime: z.string().nullable(),
  /** app_time as ms UTC, when it parses. */
  appTimeMs: z.number().nullable(),
  transport: z.enum(['ppcli', 'socket']),
  /** Korean: what happened and what to do next. */
  message: z.string(),
  warnings: z.array(z.string()),
  errorCode: z.string().nullable(),
});
export type KcpVerificationResult = z.infer<typeof kcpVerificationResultSchema>;

export const kcpBatchRowResultSchema = kcpVerificationResultSchema.extend({ /** 1-based sheet row. */ row: z.number().int() });
export type KcpBatchRowResult = z.infer<typeof kcpBatchRowResultSchema>;

export const kcpBatchResultSchema = z.object({
  batchId: z.string(),
  rows: z.number().int(),
  counts: z.record(kcpVerificationStateSchema, z.number().int()),
  results: z.array(kcpBatchRowResultSchema),
  elapsedMs: z.number(),
  resultFile: z.string().nullable(),
});
export type KcpBatchResult = z.infer<typeof kcpBatchResultSchema>;

export const kcpBatchProgressSchema = z.object({ batchId: z.string(), done: z.number().int(), total: z.number().int() });
export type KcpBatchProgress = z.infer<typeof kcpBatchProgressSchema>;

/** A batch file checked before anything is journalled or sent (the batch screen's preview step). */
export const kcpBatchPreviewSchema = z.object({
  sheet: z.string(),
  headerRow: z.number().int(),
  rows: z.number().int(),
  valid: z.number().int(),
  invalid: z.number().int(),
  /** Valid rows whose bank is not confirmed for KCP: sent only when the operator confirms. */
  unverifiedBanks: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
});
export type KcpBatchPreview = z.infer<typeof kcpBatchPreviewSchema>;

/** A verification as the journal holds it (main/kcp/journal.ts); account and name unmasked: it stays in main. */
export const kcpVerificationRowSchema = z.object({
  id: z.number().int(),
  batchId: z.string().nullable(),
  sourceRow: z.number().int().nullable(),
  profile: z.string(),
  transport: z.enum(['ppcli', 'socket']),
  state: kcpVerificationStateSchema,
  bankCodeInput: z.string(),
  bankCode: z.string().nullable(),
  accountNo: z.string(),
  ownerName: z.string(),
  orderId: z.string().nullable(),
  attempts: z.number().int(),
  resCd: z.string().nullable(),
  resMsg: z.string().nullable(),
  tno: z.string().nullable(),
  appTime: z.string().nullable(),
  appTimeMs: z.number().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  warnings: z.array(z.string()),
  createdAt: z.number(),
});
export type KcpVerificationRow = z.infer<typeof kcpVerificationRowSchema>;

export type KcpStateCounts = Record<KcpVerificationState, number>;

export const kcpBatchSchema = z.object({
  id: z.string(),
  sourceFile: z.string(),
  profile: z.string(),
  rowCount: z.number().int(),
  state: z.enum(['RUNNING', 'DONE', 'STOPPED']),
  createdAt: z.number(),
});
export type KcpBatch = z.infer<typeof kcpBatchSchema>;
