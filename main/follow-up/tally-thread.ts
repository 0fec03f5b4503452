// Counts for the deadlines view read on a thread of its own (tally.ts): the mailings list asks every few seconds,
// and at 500,000 documents the read costs ~0.6 s that would otherwise stall every socket and the UI. Started on
// first use; the thread only reads (it reuses the writer threads' plumbing, main/store/writer-thread.ts).
import { z } from 'zod';
import { startWriterThread, type WriterDbFile, type WriterThread } from '../store/writer-thread.ts';
import { tallyRowsSchema, type TallyRows } from './tally.ts';

export type TallyRequest = { id: number; type: 'tally' } | { id: number; type: 'close' };
export type TallyReply = { id: number; error?: string | undefined; rows?: TallyRows | undefined };
const replySchema = z.object({ id: z.number().int(), error: z.string().optional(), rows: tallyRowsSchema.optional() });

export function createTallyThread(file: Pick<WriterDbFile, 'path' | 'key'>) {
  let thread: WriterThread<TallyRequest, TallyReply> | null = null;
  return {
    async read(): Promise<TallyRows> {
      const t = (thread ??= startWriterThread<TallyRequest, TallyReply>({
        url: new URL('./tally-thread.worker.ts', import.meta.url),
        file: { path: file.path, key: file.key },
        replySchema,
        what: '후속 조치 집계',
      }));
      let reply: TallyReply;
      try {
        reply = await t.call({ type: 'tally' });
      } catch (err) {
        // A thread that failed answers nothing again: the next read starts a new one instead of failing until
        // the app restarts (the mailings list asks every few seconds).
        if (thread === t) thread = null;
        await t.close({ type: 'close' }).catch(() => undefined);
        throw err;
      }
      if (!reply.rows) throw new Error('후속 조치 집계: 응답에 집계가 없습니다.');
      return reply.rows;
    },
    async close(): Promise<void> {
      await thread?.close({ type: 'close' });
      thread = null;
    },
  };
}
