// Where a batch commits its journal steps. In-process (synchronous better-sqlite3, as the single verification
// does) or, in the backend, on the docdesk writer thread (main/writer/; the steps: journal-steps.ts): a commit
// with synchronous=FULL costs milliseconds of fsync, and on the main thread every commit would stall the batch's
// sockets. Either way a claim resolves only after its transaction committed, so "IN_FLIGHT before the request
// leaves" holds.
import type { ExchangeRecord, ExchangeSink } from '../http/exchange.ts';
import type { Answer, KcpJournal, VerificationRow } from './journal.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import { kcpStepOutputSchema, type kcpStepInputs } from './journal-writer-protocol.ts';

export type BatchStore = {
  /**
   * Applies `answers` with their exchange `records`, then claims up to `claim` more rows of the batch — one
   * transaction, resolved after its commit. `seqs` are the records' exchange_log rows when this store wrote
   * them without the audit tee (the caller chains them), else empty.
   */
  step(batchId: string, answers: { id: number; answer: Answer }[], records: ExchangeRecord[], claim: number): Promise<{ rows: VerificationRow[]; seqs: number[] }>;
  requeue(ids: number[]): Promise<void>;
  close(): Promise<void>;
};

export function inProcessStore(journal: KcpJournal, sink: ExchangeSink): BatchStore {
  return {
    step: async (batchId, answers, records, claim) => ({ rows: journal.step(batchId, answers, () => records.forEach((r) => sink.append(r)), claim), seqs: [] }),
    requeue: async (ids) => journal.requeue(ids),
    close: async () => {},
  };
}

export function workerStore(steps: StepWriter): BatchStore {
  const run = stepCaller<typeof kcpStepInputs>(steps, '계좌인증 기록(저널)');
  return {
    step: async (batchId, answers, records, claim) => kcpStepOutputSchema.parse(await run('kcp.step', { batchId, answers, records, claim })),
    requeue: async (ids) => void (await run('kcp.requeue', { ids })),
    // Nothing of its own to stop: the writer is shared and closed by its owner (the composition root), after this.
    close: async () => {},
  };
}
