// Worker side of wal-checkpointer.ts: one connection per database file, a PASSIVE checkpoint per request.
import { readlinkSync } from 'node:fs';
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import { z } from 'zod';
import { openEncryptedSqlite, type Db } from './open-database.ts';

const port = parentPort;
if (port === null) throw new Error('wal-checkpointer.worker.ts must run as a worker thread');

const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('checkpoint'), path: z.string().min(1), key: z.instanceof(Uint8Array) }),
  z.object({ type: z.literal('close') }),
]);

/**
 * A checkpoint can wait; the sends, imports and batches that produce the WAL cannot. On Linux a thread has a
 * nice value of its own (/proc/thread-self names it), so this thread yields the cores to the writers and the
 * main thread and catches up when they idle (the connections' automatic checkpoint stays the back-stop). Other
 * systems, or a refusal, leave the normal priority.
 */
function lowerOwnPriority(): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) os.setPriority(tid, 19);
  } catch {
    // Not permitted or no /proc: normal priority.
  }
}
lowerOwnPriority();
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
