// The mailing journal as the send loop and the poller use it: every step is committed by the docdesk writer
// thread (main/writer/; the steps: journal-steps.ts), so the main thread only does network work and stays responsive.
// A claim resolves only after its transaction committed: "IN_FLIGHT before the request leaves" still holds
// (DESIGN §6). Each step carries the exchange records of the call it applies; they commit in the same
// transaction, and the writer builds their audit events after that commit (main/writer/audit-route.ts).
import { chunkRefOf } from '../../shared/domain/mailing-store.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import { serializeExchange, type SerializedExchange } from '../store/exchange-log.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import type { MailingStore } from './mailing-store.ts';
import { mailingStepOutputSchema, type MailingStepOutput, type mailingStepInputs } from './journal-writer-protocol.ts';

/** The send loop's, the poller's and the import's part of MailingStore, as steps on the docdesk writer. */
export type JournalWriter = Pick<MailingStore, 'startSend' | 'claim' | 'apply' | 'requeue' | 'finishSend' | 'applyPoll' | 'storeDocuments'>;

export type JournalWriterDeps = {
  /** The docdesk writer's steps (main/writer/docdesk-writer.ts). */
  steps: StepWriter;
  /** Takes the gateway client's buffered exchange records (they belong to the step being journalled). */
  takeExchanges: () => ExchangeRecord[];
};

export function createJournalWriter(deps: JournalWriterDeps): JournalWriter {
  const run = stepCaller<typeof mailingStepInputs>(deps.steps, '발송 기록(저널)');

  /** Sends a step with the exchange records buffered so far, serialised here (they travel with it, to the writer and the chain). */
  const call = async (send: (records: SerializedExchange[]) => Promise<unknown>): Promise<MailingStepOutput> =>
    mailingStepOutputSchema.parse(await send(deps.takeExchanges().map(serializeExchange)));

  return {
    startSend: async (mailingId) => (await call((records) => run('mailing.startSend', { records, mailingId }))).queued ?? 0,
    async finishSend(mailingId, stopped) {
      const { counts } = await call((records) => run('mailing.finishSend', { records, mailingId, stopped }));
      if (!counts) throw new Error('mailing.finishSend: the step answered without counts');
      return counts;
    },
    claim: async (mailingId, limit) => (await call((records) => run('mailing.claim', { records, mailingId, limit }))).chunk ?? null,
    apply: async (step, nextLimit) => (await call((records) => run('mailing.apply', { records, step: { ...step, chunk: chunkRefOf(step.chunk) }, nextLimit }))).chunk ?? null,
    requeue: async (chunk, reason) => void (await call((records) => run('mailing.requeue', { records, chunk: chunkRefOf(chunk), reason }))),
    applyPoll: async (answered, schedule) => (await call((records) => run('mailing.poll', { records, answered, schedule }))).poll ?? { changed: 0, errors: 0 },
    storeDocuments: async (mailingId, rows, at, searchTerms) => void (await call((records) => run('mailing.store', { records, mailingId, rows, at, searchTerms }))),
  };
}
