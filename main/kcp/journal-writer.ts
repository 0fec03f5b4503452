// KcpStore on docdesk.db's one writer thread (main/writer/; the steps: journal-steps.ts): a commit with
// synchronous=FULL costs milliseconds of fsync, and on the main thread every commit would stall a batch's sockets.
// A claim resolves only after its transaction committed, so "IN_FLIGHT before the request leaves" holds. After a
// commit the operator action and the exchange records the step wrote are chained into the audit log, before the
// caller hears of it.
import { randomUUID } from 'node:crypto';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import { actionOutputSchema, emptyOutputSchema, kcpStepOutputSchema, queuedOutputSchema, startedOutputSchema, type kcpStepInputs } from './journal-writer-protocol.ts';
import type { KcpStore } from './kcp-store.ts';

export function createKcpStoreOnWriter(steps: StepWriter, o: { operatorLog: OperatorLog; chainExchange: (record: ExchangeRecord, seq: number) => void }): KcpStore {
  const run = stepCaller<typeof kcpStepInputs>(steps, '계좌인증 기록(저널)');
  const { operatorLog } = o;
  const chain = (records: ExchangeRecord[], seqs: number[]): void => {
    if (seqs.length !== records.length) throw new Error(`kcp journal writer: ${seqs.length} seqs for ${records.length} exchange records`);
    records.forEach((r, i) => o.chainExchange(r, seqs[i] as number));
  };
  return {
    startSingle: async (verification) => startedOutputSchema.parse(await run('kcp.startSingle', { verification })).row,
    async finishSingle(answer, records, a) {
      const out = actionOutputSchema.parse(await run('kcp.finishSingle', { answer, records, action: operatorLog.stamp(a.name, a.subject, a.data) }));
      chain(records, out.seqs);
      operatorLog.chainWritten(out.action);
    },
    async createBatch({ actionData, ...input }) {
      const batchId = randomUUID();
      const out = actionOutputSchema.omit({ seqs: true }).parse(await run('kcp.createBatch', { ...input, batchId, action: operatorLog.stamp('kcp.verifyBatch', batchId, actionData) }));
      operatorLog.chainWritten(out.action);
      return batchId;
    },
    async step(batchId, answers, records, claim) {
      const { rows, seqs } = kcpStepOutputSchema.parse(await run('kcp.step', { batchId, answers, records, claim }));
      chain(records, seqs);
      return rows;
    },
    requeue: async (ids) => void emptyOutputSchema.parse(await run('kcp.requeue', { ids })),
    bumpAttempt: async (id) => void emptyOutputSchema.parse(await run('kcp.bumpAttempt', { id })),
    async queueConfirmed(batchId, rows) {
      const out = queuedOutputSchema.parse(await run('kcp.queueConfirmed', { batchId, rows, action: operatorLog.stamp('kcp.confirmUnverifiedBanks', batchId) }));
      operatorLog.chainWritten(out.action);
      return out.queued;
    },
    setBatchState: async (batchId, state) => void emptyOutputSchema.parse(await run('kcp.setBatchState', { batchId, state })),
  };
}
