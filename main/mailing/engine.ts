// The mailing engine facade: one object the backend exposes to every face (CLI, IPC, test bridge). It holds no
// connection: writes go to MailingStore (mailing-store.ts), reads to DocdeskReads (main/reads/).
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { NewMailing } from '../../shared/domain/mailing-store.ts';
import { startImport } from './import-session.ts';
import type { MailingStore } from './mailing-store.ts';
import { createPoller } from './poller.ts';
import { preReview, type PreReviewTarget } from './pre-review.ts';
import { createSender } from './sender.ts';
import type { MailingGateway } from './types.ts';
import { createOneDocumentStore } from './one-document.ts';
import { createStatusCheck } from './status-check.ts';

export function createMailingEngine(deps: {
  /** What the faces and the services read (summaries, counts, due documents, a document's detail): the read-only connection. */
  reads: DocdeskReads;
  /** Every write: the send loop's journal, status answers, imports, one-document mailings, the operator's decisions. */
  store: MailingStore;
  gateway: () => MailingGateway;
}) {
  const { reads, store } = deps;
  const sender = createSender({ reads, store, gateway: deps.gateway });
  const poller = createPoller({ reads, store, gateway: deps.gateway });
  // One document at a time (issue 14 item 4): corrected re-sends and single recipients, and "check now".
  const oneDocument = createOneDocumentStore({ reads, store });
  const statusCheck = createStatusCheck({ store, gateway: deps.gateway, reread: oneDocument.get });

  return {
    preReview: (target: PreReviewTarget, options: Parameters<typeof preReview>[2]) => preReview(reads, target, options),
    /** An import's mailing row, documents and completion go to the store while the list is still being read. */
    beginImport: (m: NewMailing) => startImport(store, m),
    summary: reads.mailingSummary,
    /** The defaults a mailing was imported with, as stored (the "send to one recipient" form starts from them). */
    mailingDefaults: reads.mailingDefaults,
    list: reads.mailingList,
    counts: reads.mailingCounts,
    errorSummary: reads.mailingErrors,
    documentDetail: reads.documentDetail,
    documentDetailById: reads.documentDetailById,
    oneDocument,
    checkStatus: statusCheck.check,
    send: sender.send,
    /** Marks a send as running before the reads that precede it (sender.ts reserve). */
    reserveSend: sender.reserve,
    pause: sender.pause,
    /** The cancel, its documents and the operator's record commit in one store call. */
    cancel: sender.cancel,
    /** The operator's decision on UNKNOWN documents, itself journalled (DESIGN §6), with its record. */
    resolveUnknown: store.resolveUnknown,
    /** What a close that did not wait for its sends left IN_FLIGHT or SENDING (backend.ts). */
    interruptedWork: reads.interruptedMailingWork,
    pollRound: poller.pollRound,
    nextPollDueAt: poller.nextDueAt,
    pendingPollCount: poller.pendingCount,
    sendingCount: sender.sendingCount,
    /** Nothing of its own to stop: the store's writer is closed by the composition root, after this. */
    close: async (): Promise<void> => {},
  };
}
export type MailingEngine = ReturnType<typeof createMailingEngine>;
