// Row shapes of the PayUp cancel journal's tables (migration 2), parsed where they leave SQL (issue 16): a row
// that does not fit is refused naming the table and column. The claim window parses its rows once per window.
import { z } from 'zod';
import { payupBatchDispositionSchema, payupCancelStateSchema, type PayupBatchDisposition } from '../../shared/domain/payup.ts';
import { countRowSchema, integerSchema, rowParser } from '../store/row-shapes.ts';

export type Disposition = PayupBatchDisposition;

/** `SELECT * FROM payup_cancels` (the columns the journal reads; sent_at and answered_at stay in SQL). */
const cancelRowSchema = z.object({
  id: integerSchema,
  transaction_id: z.string(),
  reason: z.string(),
  amount: z.string().nullable(),
  batch_id: z.string().nullable(),
  source_row: integerSchema.nullable(),
  profile: z.string(),
  state: payupCancelStateSchema,
  state_at: integerSchema,
  attempts: integerSchema,
  unknown_count: integerSchema,
  response_code: z.string().nullable(),
  response_message: z.string().nullable(),
  cancel_date_time: z.string().nullable(),
  detail: z.string().nullable(),
  created_at: integerSchema,
});
export type CancelDbRow = z.infer<typeof cancelRowSchema>;

export const parseCancelRow = rowParser('payup_cancels', cancelRowSchema.optional());
export const parseCancelRows = rowParser('payup_cancels', z.array(cancelRowSchema));
/** A claim window: the columns a claim needs of each QUEUED row (journal.ts pickBatch), with the file row it came from. */
export const parseClaimWindow = rowParser(
  'payup_cancels/payup_batch_rows',
  z.array(cancelRowSchema.pick({ id: true, transaction_id: true, reason: true, batch_id: true, unknown_count: true }).extend({ batch_row: integerSchema })),
);
/** A cancel's claim while its answer is awaited (IN_FLIGHT): the timeline shows it, the outcome's event carries it. */
export const parseClaimOfRow = rowParser('payup_cancels', cancelRowSchema.pick({ state: true, attempts: true }).extend({ sent_at: integerSchema.nullable() }).optional());
/** What the journal checks of a transaction it already holds before it asks it again. */
export const parseCancelState = rowParser('payup_cancels', cancelRowSchema.pick({ id: true, state: true, response_code: true }).optional());
/** The states of the transactions a batch names that the journal already holds. */
export const parseCancelStates = rowParser('payup_cancels', z.array(cancelRowSchema.pick({ transaction_id: true, state: true })));
export const parseCancelIds = rowParser('payup_cancels', z.array(cancelRowSchema.pick({ id: true })));
export const parseInFlightCount = rowParser('payup_cancels', integerSchema);
export const parseStateCounts = rowParser('payup_cancels', z.array(countRowSchema.extend({ state: payupCancelStateSchema })));

export const parseBatch = rowParser(
  'payup_batches',
  z.object({ id: z.string(), source_file: z.string(), profile: z.string(), row_count: integerSchema, created_at: integerSchema }).optional(),
);

/** A batch's file rows with what became of each (an INVALID row has no cancel row: the cancel columns are NULL). */
export const parseBatchRows = rowParser(
  'payup_batch_rows/payup_cancels',
  z.array(
    z.object({
      source_row: integerSchema,
      transaction_id: z.string(),
      reason: z.string(),
      amount: z.string().nullable(),
      disposition: payupBatchDispositionSchema,
      error: z.string().nullable(),
      state: payupCancelStateSchema.nullable(),
      response_code: z.string().nullable(),
      response_message: z.string().nullable(),
      cancel_date_time: z.string().nullable(),
      detail: z.string().nullable(),
    }),
  ),
);

export const parseCancelEvents = rowParser('payup_cancel_events', z.array(z.object({ at: integerSchema, kind: z.string(), data_json: z.string() })));
