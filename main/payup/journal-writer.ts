// Where a cancel batch commits its steps when the database file and key are known: a writer thread with its
// own connection (main/store/writer-thread.ts), because each step's commit (synchronous=FULL) and SQLCipher page
// work would otherwise stall the batch's connections on the main thread. A claim still resolves only after its
// transaction committed, so "IN_FLIGHT before the request leaves" holds; a step's answers, their exchange
// records and the next claim share ONE transaction.
import type { ExchangeRecord } from '../http/exchange.ts';
import { startWriterThread, type WriterDbFile } from '../store/writer-thread.ts';
import type { AnswerToApply, ClaimedWindow } from './journal.ts';
import { writerReplySchema, type ClaimRequest, type WriterReply, type WriterRequest } from './journal-writer-protocol.ts';

export type StepResult = { window: ClaimedWindow | null; seqs: number[] };

export type CancelJournalWriter = {
  step(answers: AnswerToApply[], records: ExchangeRecord[], claim: ClaimRequest | null): Promise<StepResult>;
  close(): Promise<void>;
};

export function startJournalWriter(file: WriterDbFile): CancelJournalWriter {
  const thread = startWriterThread<WriterRequest, WriterReply>({
    url: new URL('./journal-writer.worker.ts', import.meta.url),
    file,
    replySchema: writerReplySchema,
    what: '취소 기록(저널)',
  });
  return {
    step: async (answers, records, claim) => {
      const m = await thread.call({ type: 'step', answers, records, claim });
      return { window: m.window ?? null, seqs: m.seqs ?? [] };
    },
    close: () => thread.close({ type: 'close' }),
  };
}
