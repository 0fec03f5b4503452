// DocdeskReads over a read-only SQLite connection to docdesk.db. A WAL reader never waits for a commit and never
// sees one that is not finished, so the grid answers while the writers commit; being read-only, nothing read
// here can write. Every statement is its own read transaction: a write on another connection that committed
// before the call is seen.
import type { Db } from '../store/open-database.ts';
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

export class WritableReadConnectionError extends Error {
  readonly code = 'READS_CONNECTION_WRITABLE';
}

/**
 * `db` must be opened read-only (`openDatabase(path, key, { readonly: true })`, after the writer migrated the
 * file); its owner closes it after close(). `countFile`: the grid's expensive totals and the follow-up counts and
 * read curves are read on threads of their own (documents/count-thread.ts, follow-up/tally-thread.ts); without it,
 * on `db`.
 */
export function createSqliteDocdeskReads(db: Db, o: { countFile?: Pick<WriterDbFile, 'path' | 'key'> } = {}): DocdeskReads {
  if (!db.readonly) throw new WritableReadConnectionError('DocdeskReads는 읽기 전용 연결로만 만듭니다: openDatabase(…, { readonly: true })로 연 연결을 넘기세요.');
  // A larger page cache keeps the grid's narrow indexes decrypted in memory (SQLCipher decrypts every page it
  // reads): 64 MiB holds all migration-4 indexes of 500,000 documents.
  db.pragma('cache_size = -65536');
  const counter = o.countFile ? createCountThread(o.countFile) : null;
  const grid = createDocumentQueries(db, counter ?? undefined);
  const dashboard = createDashboard(db);
  const mailings = createMailingReads(db);
  const polls = createPollReads(db);
  const followUp = createFollowUpReads(db, o.countFile ? { countFile: o.countFile } : {});
  return {
    gridPage: grid.query,
    gridTotal: grid.count,
    gridRows: grid.iterate,
    dashboard,
    mailingList: mailings.list,
    mailingSummary: mailings.summary,
    mailingCounts: mailings.counts,
    mailingErrors: mailings.errorSummary,
    documentDetail: mailings.documentDetail,
    documentDetailById: mailings.documentDetailById,
    documentTimeline: mailings.timeline,
    payup: createPayupCancelReads(db),
    kcp: createKcpVerificationReads(db),
    followUp,
    settings: createSettingsReads(db),
    network: createNetworkReads(db),
    audit: createSubjectReads(db),
    dataVersion: createDbVersion(db),
    mailingDefaults: mailings.defaults,
    storedDocument: createStoredDocumentReader(db),
    documentIdOf: mailings.documentIdOf,
    documentLinks: mailings.links,
    pollDue: polls.due,
    pollPending: polls.pending,
    pollNextDueAt: polls.nextDueAt,
    acceptedBetween: mailings.acceptedBetween,
    unsentCount: mailings.unsentCount,
    interruptedMailingWork: mailings.interruptedWork,
    close: async () => {
      await counter?.close();
      await followUp.close();
    },
  };
}
