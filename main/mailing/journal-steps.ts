// The mailing's steps as the docdesk writer runs them (main/writer/docdesk-writer.worker.ts): claims, answers,
// poll results, import batches, a send's start and end (queueing, its mailing state), each inside the writer's group transaction (its own savepoint). A
// journal step costs tens of milliseconds of SQLite work (encrypted pages, indexes, synchronous=FULL); on the
// main thread it would stall every socket and the UI. A step first writes the exchange records of the call it
// applies, so they commit with it; they go to the step's outbox (`chain`), from which the writer chains them.
import { createExchangeLogInsert, type ExchangeChainEntry, type SerializedExchange } from '../store/exchange-log.ts';
import type { StepOutbox } from '../store/step-outbox.ts';
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createDocumentStore } from './document-store.ts';
import { createJournal } from './journal.ts';
import { createMailingReads } from './mailing-reads.ts';
import { mailingStepInputs, type MailingStepOutput } from './journal-writer-protocol.ts';
import { createPollApplier } from './poll-apply.ts';

/** Buffered terms of one list written in one sorted batch: ~50,000 documents' worth (search-terms.ts). */
const SEARCH_TERMS_PER_WRITE = 150_000;

export function mailingSteps(db: Db, chain: StepOutbox<ExchangeChainEntry>): StepHandlers {
  const insertExchange = createExchangeLogInsert(db, chain);
  const journal = createJournal(db);
  const poll = createPollApplier(db);
  const documents = createDocumentStore(db);
  const mailings = createMailingReads(db);
  const written = (records: SerializedExchange[]): number[] => records.map(insertExchange);

  return stepHandlers(mailingStepInputs, {
    'mailing.claim': (m): MailingStepOutput => {
      const seqs = written(m.records);
      return { seqs, chunk: journal.claimChunk(m.mailingId, m.limit) };
    },
    'mailing.apply': (m): MailingStepOutput => {
      const seqs = written(m.records);
      const s = m.step;
      const chunk =
        m.nextLimit > 0
          ? journal.applyChunkAndClaimNext(s.chunk, s.chunkState, s.httpStatus, s.detail, s.results, s.firstPollAfterMs, m.nextLimit)
          : (journal.applyChunk(s.chunk, s.chunkState, s.httpStatus, s.detail, s.results, s.firstPollAfterMs), null);
      return { seqs, chunk };
    },
    'mailing.requeue': (m): MailingStepOutput => {
      const seqs = written(m.records);
      journal.requeueChunk(m.chunk, m.reason);
      return { seqs };
    },
    'mailing.poll': (m): MailingStepOutput => {
      const seqs = written(m.records);
      return { seqs, poll: journal.transaction(() => poll.applyAnswered(m.answered, m.schedule)) };
    },
    'mailing.store': (m): MailingStepOutput => {
      const seqs = written(m.records);
      documents.insert(m.mailingId, m.rows, m.at);
      if (m.searchTerms === 'drop') documents.terms.drop(m.mailingId);
      else if (m.searchTerms === 'write' || documents.terms.buffered(m.mailingId) >= SEARCH_TERMS_PER_WRITE) documents.terms.flush(m.mailingId);
      return { seqs };
    },
    'mailing.startSend': (m): MailingStepOutput => {
      const seqs = written(m.records);
      return { seqs, queued: journal.startSend(m.mailingId) };
    },
    'mailing.finishSend': (m): MailingStepOutput => {
      const seqs = written(m.records);
      const counts = mailings.counts(m.mailingId);
      if (m.stopped === 'done' && counts.QUEUED === 0 && counts.IN_FLIGHT === 0) journal.setSendState(m.mailingId, 'SENT');
      else if (m.stopped !== 'cancelled') journal.setSendState(m.mailingId, 'PAUSED');
      return { seqs, counts };
    },
  });
}
