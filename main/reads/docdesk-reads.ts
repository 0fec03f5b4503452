// Every read of docdesk.db that the screens and the CLI need, named (issue 16 step 9, reads part). Arguments and
// results are the domain types of shared/domain/ (zod schemas); no database type appears here, so a PostgreSQL
// implementation for a team server can serve the same reads. Today's implementation is sqlite-docdesk-reads.ts.
//
// Every method answers later (a Promise; a whole view or a mailing's follow-up rows as an AsyncIterable, read in
// batches so memory stays bounded): a server database answers over a socket, and the services, contract handlers
// and CLI commands await each read, so a second implementation needs no change to them (issue 16 item 2). A caller
// must not assume that nothing ran between its read and its next step: a write a read guards is either re-checked
// by its writer step or its caller says why the state cannot change in between.
import type { DashboardSummary, DocumentRow, DocumentsFilter, DocumentsPage, DocumentsQueryInput } from '../../shared/domain/documents-query.ts';
import type { DocumentDetail, MailingErrorGroup, MailingSummary, StateCounts, TimelineEvent } from '../../shared/domain/mailing.ts';
import type { KcpBatch, KcpStateCounts, KcpVerificationRow } from '../../shared/domain/kcp-verification.ts';
import type { PayupBatchRow, PayupCancelEvent, PayupCancelRow, PayupCancelStateName, PayupListFilter, PayupStateCounts } from '../../shared/domain/payup.ts';

/** The PayUp cancel journal as the service, the screens and the CLI read it (payup/cancel-reads.ts). */
export interface PayupReads {
  cancel(transactionId: string): Promise<PayupCancelRow | null>;
  cancelById(id: number): Promise<PayupCancelRow | null>;
  /** The states of those of `transactionIds` the journal holds (absent: never journalled); one read for a batch. */
  cancelStates(transactionIds: string[]): Promise<Map<string, PayupCancelStateName>>;
  /** By state, of one batch's sent rows or of all. */
  counts(batchId?: string): Promise<PayupStateCounts>;
  /** Newest first; default limit 1000. */
  list(filter?: PayupListFilter): Promise<PayupCancelRow[]>;
  events(cancelId: number): Promise<PayupCancelEvent[]>;
  /** A batch's file rows in file order with what became of each (the result export). */
  batchRows(batchId: string): Promise<PayupBatchRow[]>;
  /** Cancels IN_FLIGHT: what the next start's recovery would make UNKNOWN. */
  inFlight(): Promise<number>;
}

/** The KCP verification journal as the service and the screens read it (kcp/verification-reads.ts). */
export interface KcpReads {
  verification(id: number): Promise<KcpVerificationRow | null>;
  /** Newest first. */
  list(limit: number): Promise<KcpVerificationRow[]>;
  batch(batchId: string): Promise<KcpBatch | null>;
  /** A batch's rows in file order. */
  batchRows(batchId: string): Promise<KcpVerificationRow[]>;
  counts(batchId: string): Promise<KcpStateCounts>;
  /** A batch's rows left out because their bank's KCP support is unconfirmed (sent once the operator confirms). */
  unconfirmedBankRows(batchId: string): Promise<KcpVerificationRow[]>;
  /** Verifications IN_FLIGHT and batches RUNNING: what the next start's recovery would settle. */
  interrupted(): Promise<number>;
}
import type { DocumentLinks, DueCursor, DueRow, PollScope, StoredDocument } from '../../shared/domain/mailing-store.ts';
import type { FollowUpDocument, FollowUpMailing, FollowUpTallyRows, PerRowDeadline, ReadsByDayRows } from '../../shared/domain/follow-up-reads.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import type { RecordedBulkSend } from '../../shared/domain/network-reads.ts';
import type { SentIds } from '../../shared/domain/audit-reads.ts';

/** What the deadlines view, the charts and the follow-up export read (follow-up/follow-up-reads.ts). */
export interface FollowUpReads {
  /** A completely imported mailing (undefined: none, or its import never completed). */
  mailing(mailingId: string): Promise<FollowUpMailing | undefined>;
  /** Every completely imported mailing, newest first. */
  mailings(): Promise<FollowUpMailing[]>;
  /** The latest deadline among the mailing's accepted documents that carry their own, at a time scale. */
  perRowDeadline(mailingId: string, timeScale: number): Promise<PerRowDeadline>;
  /** The mailing's refused, abandoned and accepted-but-unread documents in source-row order, read as iterated (one snapshot). */
  followUpDocuments(mailingId: string): AsyncIterable<FollowUpDocument>;
  /** Every mailing's counts at one moment (costly at scale: read off the main thread where the implementation can). */
  tallies(): Promise<FollowUpTallyRows>;
  /** One mailing's reads per day since `from` (ms, gateway clock). */
  readsByDay(mailingId: string, from: number): Promise<ReadsByDayRows>;
}

