// The worker side of tally-thread.ts: its own connection to docdesk.db, reading the deadlines view's counts and
// one mailing's reads per day.
import { z } from 'zod';
import { serveWriterThread } from '../store/writer-thread-worker.ts';
import { prepareReadsByDay, prepareTally } from './follow-up-reads.ts';
import type { TallyReply, TallyRequest } from './tally-thread.ts';

const requestSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), type: z.literal('tally') }),
  z.object({ id: z.number().int(), type: z.literal('readsByDay'), mailingId: z.string(), from: z.number() }),
  z.object({ id: z.number().int(), type: z.literal('close') }),
]);

serveWriterThread<TallyRequest, TallyReply>(requestSchema, (db) => {
  const tally = prepareTally(db);
  const readsByDay = prepareReadsByDay(db);
  return (m) => (m.type === 'tally' ? { rows: tally() } : { days: readsByDay(m.mailingId, m.from) });
});
