// Where a cancel batch commits its steps when the backend runs the docdesk writer (main/writer/): the one writer
// thread of docdesk.db, because each step's commit (synchronous=FULL) and SQLCipher page work would otherwise
// stall the batch's connections on the main thread. A claim still resolves only after its transaction
// committed, so "IN_FLIGHT before the request leaves" holds; a step's answers, their exchange records and the
// next claim share ONE transaction (the step: journal-steps.ts).
import type { ExchangeRecord } from '../http/exchange.ts';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import type { AnswerToApply, ClaimedWindow } from './journal.ts';
import { payupStepOutputSchema, type ClaimRequest, type payupStepInputs } from './journal-writer-protocol.ts';

export type StepResult = { window: ClaimedWindow | null; seqs: number[] };

export type CancelJournalWriter = {
  step(answers: AnswerToApply[], records: ExchangeRecord[], claim: ClaimRequest | null): Promise<StepResult>;
  /** Nothing of its own to stop: the writer is shared and closed by its owner (the composition root), after this. */
  close(): Promise<void>;
};

export function startJournalWriter(steps: StepWriter): CancelJournalWriter {
  const run = stepCaller<typeof payupStepInputs>(steps, '취소 기록(저널)');
  return {
    step: async (answers, records, claim) => payupStepOutputSchema.parse(await run('payup.step', { answers, records, claim })),
    close: async () => {},
  };
}
