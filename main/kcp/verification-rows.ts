// Row shapes of the KCP verification journal's tables (migration 3), parsed where they leave SQL (issue 16): a row
// that does not fit is refused naming the table and column. A claim group parses its rows once per group.
import { z } from 'zod';
import { kcpVerificationStateSchema } from '../../shared/domain/kcp-verification.ts';
import { countRowSchema, integerSchema, rowParser } from '../store/row-shapes.ts';

/** `SELECT * FROM kcp_verifications` (the columns the journal reads; result_json, sent_at, answered_at stay in SQL). */
const verificationRowSchema = z.object({
  id: integerSchema,
  batch_id: z.string().nullable(),
  source_row: integerSchema.nullable(),
  profile: z.string(),
  transport: z.enum(['ppcli', 'socket']),
  state: kcpVerificationStateSchema,
  bank_code_input: z.string(),
  bank_code: z.string().nullable(),
  account_no: z.string(),
  owner_name: z.string(),
  order_id: z.string().nullable(),
  attempts: integerSchema,
  res_cd: z.string().nullable(),
  res_msg: z.string().nullable(),
  tno: z.string().nullable(),
  app_time: z.string().nullable(),
  app_time_ms: integerSchema.nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  warnings_json: z.string(),
  created_at: integerSchema,
});
export type VerificationDbRow = z.infer<typeof verificationRowSchema>;

export const parseVerificationRow = rowParser('kcp_verifications', verificationRowSchema.optional());
export const parseVerificationRows = rowParser('kcp_verifications', z.array(verificationRowSchema));
/** The JSON text of `warnings_json`, once parsed. */
export const parseWarnings = rowParser('kcp_verifications.warnings_json', z.array(z.string()));
export const parseInterruptedCount = rowParser('kcp_verifications/kcp_batches', integerSchema);
export const parseStateCounts = rowParser('kcp_verifications', z.array(countRowSchema.extend({ state: kcpVerificationStateSchema })));

export const parseBatch = rowParser(
  'kcp_batches',
  z
    .object({ id: z.string(), source_file: z.string(), profile: z.string(), row_count: integerSchema, state: z.enum(['RUNNING', 'DONE', 'STOPPED']), created_at: integerSchema })
    .optional(),
);
