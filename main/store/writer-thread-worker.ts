// The worker side of main/store/writer-thread.ts: opens its own connection to docdesk.db, answers each numbered
// request with the step's result (or the error that rolled it back), and closes on a `close` request.
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { z } from 'zod';
import { openDatabase, type Db } from './open-database.ts';
import { checkpointTimingSchema, type CheckpointTiming } from './wal-checkpoints.ts';
import type { WriterReplyBase } from './writer-thread.ts';

/** What every writer thread is started with: the database file and its key (and a writer's checkpoint timing). */
export const writerThreadStartSchema = z.object({
  path: z.string().min(1),
  key: z.instanceof(Uint8Array),
  readonly: z.boolean().optional(),
  checkpoints: checkpointTimingSchema.optional(),
});

type Request = { id: number; type: string };

/** The thread's port to the main thread and its own connection, opened from the start data (writerThreadStartSchema). */
export function openWriterConnection(): { port: MessagePort; db: Db; checkpoints: CheckpointTiming } {
  const port = parentPort;
  if (port === null) throw new Error('a writer thread must run as a worker thread');
  const start = writerThreadStartSchema.parse(workerData);
  // A reading thread's connection is read-only (it opens a database the main connection has already migrated).
  const db = openDatabase(start.path, Buffer.from(start.key), { readonly: start.readonly === true });
  // Steps are savepoints inside a group transaction; their statement journal stays in memory instead of an
  // encrypted temporary file (measured: ~13% of the mailing writer's time went to that file).
  db.pragma('temp_store = MEMORY');
  return { port, db, checkpoints: start.checkpoints ?? {} };
}

/**
 * `setup` prepares the statements on the thread's connection and returns the handler of every request but
 * `close`; the handler runs one step (its own transaction) and returns the reply without its id.
 */
export function serveWriterThread<Req extends Request, Reply extends WriterReplyBase>(
  requestSchema: z.ZodType<Req>,
  setup: (db: Db) => (m: Exclude<Req, { type: 'close' }>) => Omit<Reply, 'id'>,
): void {
  const { port, db } = openWriterConnection();
  const handle = setup(db);
  port.on('message', (raw: unknown) => {
    const m = requestSchema.parse(raw);
    try {
      if (m.type === 'close') {
        db.close();
        port.postMessage({ id: m.id });
        port.close();
        return;
      }
      port.postMessage({ ...handle(m as Exclude<Req, { type: 'close' }>), id: m.id });
    } catch (err) {
      port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
    }
  });
}
