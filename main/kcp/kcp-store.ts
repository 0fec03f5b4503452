// What the KCP verification service writes, named (issue 16 step 9): every method is one step that commits before
// it resolves, its arguments and results plain objects defined by zod schemas (journal-writer-protocol.ts,
// shared/domain/kcp-verification.ts). No database type and no callback that runs SQL appears here, so another
// database (a PostgreSQL team server) can implement the same steps. Today's implementation runs them on
// docdesk.db's one writer (journal-writer.ts), which also chains the operator actions and exchange records into
// the audit log after each commit.
import type { KcpVerificationRow } from '../../shared/domain/kcp-verification.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { ConfirmedRequest, NewVerification, RowAnswer } from './journal-writer-protocol.ts';

/** An operator action as the service describes it; the store stamps it (time, actor, profile). */
export type ActionRequest = { name: string; subject: string; data: Record<string, unknown> };

export interface KcpStore {
  /** A single verification journalled IN_FLIGHT; resolves once committed, before its request may leave. */
  startSingle(v: Omit<NewVerification, 'state' | 'sourceRow'>): Promise<KcpVerificationRow>;
  /** Its answer, the exchange records of its calls and its operator action: one commit. */
  finishSingle(answer: RowAnswer, records: ExchangeRecord[], action: ActionRequest): Promise<void>;
  /** A batch and all its rows, with the operator action `kcp.verifyBatch` (`data` as given): one commit. */
  createBatch(input: { sourceFile: string; profile: string; rows: NewVerification[]; actionData: Record<string, unknown> }): Promise<string>;
  /** A batch's answers with their exchange records, then up to `claim` QUEUED rows IN_FLIGHT: one commit. */
  step(batchId: string, answers: RowAnswer[], records: ExchangeRecord[], claim: number): Promise<KcpVerificationRow[]>;
  /** Rows claimed but never sent go back to the queue. */
  requeue(ids: number[]): Promise<void>;
  /** One more attempt of a row still IN_FLIGHT (the A11 retry). */
  bumpAttempt(id: number): Promise<void>;
  /** Rows the operator confirmed become QUEUED, with the action `kcp.confirmUnverifiedBanks`; resolves how many. */
  queueConfirmed(batchId: string, rows: ConfirmedRequest[]): Promise<number>;
  setBatchState(batchId: string, state: 'RUNNING' | 'DONE' | 'STOPPED'): Promise<void>;
}
