// PayupStore on docdesk.db's one writer thread (main/writer/; the steps: journal-steps.ts): each step's commit
// (synchronous=FULL) and SQLCipher page work stay off the main thread, where the batch's connections run. A claim
// resolves only after its transaction committed, so "IN_FLIGHT before the request leaves" holds; a step's answers,
// their exchange records and the next claim share ONE transaction. After each commit the operator action and the
// exchange records the step wrote are chained into the audit log, before the caller hears of it.
import { randomUUID } from 'node:crypto';
import type { ExchangeRecord } from '../http/exchange.ts';
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

export function createPayupStoreOnWriter(steps: StepWriter, o: { operatorLog: OperatorLog; chainExchange: (record: ExchangeRecord, seq: number) => void }): PayupStore {
  const run = stepCaller<typeof payupStepInputs>(steps, '취소 기록(저널)');
  const { operatorLog } = o;
  return {
    async enqueueOne(input) {
      const action = operatorLog.stamp('payup.cancel', input.transactionId, { reason: input.reason });
      const out = enqueuedOutputSchema.parse(await run('payup.enqueueOne', { ...input, action }));
      if (out.action !== null) operatorLog.chainWritten(out.action);
      return { disposition: out.disposition, row: out.row };
    },
    async createBatch(input) {
      const batchId = randomUUID();
      const action = operatorLog.stamp('payup.cancelBatch', batchId, { file: input.sourceFile, rows: input.rows.length });
      const out = batchCreatedOutputSchema.parse(await run('payup.createBatch', { ...input, batchId, action }));
      operatorLog.chainWritten(out.action);
      return { batchId, dispositions: out.dispositions };
    },
    async step(answers, records, claim) {
      const { window, seqs } = payupStepOutputSchema.parse(await run('payup.step', { answers, records, claim }));
      if (seqs.length !== records.length) throw new Error(`payup journal writer: ${seqs.length} seqs for ${records.length} exchange records`);
      records.forEach((record, i) => o.chainExchange(record, seqs[i] as number));
      return window;
    },
    async resolve(input) {
      const action = operatorLog.stamp('payup.resolve', input.transactionId, { decision: input.decision, from: 'UNKNOWN' });
      const out = resolvedOutputSchema.parse(await run('payup.resolve', { ...input, action }));
      operatorLog.chainWritten(out.action);
      return out.row;
    },
  };
}