/** Settings and custom profiles of the data folder (store/settings-reads.ts); they change as writer steps. */
export interface SettingsReads {
  /** A setting's stored value (undefined: never set). */
  value(key: string): Promise<string | undefined>;
  /** Custom profiles by name. */
  customProfiles(): Promise<Profile[]>;
  customProfile(name: string): Promise<Profile | undefined>;
}

/** What the network plan reads (network/network-reads.ts). */
export interface NetworkReads {
  /** The last `limit` bulk sends that reached the gateway, newest first. */
  recentBulkSends(limit: number): Promise<RecordedBulkSend[]>;
}

/** The audit screens' and exports' subject lookups (mailing/subject-reads.ts). */
export interface AuditSubjectReads {
  /** Every id sent under by the documents an external id or binder uuid names. */
  documentSentIds(ref: string): Promise<SentIds>;
  /** Every id sent under by the documents sent to a phone number (digits only). */
  recipientSentIds(phoneDigits: string): Promise<SentIds>;
}

export interface DocdeskReads {
  /** One page of the status grid with the view's total (input parsed by documentsQueryInputSchema). */
  gridPage(input: DocumentsQueryInput): Promise<DocumentsPage>;
  /** How many documents a filter matches (reused while the database has not changed). */
  gridTotal(filter: DocumentsFilter): Promise<number>;
  /** A whole view in order, in batches, at most `max` rows, read as iterated in one snapshot (the export). */
  gridRows(input: DocumentsQueryInput, max: number): AsyncIterable<DocumentRow[]>;
  /** Today's volume, the funnel, the read rate per day and recent errors; `now` for tests. */
  dashboard(now?: number): Promise<DashboardSummary>;
  /** Every completely imported mailing, newest first, with its counts. */
  mailingList(): Promise<MailingSummary[]>;
  mailingSummary(mailingId: string): Promise<MailingSummary | undefined>;
  /** Counts by state and gateway status, of one mailing or of all. */
  mailingCounts(mailingId?: string): Promise<StateCounts>;
  /** The mailing's refused, UNKNOWN and abandoned documents grouped by code or reason. */
  mailingErrors(mailingId: string): Promise<MailingErrorGroup[]>;
  /** A document by an external id it was sent under or its binder uuid, with its timeline. */
  documentDetail(ref: string): Promise<DocumentDetail | undefined>;
  documentDetailById(documentId: number): Promise<DocumentDetail | undefined>;
  /** The document's send steps and stored events in time order (without the import row documentDetail adds). */
  documentTimeline(documentId: number): Promise<TimelineEvent[]>;
  payup: PayupReads;
  kcp: KcpReads;
  followUp: FollowUpReads;
  settings: SettingsReads;
  network: NetworkReads;
  audit: AuditSubjectReads;
  /**
   * A value that changes whenever the database's content may have (a commit on any connection): lets a costly
   * aggregate be cached until then (the follow-up counts). Async like every read: a server database answers it
   * with a query (a change counter its commits move), not from a local file header.
   */
  dataVersion(): Promise<string>;
  /** The defaults a mailing was imported with, as stored (undefined: no such mailing). */
  mailingDefaults(mailingId: string): Promise<unknown>;
  /** A document as the one-at-a-time actions need it (re-send, "check now"), by id or by a reference. */
  storedDocument(documentId: number): Promise<StoredDocument | undefined>;
  /** The document named by an external id it was sent under or its binder uuid. */
  documentIdOf(ref: string): Promise<number | undefined>;
  /** Both ends of a corrected re-send as this document sees them. */
  documentLinks(documentId: number): Promise<DocumentLinks>;
  /**
   * Accepted documents in scope due for a status call by `dueBy`, in the order they fell due, at most `limit`;
   * `after`: the page after that entry (a round reads its due documents page by page).
   */
  pollDue(scope: PollScope, dueBy: number, limit: number, after?: DueCursor): Promise<DueRow[]>;
  /** Accepted documents in scope still waiting for a final status, and when the first falls due. */
  pollPending(scope: PollScope): Promise<{ count: number; nextDueAt: number | null }>;
  /** When the first document in scope falls due (null: none waits); cheaper than pollPending. */
  pollNextDueAt(scope: PollScope): Promise<number | null>;
  /** Documents the gateway accepted in [from, to) (the pre-review form, seed 001 §2.1). */
  acceptedBetween(from: number, to: number): Promise<number>;
  /** The mailing's documents a send would still send (DRAFT, QUEUED). */
  unsentCount(mailingId: string): Promise<number>;
  /** IN_FLIGHT documents and chunks and SENDING mailings: what a start-up recovery would settle. */
  interruptedMailingWork(): Promise<number>;
  /** Stops what the implementation runs beside its connection (the grid's count thread). */
  close(): Promise<void>;
}
