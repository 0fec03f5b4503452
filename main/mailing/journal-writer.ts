// The mailing journal as the send loop and the poller use it: every step is committed by the docdesk writer
// thread (main/writer/; the steps: journal-steps.ts), so the main thread only does network work and stays responsive.
// A claim resolves only after its transaction committed: "IN_FLIGHT before the request leaves" still holds
// (DESIGN §6). Each step carries the exchange records of the call it applies; they commit in the same
// transaction, and the writer builds their audit events after that commit (main/writer/audit-route.ts).
import type { ExchangeRecord } from '../http/exchange.ts';
import type { DocumentRows } from './document-rows.ts';
import type { Chunk } from './journal.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import { mailingStepOutputSchema, type AnswerStep, type MailingStepOutput, type SearchTermsStep, type mailingStepInputs } from './journal-writer-protocol.ts';
import type { PollAnswered } from './poll-apply.ts';
import type { PollSchedule } from './poll-schedule.ts';

export type JournalWriter = {
  /** DRAFT → QUEUED for a mailing whose send starts (tens of thousands of rows: never on the main thread). */
  queueDrafts(mailingId: string): Promise<number>;
  claim(mailingId: string, limit: number): Promise<Chunk | null>;
  /** Journals an answer; with `nextLimit` > 0 the same commit claims the next chunk (returned). */
  apply(step: AnswerStep, nextLimit: number): Promise<Chunk | null>;
  requeue(chunk: Chunk, reason: string): Promise<void>;
  /** Applies answered status calls in one commit. */
  applyPoll(answered: PollAnswered[], schedule: PollSchedule): Promise<{ changed: number; errors: number }>;
  /** Stores a batch of an import's documents (mailing-queries.ts beginImport), off the main thread. */
  storeDocuments(mailingId: string, rows: DocumentRows, at: number, searchTerms: SearchTermsStep): Promise<void>;
  /** Nothing of its own to stop: the writer is shared and closed by its owner (the composition root), after this. */
  close(): Promise<void>;
};

export type JournalWriterDeps = {
  /** The docdesk writer's steps (main/writer/docdesk-writer.ts). */
  steps: StepWriter;
  /** Takes the gateway client's buffered exchange records (they belong to the step being journalled). */
  takeExchanges: () => ExchangeRecord[];
};

export function createJournalWriter(deps: JournalWriterDeps): JournalWriter {
  const run = stepCaller<typeof mailingStepInputs>(deps.steps, '발송 기록(저널)');

  /** Sends a step with the exchange records buffered so far (they travel with it, to the writer and the chain). */
  const call = async (send: (records: ExchangeRecord[]) => Promise<unknown>): Promise<MailingStepOutput> => mailingStepOutputSchema.parse(await send(deps.takeExchanges()));

  return {
    queueDrafts: async (mailingId) => (await call((records) => run('mailing.queue', { records, mailingId }))).queued ?? 0,
    claim: async (mailingId, limit) => (await call((records) => run('mailing.claim', { records, mailingId, limit }))).chunk ?? null,
    apply: async (step, nextLimit) => (await call((records) => run('mailing.apply', { records, step, nextLimit }))).chunk ?? null,
    requeue: async (chunk, reason) => void (await call((records) => run('mailing.requeue', { records, chunk, reason }))),
    applyPoll: async (answered, schedule) => (await call((records) => run('mailing.poll', { records, answered, schedule }))).poll ?? { changed: 0, errors: 0 },
    storeDocuments: async (mailingId, rows, at, searchTerms) => void (await call((records) => run('mailing.store', { records, mailingId, rows, at, searchTerms }))),
    close: async () => {},
  };
}
