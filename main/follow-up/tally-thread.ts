// Counts for the deadlines view and the per-mailing read curve (follow-up-reads.ts) read on a thread of
// their own: the mailings list asks every few seconds and the dashboard's chart every 15 s, and at 500,000
// documents those reads cost ~0.6 s and ~30–80 ms that would otherwise stall every socket and the UI. Started on
// first use; the thread only reads (it reuses the writer threads' plumbing, main/store/writer-thread.ts).
import { z } from 'zod';
import { startWriterThread, type DistributiveOmit, type WriterDbFile, type WriterThread } from '../store/writer-thread.ts';
import { followUpTallyRowsSchema, readsByDayRowsSchema, type FollowUpTallyRows, type ReadsByDayRows } from '../../shared/domain/follow-up-reads.ts';

export type TallyRequest = { id: number; type: 'tally' } | { id: number; type: 'readsByDay'; mailingId: string; from: number } | { id: number; type: 'close' };
export type TallyReply = { id: number; error?: string | undefined; rows?: FollowUpTallyRows | undefined; days?: ReadsByDayRows | undefined };
const replySchema = z.object({ id: z.number().int(), error: z.string().optional(), rows: followUpTallyRowsSchema.optional(), days: readsByDayRowsSchema.optional() });

export function createTallyThread(file: Pick<WriterDbFile, 'path' | 'key'>) {
  let thread: WriterThread<TallyRequest, TallyReply> | null = null;

  async function ask(req: DistributiveOmit<TallyRequest, 'id'>): Promise<TallyReply> {
    const t = (thread ??= startWriterThread<TallyRequest, TallyReply>({
      url: new URL('./tally-thread.worker.ts', import.meta.url),
      file: { path: file.path, key: file.key },
      replySchema,
      what: '후속 조치 집계',
      readonly: true,
    }));
    try {
      return await t.call(req);
    } catch (err) {
      // A thread that failed answers nothing again: the next read starts a new one instead of failing until
      // the app restarts (the mailings list asks every few seconds).
      if (thread === t) thread = null;
      await t.close({ type: 'close' }).catch(() => undefined);
      throw err;
    }
  }

  return {
    async read(): Promise<FollowUpTallyRows> {
      const reply = await ask({ type: 'tally' });
      if (!reply.rows) throw new Error('후속 조치 집계: 응답에 집계가 없습니다.');
      return reply.rows;
    },
    async readsByDay(mailingId: string, from: number): Promise<ReadsByDayRows> {
      const reply = await ask({ type: 'readsByDay', mailingId, from });
      if (!reply.days) throw new Error('열람 추이: 응답에 일자별 열람이 없습니다.');
      return reply.days;
    },
    async close(): Promise<void> {
      await thread?.close({ type: 'close' });
      thread = null;
    },
  };
}
