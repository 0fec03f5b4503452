// PayupStore on docdesk.db's one writer thread (main/writer/; the steps: journal-steps.ts): each step's commit
// (synchronous=FULL) and SQLCipher page work stay off the main thread, where the batch's connections run. A claim
// resolves only after its transaction committed, so "IN_FLIGHT before the request leaves" holds; a step's answers,
// their exchange records and the next claim share ONE transaction. The writer chains the operator action and the
// exchange records a step wrote after its commit (main/writer/audit-route.ts); a step with an operator action is
// answered once its event is committed.
import { randomUUID } from 'node:crypto';
import { serializeExchange } from '../store/exchange-log.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import {
  batchCreatedOutputSchema,
  enqueuedOutputSchema,
  payupStepOutputSchema,
  resolvedOutputSchema,
  type payupStepInputs,
} from './journal-writer-protocol.ts';
import type { PayupStore } from './payup-store.ts';

export function createPayupStoreOnWriter(steps: StepWriter, o: { operatorLog: OperatorLog }): PayupStore {
  const run = stepCaller<typeof payupStepInputs>(steps, '취소 기록(저널)');
  const { operatorLog } = o;
  return {
    async enqueueOne(input) {
      const action = operatorLog.stamp('payup.cancel', input.transactionId, { reason: input.reason });
      const out = enqueuedOutputSchema.parse(await run('payup.enqueueOne', { ...input, action }));
      return { disposition: out.disposition, row: out.row };
    },
    async createBatch(input) {
      const batchId = randomUUID();
      const action = operatorLog.stamp('payup.cancelBatch', batchId, { file: input.sourceFile, rows: input.rows.length });
      const out = batchCreatedOutputSchema.parse(await run('payup.createBatch', { ...input, batchId, action }));
      return { batchId, dispositions: out.dispositions };
    },
    async step(answers, records, claim) {
      return payupStepOutputSchema.parse(await run('payup.step', { answers, records: records.map(serializeExchange), claim })).window;
    },
    async resolve(input) {
      const action = operatorLog.stamp('payup.resolve', input.transactionId, { decision: input.decision, from: 'UNKNOWN' });
      return resolvedOutputSchema.parse(await run('payup.resolve', { ...input, action })).row;
    },
  };
}
