// Worker side of wal-checkpointer.ts: one connection per database file, a PASSIVE checkpoint per request.
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { openEncryptedSqlite, type Db } from './open-database.ts';

const port = parentPort;
if (port === null) throw new Error('wal-checkpointer.worker.ts must run as a worker thread');

const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('checkpoint'), path: z.string().min(1), key: z.instanceof(Uint8Array) }),
  z.object({ type: z.literal('close') }),
]);

const connections = new Map<string, Db>();

port.on('message', (raw: unknown) => {
  const m = requestSchema.parse(raw);
  if (m.type === 'close') {
    for (const db of connections.values()) db.close();
    connections.clear();
    port.close();
    return;
  }
  try {
    let db = connections.get(m.path);
    if (!db) {
      db = openEncryptedSqlite(m.path, Buffer.from(m.key), { keyError: () => new Error('키가 맞지 않습니다') });
      connections.set(m.path, db);
    }
    // PASSIVE: copies what it can without waiting for (or blocking) the writer and readers.
    db.pragma('wal_checkpoint(PASSIVE)');
    port.postMessage({ path: m.path });
  } catch (err) {
    port.postMessage({ path: m.path, error: err instanceof Error ? err.message : String(err) });
  }
});
