// Worker thread of journal-writer.ts: the mailing journal's claims, answers and poll results commit here, on a
// connection of its own to the same encrypted database (WAL). A journal step costs tens of milliseconds of
// SQLite work (encrypted pages, indexes, synchronous=FULL); on the main thread it would stall every socket and
// the UI. Each step is ONE immediate transaction that also writes the exchange records of the call it applies.
import { createExchangeLogInsert } from '../store/exchange-log.ts';
import { createDocumentStore } from './document-store.ts';
import { createJournal } from './journal.ts';
import { openWriterConnection } from '../store/writer-thread-worker.ts';
import { mailingWriterRequestSchema, type MailingWriterReply } from './journal-writer-protocol.ts';
import { createPollApplier } from './poll-apply.ts';

const { port, db } = openWriterConnection();
const insertExchange = createExchangeLogInsert(db);
let seqs: number[] = [];
// The step's exchange records are written first inside its transaction (journal `beforeCommit`).
let pendingRecords: Parameters<typeof insertExchange>[0][] = [];
const journal = createJournal(db, {
  beforeCommit: () => {
    // A step made of several journal calls (answer + next claim) writes its records once, in the first.
    seqs.push(...pendingRecords.map(insertExchange));
    pendingRecords = [];
  },
  immediate: true,
});
const poll = createPollApplier(db, journal);
const documents = createDocumentStore(db);
/** Buffered terms of one list written in one sorted batch: ~50,000 documents' worth (search-terms.ts). */
const SEARCH_TERMS_PER_WRITE = 150_000;
const post = (m: MailingWriterReply): void => port.postMessage(m);

type Request = ReturnType<typeof mailingWriterRequestSchema.parse>;

/** Runs one step (inside the group's transaction: a failing step rolls back to its own savepoint only). */
function runStep(m: Request): MailingWriterReply {
  pendingRecords = m.records;
  seqs = [];
  switch (m.type) {
    case 'claim':
      return { id: m.id, seqs, chunk: journal.claimChunk(m.mailingId, m.limit) };
    case 'apply': {
      const s = m.step;
      const chunk =
        m.nextLimit > 0
          ? journal.applyChunkAndClaimNext(s.chunk, s.chunkState, s.httpStatus, s.detail, s.results, s.firstPollAfterMs, m.nextLimit)
          : (journal.applyChunk(s.chunk, s.chunkState, s.httpStatus, s.detail, s.results, s.firstPollAfterMs), null);
      return { id: m.id, seqs, chunk };
    }
    case 'requeue':
      journal.requeueChunk(m.chunk, m.reason);
      return { id: m.id, seqs };
    case 'poll':
      return { id: m.id, seqs, poll: journal.transaction(() => poll.applyAnswered(m.answered, m.schedule)) };
    case 'store':
      documents.insert(m.mailingId, m.rows, m.at);
      if (m.searchTerms === 'drop') documents.terms.drop(m.mailingId);
      else if (m.searchTerms === 'write' || documents.terms.buffered(m.mailingId) >= SEARCH_TERMS_PER_WRITE) documents.terms.flush(m.mailingId);
      return { id: m.id, seqs };
    case 'queue':
      return { id: m.id, seqs, queued: journal.queueDrafts(m.mailingId) };
    case 'close':
      return { id: m.id, seqs };
  }
}

// Group commit: steps that arrived while the previous group was committing (answers of the other requests in
// flight, poll groups) share ONE transaction and one fsync. Replies go out only after that commit, so a claim
// is still durable before its request leaves.
let queue: Request[] = [];
const commitGroup = db.transaction((group: Request[]): MailingWriterReply[] =>
  group.map((m) => {
    try {
      return runStep(m);
    } catch (err) {
      return { id: m.id, seqs: [], error: err instanceof Error ? err.message : String(err) };
    }
  }),
);

const drain = (): void => {
  const group = queue;
  queue = [];
  let replies: MailingWriterReply[];
  try {
    replies = commitGroup.immediate(group);
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    replies = group.map((m) => ({ id: m.id, seqs: [], error }));
  }
  replies.forEach(post);
  if (group.some((m) => m.type === 'close')) {
    db.close();
    port.close();
  }
};

port.on('message', (raw: unknown) => {
  queue.push(mailingWriterRequestSchema.parse(raw));
  // Every message already waiting on the port is delivered before this runs (check phase after the poll phase).
  if (queue.length === 1) setImmediate(drain);
});
