// KCP's steps as the docdesk writer runs them (main/writer/docdesk-writer.worker.ts): a batch's answers, their
// exchange records and the next claim, in the writer's group transaction (WAL, synchronous=FULL), so a commit's
// fsync never stalls the sockets of the batch.
import type { ExchangeRecord } from '../http/exchange.ts';
import { createExchangeLogInsert, type ExchangeChainEntry } from '../store/exchange-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createKcpJournal } from './journal.ts';
import { kcpStepInputs, type KcpStepOutput } from './journal-writer-protocol.ts';

export function kcpSteps(db: Db, chain: StepOutbox<ExchangeChainEntry<ExchangeRecord>>): StepHandlers {
  const journal = createKcpJournal(db);
  // The rows go to the step's outbox: the writer builds their audit events after the commit (main/writer/).
  const insertExchange = createExchangeLogInsert(db, chain);
  return stepHandlers(kcpStepInputs, {
    'kcp.step': (m): KcpStepOutput => {
      const seqs: number[] = [];
      // Inside the writer's group transaction any variant of a transaction function, IMMEDIATE too, runs as a
      // savepoint (better-sqlite3 opens SAVEPOINT when the connection is in a transaction; test/unit/group-commit).
      const rows = journal.step.immediate(m.batchId, m.answers, () => m.records.forEach((r) => seqs.push(insertExchange(r))), m.claim);
      return { rows, seqs };
    },
    'kcp.requeue': (m): KcpStepOutput => {
      journal.requeue.immediate(m.ids);
      return { rows: [], seqs: [] };
    },
  });
}
