// MailingStore (main/mailing/mailing-store.ts) on SQLite: each method posts named steps to docdesk.db's one writer
// and resolves after their commit — the send loop's journal with the exchange records of its calls
// (mailing/journal-writer.ts, steps in journal-steps.ts), the operator's decisions with their records
// (mailing/action-steps-protocol.ts, steps in action-steps.ts). The composition root builds it and hands it to
// the mailing engine, which never sees a connection.
import type { MailingStore } from '../mailing/mailing-store.ts';
import { createJournalWriter, type JournalWriterDeps } from '../mailing/journal-writer.ts';
import { createMailingActionSteps } from '../mailing/action-steps-protocol.ts';
import type { OperatorLog } from '../store/operator-log.ts';

export function createWriterMailingStore(deps: JournalWriterDeps & { operatorLog: OperatorLog }): MailingStore {
  const journal = createJournalWriter(deps);
  const actions = createMailingActionSteps(deps.steps, deps.operatorLog);
  return {
    startSend: journal.startSend,
    claim: journal.claim,
    apply: journal.apply,
    requeue: journal.requeue,
    finishSend: journal.finishSend,
    applyPoll: journal.applyPoll,
    storeDocuments: journal.storeDocuments,
    pause: actions.pause,
    cancel: actions.cancel,
    resolveUnknown: actions.resolveUnknown,
    createOne: actions.createOne,
    beginImport: actions.beginImport,
    completeImport: actions.completeImport,
    discardImport: actions.discardImport,
  };
}
