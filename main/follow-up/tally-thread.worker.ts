// The worker side of tally-thread.ts: its own connection to docdesk.db, reading the deadlines view's counts.
import { z } from 'zod';
import { serveWriterThread } from '../store/writer-thread-worker.ts';
import { prepareTally } from './tally.ts';
import type { TallyReply, TallyRequest } from './tally-thread.ts';

const requestSchema = z.discriminatedUnion('type', [z.object({ id: z.number().int(), type: z.literal('tally') }), z.object({ id: z.number().int(), type: z.literal('close') })]);

serveWriterThread<TallyRequest, TallyReply>(requestSchema, (db) => {
  const read = prepareTally(db);
  return () => ({ rows: read() });
});
