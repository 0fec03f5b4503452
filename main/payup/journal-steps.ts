// PayUp's step as the docdesk writer runs it (main/writer/docdesk-writer.worker.ts): a cancel batch's exchange
// records, answers and next claim window, in the writer's group transaction (WAL, synchronous=FULL), so neither
// the commit's fsync nor the SQLCipher page work stalls the HTTPS connections on the main thread.
import type { ExchangeRecord } from '../http/exchange.ts';
import { createExchangeLogInsert, type ExchangeChainEntry } from '../store/exchange-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createPayupJournal } from './journal.ts';
import { payupStepInputs, type PayupStepOutput } from './journal-writer-protocol.ts';

export function payupSteps(db: Db, chain: StepOutbox<ExchangeChainEntry<ExchangeRecord>>): StepHandlers {
  const journal = createPayupJournal(db);
  // The rows go to the step's outbox: the writer builds their audit events after the commit (main/writer/).
  const insertExchange = createExchangeLogInsert(db, chain);
  return stepHandlers(payupStepInputs, {
    'payup.step': (m): PayupStepOutput => {
      const seqs: number[] = [];
      // Inside the writer's group transaction any variant of a transaction function, IMMEDIATE too, runs as a
      // savepoint (better-sqlite3 opens SAVEPOINT when the connection is in a transaction; test/unit/group-commit).
      const window = journal.step.immediate(m.answers, () => m.records.forEach((r) => seqs.push(insertExchange(r))), m.claim);
      return { window, seqs };
    },
  });
}
