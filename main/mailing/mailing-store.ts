// Every write of the mailing services, named (issue 16 step 9): the send loop's journal, status answers, imports,
// one-document mailings and the operator's decisions. Arguments and results are the plain objects of
// shared/domain/ (zod schemas); no database type, statement or callback that runs SQL appears here, so a
// PostgreSQL implementation for a team server can take the services as they are. Reads are DocdeskReads
// (main/reads/). Today's implementation posts named steps to the docdesk writer (main/writer/mailing-store.ts).
//
// Durability each implementation keeps (DESIGN §6): a method resolves only after its change committed
// (synchronous=FULL for SQLite); a claim commits before its request leaves; an answer, with the exchange records
// of its call, commits in one transaction; a change and the operator action recording it commit together; writes
// commit in the order they were called.
import type {
  AnswerStep,
  Chunk,
  ChunkRef,
  DocumentRows,
  NewMailing,
  OneDocument,
  PollAnswered,
  PollOutcome,
  PollSchedule,
  SearchTermsStep,
  SendStopped,
} from '../../shared/domain/mailing-store.ts';
import type { StateCounts, UnknownResolution } from '../../shared/domain/mailing.ts';

export interface MailingStore {
  /** A send starts: DRAFT → QUEUED and the mailing SENDING (unless it was cancelled); resolves with how many were queued. */
  startSend(mailingId: string): Promise<number>;
  /** Claims up to `limit` queued documents under a new chunk, their attempts open: shown IN_FLIGHT (null: none is queued). */
  claim(mailingId: string, limit: number): Promise<Chunk | null>;
  /** Journals an answer; with `nextLimit` > 0 the same commit claims the next chunk (returned). */
  apply(step: AnswerStep, nextLimit: number): Promise<Chunk | null>;
  /** A request that provably never left: its documents go back to the queue. */
  requeue(chunk: ChunkRef, reason: string): Promise<void>;
  /** A send's run ended: the mailing becomes SENT or PAUSED (never over a cancel); its counts as it ended. */
  finishSend(mailingId: string, stopped: SendStopped): Promise<StateCounts>;
  /** A mailing that is not sending becomes PAUSED; MAILING_NOT_FOUND for an unknown one. */
  pause(mailingId: string): Promise<void>;
  /** Queued and draft documents and the mailing become CANCELLED, with the operator's record; resolves with how many documents. */
  cancel(mailingId: string): Promise<number>;
  /** The operator's decision on the mailing's UNKNOWN documents, with its record; resolves with how many were resolved. */
  resolveUnknown(mailingId: string, resolution: UnknownResolution): Promise<number>;
  /** Applies answered status calls in one commit. */
  applyPoll(answered: PollAnswered[], schedule: PollSchedule): Promise<PollOutcome>;
  /** Stores a mailing of one document with the operator's decision (ALREADY_RESENT when the original was re-sent). */
  createOne(o: OneDocument): Promise<{ mailingId: string; documentId: number }>;
  /** A new mailing for a list being imported: invisible and unsendable until completeImport. */
  beginImport(m: NewMailing, at: number): Promise<string>;
  /** Stores a batch of the list's documents (state DRAFT); steps of one list commit in call order. */
  storeDocuments(mailingId: string, rows: DocumentRows, at: number, searchTerms: SearchTermsStep): Promise<void>;
  /** Makes the list visible and sendable with its import report, with the operator's import record. */
  completeImport(mailingId: string, report: unknown, action: { name: string; data: Record<string, unknown> }): Promise<void>;
  /** Deletes up to `limit` documents of an incomplete list; `done` once the mailing row went too. */
  discardImport(mailingId: string, limit: number): Promise<{ deleted: number; done: boolean }>;
}
