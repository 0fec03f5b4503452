// The mailing engine facade: one object the backend exposes to every face (CLI, IPC, test bridge).
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { Db } from '../store/open-database.ts';
import type { OperatorLog } from '../store/operator-log.ts';
import type { UnknownResolution } from '../../shared/domain/mailing.ts';
import { createJournal } from './journal.ts';
import { createMailingQueries } from './mailing-queries.ts';
import { createPoller } from './poller.ts';
import { preReview, type PreReviewTarget } from './pre-review.ts';
import { createSender } from './sender.ts';
import type { MailingGateway } from './types.ts';
import { createJournalWriter, type JournalWriterDeps } from './journal-writer.ts';
import { createOneDocumentStore } from './one-document.ts';
import { createMailingActionSteps } from './action-steps-protocol.ts';
import { createStatusCheck } from './status-check.ts';

export function createMailingEngine(deps: {
  db: Db;
  /** What the faces read (summaries, the list, counts, a document's detail): the read-only connection. */
  reads: DocdeskReads;
  gateway: () => MailingGateway;
  operatorLog: OperatorLog;
  /** The database file and how exchange records travel with the send loop's steps (journal-writer.ts). */
  writer: JournalWriterDeps;
}) {
  const { db, reads, operatorLog } = deps;
  const journal = createJournal(db);
  const queries = createMailingQueries(db);
  const writer = createJournalWriter(deps.writer);
  const actions = createMailingActionSteps(deps.writer.steps, operatorLog);
  const sender = createSender({ db, writer, actions, queries, gateway: deps.gateway });
  const poller = createPoller({ db, writer, gateway: deps.gateway });
  // One document at a time (issue 14 item 4): corrected re-sends and single recipients, and "check now".
  const oneDocument = createOneDocumentStore({ db, steps: actions });
  const statusCheck = createStatusCheck({ writer, gateway: deps.gateway, reread: oneDocument.get });

  /** The operator's decision on UNKNOWN documents, itself journalled (DESIGN §6), in one step with its record. */
  const resolveUnknown = (mailingId: string, resolution: UnknownResolution): Promise<number> => actions.resolveUnknown(mailingId, resolution);

  return {
    preReview: (target: PreReviewTarget, options: Parameters<typeof preReview>[2]) => preReview(db, target, options),
    // An import's mailing row, documents and completion are steps on the docdesk writer, like every other write.
    beginImport: (m: Parameters<typeof queries.beginImport>[0]) => queries.beginImport(m, { steps: actions, storeDocuments: writer.storeDocuments }),
    summary: reads.mailingSummary,
    /** The defaults a mailing was imported with, as stored (the "send to one recipient" form starts from them). */
    mailingDefaults: (mailingId: string): unknown => {
      const m = queries.getMailing(mailingId);
      return m === undefined ? undefined : (JSON.parse(m.defaults_json) as unknown);
    },
    list: reads.mailingList,
    counts: reads.mailingCounts,
    errorSummary: reads.mailingErrors,
    documentDetail: reads.documentDetail,
    documentDetailById: reads.documentDetailById,
    oneDocument,
    checkStatus: statusCheck.check,
    send: sender.send,
    pause: sender.pause,
    /** The cancel, its documents and the operator's record commit in one step. */
    cancel: sender.cancel,
    resolveUnknown,
    interruptedWork: journal.interruptedWork,
    pollRound: poller.pollRound,
    nextPollDueAt: poller.nextDueAt,
    pendingPollCount: poller.pendingCount,
    sendingCount: sender.sendingCount,
    /** Waits for the journal writer to finish its last step and stops it. */
    close: writer.close,
  };
}
export type MailingEngine = ReturnType<typeof createMailingEngine>;
