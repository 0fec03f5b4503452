// The grid's expensive totals recounted on a thread of their own. While a writer thread commits (the status
// tracker, a send), every commit empties the main connection's page cache (SQLite resets it when another
// connection changed the database), so a total over a few hundred thousand rows decrypts its index again each
// time: 60–400 ms on the main thread at 500,000 documents in the tracker benchmark, every 5 s per view the grid
// shows. The thread only reads; it reuses the writer threads' plumbing (main/store/writer-thread.ts).
import { z } from 'zod';
import type { DocumentsFilter } from '../../shared/domain/documents-query.ts';
import { startWriterThread, type WriterDbFile, type WriterThread } from '../store/writer-thread.ts';

export type CountRequest = { id: number; type: 'count'; filter: DocumentsFilter } | { id: number; type: 'close' };
export type CountReply = { id: number; error?: string | undefined; total?: number | undefined; ms?: number | undefined };
const replySchema = z.object({ id: z.number().int(), error: z.string().optional(), total: z.number().int().optional(), ms: z.number().optional() });

export type CountThread = {
  /** The filter's total as the thread's connection reads it, and how long that read took there. */
  count(filter: DocumentsFilter): Promise<{ total: number; ms: number }>;
  close(): Promise<void>;
};

export function createCountThread(file: Pick<WriterDbFile, 'path' | 'key'>): CountThread {
  let thread: WriterThread<CountRequest, CountReply> | null = null;
  return {
    async count(filter) {
      const t = (thread ??= startWriterThread<CountRequest, CountReply>({
        url: new URL('./count-thread.worker.ts', import.meta.url),
        file: { path: file.path, key: file.key },
        replySchema,
        what: '문서 목록 합계',
        readonly: true,
      }));
      try {
        const reply = await t.call({ type: 'count', filter });
        if (reply.total === undefined) throw new Error('문서 목록 합계: 응답에 합계가 없습니다.');
        return { total: reply.total, ms: reply.ms ?? 0 };
      } catch (err) {
        // A failed thread answers nothing again: the next recount starts a new one.
        if (thread === t) thread = null;
        await t.close({ type: 'close' }).catch(() => undefined);
        throw err;
      }
    },
    async close() {
      await thread?.close({ type: 'close' });
      thread = null;
    },
  };
}
