// PayUp's steps as the docdesk writer runs them (main/writer/docdesk-writer.worker.ts; inputs and outputs:
// journal-writer-protocol.ts), each in its own savepoint of the writer's group transaction (WAL,
// synchronous=FULL): neither the commit's fsync nor the SQLCipher page work stalls the HTTPS connections on the
// main thread, and a change commits with the operator action that records it or not at all.
import { createExchangeLogInsert, type ExchangeChainEntry } from '../store/exchange-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createOperatorActionInsert, type OperatorChainEntry } from '../store/operator-log.ts';
import { createPayupJournal } from './journal.ts';
import { payupStepInputs, type PayupStepOutput } from './journal-writer-protocol.ts';

export function payupSteps(db: Db, chain: StepOutbox<ExchangeChainEntry | OperatorChainEntry>): StepHandlers {
  const journal = createPayupJournal(db);
  // The rows go to the step's outbox: the writer builds their audit events after the commit (main/writer/).
  const insertExchange = createExchangeLogInsert(db, chain);
  const recordAction = createOperatorActionInsert(db, chain);
  // Inside the writer's group transaction any variant of a transaction function, IMMEDIATE too, runs as a
  // savepoint (better-sqlite3 opens SAVEPOINT when the connection is in a transaction; test/unit/group-commit).
  return stepHandlers(payupStepInputs, {
    'payup.enqueueOne': ({ action, ...m }) => {
      const { disposition, row } = journal.enqueue(m.transactionId, m.reason, null, m.profile);
      // Already handled: nothing was asked of PayUp, so nothing is recorded.
      if (disposition === 'SKIPPED') return { disposition, row, action: null };
      return { disposition, row, action: recordAction({ ...action, data: { ...action.data, disposition } }) };
    },
    'payup.createBatch': ({ action, ...m }) => {
      const dispositions = journal.createBatch(m.batchId, m.sourceFile, m.profile, m.rows);
      return { dispositions, action: recordAction({ ...action, data: { ...action.data, dispositions } }) };
    },
    'payup.step': (m): PayupStepOutput => {
      const seqs: number[] = [];
      const window = journal.step(m.answers, () => m.records.forEach((r) => seqs.push(insertExchange(r))), m.claim);
      return { window, seqs };
    },
    'payup.resolve': ({ action, ...m }) => ({ row: journal.resolve(m.transactionId, m.decision, m.actor), action: recordAction(action) }),
  });
}
