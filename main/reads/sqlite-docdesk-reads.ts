// DocdeskReads over a read-only SQLite connection to docdesk.db. A WAL reader never waits for a commit and never
// sees one that is not finished, so the grid answers while the writers commit; being read-only, nothing read
// here can write. Every statement is its own read transaction: a write on another connection that committed
// before the call is seen.
//
// A thin adapter: the areas' SQL answers synchronously (their *-reads.ts / query files, also used inside the
// writer's steps); each method here runs it when called and answers through a Promise, so a caller's await sees
// exactly what the read saw at the call. A streamed read (the export's view, the follow-up rows) runs on a
// connection of its own, opened for it and closed when the iteration ends or is abandoned: SQLite keeps the
// statement open between batches, and while it is open the shared connection refuses every pragma (the grid's
// data_version) and a second run of the same statement — with awaits between batches, other reads would fail.
// Apart, the stream also reads one snapshot, as a server database's cursor does in its own transaction.
import type { Db } from '../store/open-database.ts';
import { openDatabase } from '../store/open-database.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';
import { createCountThread } from '../documents/count-thread.ts';
import { createDashboard } from '../documents/dashboard.ts';
import { createDocumentQueries } from '../documents/query.ts';
import { createMailingReads } from '../mailing/mailing-reads.ts';
import { createKcpVerificationReads } from '../kcp/verification-reads.ts';
import { createPayupCancelReads } from '../payup/cancel-reads.ts';
import { createPollReads } from '../mailing/poll-reads.ts';
import { createStoredDocumentReader } from '../mailing/stored-document.ts';
import { createSubjectReads } from '../mailing/subject-reads.ts';
import { createFollowUpReads } from '../follow-up/follow-up-reads.ts';
import { createNetworkReads } from '../network/network-reads.ts';
import { createDbVersion } from '../store/db-version.ts';
import { createSettingsReads } from '../store/settings-reads.ts';
import type { DocdeskReads } from './docdesk-reads.ts';
import { answerLater } from './answer-later.ts';

export class WritableReadConnectionError extends Error {
  readonly code = 'READS_CONNECTION_WRITABLE';
}

/**
 * `db` must be opened read-only (`openDatabase(path, key, { readonly: true })`, after the writer migrated the
 * file); its owner closes it after close(). `file` is the same database: the streamed reads open their own
 * read-only connections to it. `countsOnThreads`: the grid's expensive totals and the follow-up counts and read
 * curves are read on threads of their own (documents/count-thread.ts, follow-up/tally-thread.ts); without it, on
 * `db`.
 */
export function createSqliteDocdeskReads(db: Db, file: Pick<WriterDbFile, 'path' | 'key'>, o: { countsOnThreads?: boolean } = {}): DocdeskReads {
  if (!db.readonly) throw new WritableReadConnectionError('DocdeskReads는 읽기 전용 연결로만 만듭니다: openDatabase(…, { readonly: true })로 연 연결을 넘기세요.');
  // A larger page cache keeps the grid's narrow indexes decrypted in memory (SQLCipher decrypts every page it
  // reads): 64 MiB holds all migration-4 indexes of 500,000 documents.
  db.pragma('cache_size = -65536');
  const countFile = o.countsOnThreads ? file : undefined;
  const counter = countFile ? createCountThread(countFile) : null;
  const grid = createDocumentQueries(db, counter ?? undefined);
  const dashboard = createDashboard(db);
  const mailings = createMailingReads(db);
  const polls = createPollReads(db);
  const followUp = createFollowUpReads(db, countFile ? { countFile } : {});
  const payup = createPayupCancelReads(db);
  const kcp = createKcpVerificationReads(db);
  const settings = createSettingsReads(db);
  const network = createNetworkReads(db);
  const subjects = createSubjectReads(db);

  const streams = new Set<Db>();
  /** Runs `read` on a read-only connection of its own, closed when the iteration ends, fails or is abandoned. */
  async function* streamed<T>(read: (own: Db) => Iterable<T>): AsyncGenerator<T> {
    const own = openDatabase(file.path, Buffer.from(file.key), { readonly: true });
    streams.add(own);
    try {
      yield* read(own);
    } finally {
      streams.delete(own);
      own.close();
    }
  }

  return {
    gridPage: answerLater(grid.query),
    gridTotal: answerLater(grid.count),
    gridRows: (input, max) => streamed((own) => createDocumentQueries(own).iterate(input, max)),
    dashboard: answerLater(dashboard),
    mailingList: answerLater(mailings.list),
    mailingSummary: answerLater(mailings.summary),
    mailingCounts: answerLater(mailings.counts),
    mailingErrors: answerLater(mailings.errorSummary),
    documentDetail: answerLater(mailings.documentDetail),
    documentDetailById: answerLater(mailings.documentDetailById),
    documentTimeline: answerLater(mailings.timeline),
    payup: {
      cancel: answerLater(payup.cancel),
      cancelById: answerLater(payup.cancelById),
      cancelStates: answerLater(payup.cancelStates),
      counts: answerLater(payup.counts),
      list: answerLater(payup.list),
      events: answerLater(payup.events),
      batchRows: answerLater(payup.batchRows),
      inFlight: answerLater(payup.inFlight),
    },
    kcp: {
      verification: answerLater(kcp.verification),
      list: answerLater(kcp.list),
      batch: answerLater(kcp.batch),
      batchRows: answerLater(kcp.batchRows),
      counts: answerLater(kcp.counts),
      unconfirmedBankRows: answerLater(kcp.unconfirmedBankRows),
      interrupted: answerLater(kcp.interrupted),
    },
    followUp: {
      mailing: answerLater(followUp.mailing),
      mailings: answerLater(followUp.mailings),
      perRowDeadline: answerLater(followUp.perRowDeadline),
      followUpDocuments: (mailingId) => streamed((own) => createFollowUpReads(own).followUpDocuments(mailingId)),
      tallies: followUp.tallies,
      readsByDay: followUp.readsByDay,
    },
    settings: {
      value: answerLater(settings.value),
      customProfiles: answerLater(settings.customProfiles),
      customProfile: answerLater(settings.customProfile),
    },
    network: { recentBulkSends: answerLater(network.recentBulkSends) },
    audit: {
      documentSentIds: answerLater(subjects.documentSentIds),
      recipientSentIds: answerLater(subjects.recipientSentIds),
    },
    dataVersion: answerLater(createDbVersion(db)),
    mailingDefaults: answerLater(mailings.defaults),
    storedDocument: answerLater(createStoredDocumentReader(db)),
    documentIdOf: answerLater(mailings.documentIdOf),
    documentLinks: answerLater(mailings.links),
    pollDue: answerLater(polls.due),
    pollPending: answerLater(polls.pending),
    pollNextDueAt: answerLater(polls.nextDueAt),
    acceptedBetween: answerLater(mailings.acceptedBetween),
    unsentCount: answerLater(mailings.unsentCount),
    interruptedMailingWork: answerLater(mailings.interruptedWork),
    close: async () => {
      // A stream still open at shutdown ends with an error at its next batch rather than hold the file open.
      for (const own of streams) own.close();
      streams.clear();
      await counter?.close();
      await followUp.close();
    },
  };
}
