// What the PayUp cancel service writes, named (issue 16 step 9): every method is one step that commits before it
// resolves, its arguments and results plain objects defined by zod schemas (journal-writer-protocol.ts,
// shared/domain/payup.ts). No database type and no callback that runs SQL appears here, so another database (a
// PostgreSQL team server) can implement the same steps with its own transactions. Today's implementation runs them
// on docdesk.db's one writer (journal-writer.ts). Operator actions are recorded by the step of the change they
// record; the implementation chains them and the exchange records into the audit log after the commit.
import type { PayupCancelRow } from '../../shared/domain/payup.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { Disposition } from './cancel-rows.ts';
import type { AnswerToApply, BatchInputRow, ClaimedWindow, ClaimRequest } from './journal-writer-protocol.ts';

export type EnqueueDisposition = 'NEW' | 'REQUEUED' | 'PENDING' | 'SKIPPED';

export interface PayupStore {
  /**
   * Journals the operator's wish to cancel one transaction, with the operator action `payup.cancel`: a transaction
   * already handled is SKIPPED (nothing written), a REJECTED one is asked again.
   */
  enqueueOne(input: { transactionId: string; reason: string; profile: string }): Promise<{ disposition: EnqueueDisposition; row: PayupCancelRow }>;
  /** A batch and every row of its file, with the operator action `payup.cancelBatch`: one commit. */
  createBatch(input: { sourceFile: string; profile: string; rows: BatchInputRow[] }): Promise<{ batchId: string; dispositions: Record<Disposition, number> }>;
  /**
   * Applies `answers` with the exchange `records` of their calls, then claims `claim` IN_FLIGHT: one commit,
   * after which the claimed requests may leave.
   */
  step(answers: AnswerToApply[], records: ExchangeRecord[], claim: ClaimRequest | null): Promise<ClaimedWindow | null>;
  /** The operator's decision on an UNKNOWN cancel, with its action; refused (PAYUP_NOT_UNKNOWN…) when there is none to make. */
  resolve(input: { transactionId: string; decision: 'retry' | 'abandon'; actor: string }): Promise<PayupCancelRow>;
}
