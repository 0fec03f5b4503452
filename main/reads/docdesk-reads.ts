// Every read of docdesk.db that the screens and the CLI need, named (issue 16 step 9, reads part). Arguments and
// results are the domain types of shared/domain/ (zod schemas); no database type appears here, so a PostgreSQL
// implementation for a team server can serve the same reads. Today's implementation is sqlite-docdesk-reads.ts.
//
// The methods are synchronous: the services and faces that call them (the grid, the mailing list, the profile
// check before a send) are synchronous, and SQLite answers in microseconds on the read-only connection. A
// PostgreSQL implementation needs them async; that change ripples through the services and is left to the step
// that brings one (docs/architecture.md).
import type { DashboardSummary, DocumentRow, DocumentsFilter, DocumentsPage, DocumentsQueryInput } from '../../shared/domain/documents-query.ts';
import type { DocumentDetail, MailingErrorGroup, MailingSummary, StateCounts, TimelineEvent } from '../../shared/domain/mailing.ts';
import type { KcpBatch, KcpStateCounts, KcpVerificationRow } from '../../shared/domain/kcp-verification.ts';
import type { PayupBatchRow, PayupCancelEvent, PayupCancelRow, PayupCancelStateName, PayupListFilter, PayupStateCounts } from '../../shared/domain/payup.ts';

/** The PayUp cancel journal as the service, the screens and the CLI read it (payup/cancel-reads.ts). */
export interface PayupReads {
  cancel(transactionId: string): PayupCancelRow | null;
  cancelById(id: number): PayupCancelRow | null;
  /** Only the state (a batch preview asks once a row). */
  cancelState(transactionId: string): PayupCancelStateName | null;
  /** By state, of one batch's sent rows or of all. */
  counts(batchId?: string): PayupStateCounts;
  /** Newest first; default limit 1000. */
  list(filter?: PayupListFilter): PayupCancelRow[];
  events(cancelId: number): PayupCancelEvent[];
  /** A batch's file rows in file order with what became of each (the result export). */
  batchRows(batchId: string): PayupBatchRow[];
  /** Cancels IN_FLIGHT: what the next start's recovery would make UNKNOWN. */
  inFlight(): number;
}

/** The KCP verification journal as the service and the screens read it (kcp/verification-reads.ts). */
export interface KcpReads {
  verification(id: number): KcpVerificationRow | null;
  /** Newest first. */
  list(limit: number): KcpVerificationRow[];
  batch(batchId: string): KcpBatch | null;
  /** A batch's rows in file order. */
  batchRows(batchId: string): KcpVerificationRow[];
  counts(batchId: string): KcpStateCounts;
  /** A batch's rows left out because their bank's KCP support is unconfirmed (sent once the operator confirms). */
  unconfirmedBankRows(batchId: string): KcpVerificationRow[];
  /** Verifications IN_FLIGHT and batches RUNNING: what the next start's recovery would settle. */
  interrupted(): number;
}
import type { DocumentLinks, DueRow, PollScope, StoredDocument } from '../../shared/domain/mailing-store.ts';
import type { FollowUpDocument, FollowUpMailing, FollowUpTallyRows, PerRowDeadline, ReadsByDayRows } from '../../shared/domain/follow-up-reads.ts';
import type { Profile } from '../../shared/domain/profile.ts';
import type { RecordedBulkSend } from '../../shared/domain/network-reads.ts';
import type { SentIds } from '../../shared/domain/audit-reads.ts';

/** What the deadlines view, the charts and the follow-up export read (follow-up/follow-up-reads.ts). */
export interface FollowUpReads {
  /** A completely imported mailing (undefined: none, or its import never completed). */
  mailing(mailingId: string): FollowUpMailing | undefined;
  /** Every completely imported mailing, newest first. */
  mailings(): FollowUpMailing[];
  /** The latest deadline among the mailing's accepted documents that carry their own, at a time scale. */
  perRowDeadline(mailingId: string, timeScale: number): PerRowDeadline;
  /** The mailing's refused, abandoned and accepted-but-unread documents in source-row order, read as iterated. */
  followUpDocuments(mailingId: string): Iterable<FollowUpDocument>;
  /** Every mailing's counts at one moment (costly at scale: read off the main thread where the implementation can). */
  tallies(): Promise<FollowUpTallyRows>;
  /** One mailing's reads per day since `from` (ms, gateway clock). */
  readsByDay(mailingId: string, from: number): Promise<ReadsByDayRows>;
}

