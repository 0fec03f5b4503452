// KcpStore on docdesk.db's one writer thread (main/writer/; the steps: journal-steps.ts): a commit with
// synchronous=FULL costs milliseconds of fsync, and on the main thread every commit would stall a batch's sockets.
// A claim resolves only after its transaction committed, so "IN_FLIGHT before the request leaves" holds. The
// writer chains the operator action and the exchange records a step wrote after its commit
// (main/writer/audit-route.ts); a step with an operator action is answered once its event is committed.
import { randomUUID } from 'node:crypto';
import { serializeExchange } from '../store/exchange-log.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import { actionOutputSchema, emptyOutputSchema, kcpStepOutputSchema, queuedOutputSchema, startedOutputSchema, type kcpStepInputs } from './journal-writer-protocol.ts';
import type { KcpStore } from './kcp-store.ts';

export function createKcpStoreOnWriter(steps: StepWriter, o: { operatorLog: OperatorLog }): KcpStore {
  const run = stepCaller<typeof kcpStepInputs>(steps, '계좌인증 기록(저널)');
  const { operatorLog } = o;
  return {
    startSingle: async (verification) => startedOutputSchema.parse(await run('kcp.startSingle', { verification })).row,
    async finishSingle(answer, records, a) {
      actionOutputSchema.parse(await run('kcp.finishSingle', { answer, records: records.map(serializeExchange), action: operatorLog.stamp(a.name, a.subject, a.data) }));
    },
    async createBatch({ actionData, ...input }) {
      const batchId = randomUUID();
      actionOutputSchema.omit({ seqs: true }).parse(await run('kcp.createBatch', { ...input, batchId, action: operatorLog.stamp('kcp.verifyBatch', batchId, actionData) }));
      return batchId;
    },
    async step(batchId, answers, records, claim) {
      return kcpStepOutputSchema.parse(await run('kcp.step', { batchId, answers, records: records.map(serializeExchange), claim })).rows;
    },
    requeue: async (ids) => void emptyOutputSchema.parse(await run('kcp.requeue', { ids })),
    bumpAttempt: async (id) => void emptyOutputSchema.parse(await run('kcp.bumpAttempt', { id })),
    async queueConfirmed(batchId, rows) {
      return queuedOutputSchema.parse(await run('kcp.queueConfirmed', { batchId, rows, action: operatorLog.stamp('kcp.confirmUnverifiedBanks', batchId) })).queued;
    },
    setBatchState: async (batchId, state) => void emptyOutputSchema.parse(await run('kcp.setBatchState', { batchId, state })),
  };
}
