// KCP's steps as the docdesk writer runs them (main/writer/docdesk-writer.worker.ts; inputs and outputs:
// journal-writer-protocol.ts), each in its own savepoint of the writer's group transaction (WAL,
// synchronous=FULL): a commit's fsync never stalls the sockets of a batch, and a change commits with the operator
// action that records it or not at all.
import { createExchangeLogInsert, type ExchangeChainEntry } from '../store/exchange-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createOperatorActionInsert, type OperatorChainEntry } from '../store/operator-log.ts';
import { createKcpJournal } from './journal.ts';
import { kcpStepInputs, type KcpStepOutput } from './journal-writer-protocol.ts';

export function kcpSteps(db: Db, chain: StepOutbox<ExchangeChainEntry | OperatorChainEntry>): StepHandlers {
  const journal = createKcpJournal(db);
  // The rows go to the step's outbox: the writer builds their audit events after the commit (main/writer/).
  const insertExchange = createExchangeLogInsert(db, chain);
  const recordAction = createOperatorActionInsert(db, chain);
  // Inside the writer's group transaction any variant of a transaction function runs as a savepoint
  // (better-sqlite3 opens SAVEPOINT when the connection is in a transaction; test/unit/group-commit).
  return stepHandlers(kcpStepInputs, {
    'kcp.startSingle': (m) => ({ row: journal.startSingle(m.verification) }),
    'kcp.finishSingle': (m) => {
      const seqs: number[] = [];
      journal.step(null, [m.answer], () => m.records.forEach((r) => seqs.push(insertExchange(r))), 0);
      return { action: recordAction(m.action), seqs };
    },
    'kcp.createBatch': (m) => {
      journal.createBatch(m.batchId, m.sourceFile, m.profile, m.rows);
      return { action: recordAction(m.action) };
    },
    'kcp.step': (m): KcpStepOutput => {
      const seqs: number[] = [];
      const rows = journal.step(m.batchId, m.answers, () => m.records.forEach((r) => seqs.push(insertExchange(r))), m.claim);
      return { rows, seqs };
    },
    'kcp.requeue': (m) => {
      journal.requeue(m.ids);
      return {};
    },
    'kcp.bumpAttempt': (m) => {
      journal.bumpAttempt(m.id);
      return {};
    },
    'kcp.queueConfirmed': (m) => {
      const queued = journal.queueConfirmed(m.rows);
      return { queued, action: recordAction({ ...m.action, data: { ...m.action.data, rows: queued } }) };
    },
    'kcp.setBatchState': (m) => {
      journal.setBatchState(m.batchId, m.state);
      return {};
    },
  });
}