/** Settings and custom profiles of the data folder (store/settings-reads.ts); they change as writer steps. */
export interface SettingsReads {
  /** A setting's stored value (undefined: never set). */
  value(key: string): string | undefined;
  /** Custom profiles by name. */
  customProfiles(): Profile[];
  customProfile(name: string): Profile | undefined;
}

/** What the network plan reads (network/network-reads.ts). */
export interface NetworkReads {
  /** The last `limit` bulk sends that reached the gateway, newest first. */
  recentBulkSends(limit: number): RecordedBulkSend[];
}

/** The audit screens' and exports' subject lookups (mailing/subject-reads.ts). */
export interface AuditSubjectReads {
  /** Every id sent under by the documents an external id or binder uuid names. */
  documentSentIds(ref: string): SentIds;
  /** Every id sent under by the documents sent to a phone number (digits only). */
  recipientSentIds(phoneDigits: string): SentIds;
}

export interface DocdeskReads {
  /** One page of the status grid with the view's total (input parsed by documentsQueryInputSchema). */
  gridPage(input: DocumentsQueryInput): DocumentsPage;
  /** How many documents a filter matches (reused while the database has not changed). */
  gridTotal(filter: DocumentsFilter): number;
  /** A whole view in order, in batches, at most `max` rows (the export). */
  gridRows(input: DocumentsQueryInput, max: number): Iterable<DocumentRow[]>;
  /** Today's volume, the funnel, the read rate per day and recent errors; `now` for tests. */
  dashboard(now?: number): DashboardSummary;
  /** Every completely imported mailing, newest first, with its counts. */
  mailingList(): MailingSummary[];
  mailingSummary(mailingId: string): MailingSummary | undefined;
  /** Counts by state and gateway status, of one mailing or of all. */
  mailingCounts(mailingId?: string): StateCounts;
  /** The mailing's refused, UNKNOWN and abandoned documents grouped by code or reason. */
  mailingErrors(mailingId: string): MailingErrorGroup[];
  /** A document by an external id it was sent under or its binder uuid, with its timeline. */
  documentDetail(ref: string): DocumentDetail | undefined;
  documentDetailById(documentId: number): DocumentDetail | undefined;
  /** The document's send steps and stored events in time order (without the import row documentDetail adds). */
  documentTimeline(documentId: number): TimelineEvent[];
  payup: PayupReads;
  kcp: KcpReads;
  followUp: FollowUpReads;
  settings: SettingsReads;
  network: NetworkReads;
  audit: AuditSubjectReads;
  /**
   * A value that changes whenever the database's content may have (a commit on any connection): lets a costly
   * aggregate be cached until then (the follow-up counts).
   */
  dataVersion(): string;
  /** The defaults a mailing was imported with, as stored (undefined: no such mailing). */
  mailingDefaults(mailingId: string): unknown;
  /** A document as the one-at-a-time actions need it (re-send, "check now"), by id or by a reference. */
  storedDocument(documentId: number): StoredDocument | undefined;
  /** The document named by an external id it was sent under or its binder uuid. */
  documentIdOf(ref: string): number | undefined;
  /** Both ends of a corrected re-send as this document sees them. */
  documentLinks(documentId: number): DocumentLinks;
  /** Accepted documents in scope due for a status call by `dueBy`, in the order they fell due, at most `limit`. */
  pollDue(scope: PollScope, dueBy: number, limit: number): DueRow[];
  /** Accepted documents in scope still waiting for a final status, and when the first falls due. */
  pollPending(scope: PollScope): { count: number; nextDueAt: number | null };
  /** When the first document in scope falls due (null: none waits); cheaper than pollPending. */
  pollNextDueAt(scope: PollScope): number | null;
  /** Documents the gateway accepted in [from, to) (the pre-review form, seed 001 §2.1). */
  acceptedBetween(from: number, to: number): number;
  /** The mailing's documents a send would still send (DRAFT, QUEUED). */
  unsentCount(mailingId: string): number;
  /** IN_FLIGHT documents and chunks and SENDING mailings: what a start-up recovery would settle. */
  interruptedMailingWork(): number;
  /** Stops what the implementation runs beside its connection (the grid's count thread). */
  close(): Promise<void>;
}
