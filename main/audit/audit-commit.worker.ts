// The thread side of audit-commit-thread.ts: its own connection to audit.db; each request is one batch committed
// by createBatchCommit (the same function an inline log runs). Every answer bumps the shared counter, so a
// caller blocked in drain() wakes. After its commits the thread checkpoints audit.db's WAL itself, after a pause
// or once the WAL passed its limit (main/store/wal-checkpoints.ts), as docdesk.db's writer does.
import { MessagePort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { checkpointTimingSchema, createWalCheckpoints, type WalCheckpoints } from '../store/wal-checkpoints.ts';
import { openAuditDatabase, type AuditDb } from './audit-db.ts';
import { batchEventSchema, createBatchCommit } from './commit-batch.ts';

const start = z
  .object({
    path: z.string().min(1),
    key: z.instanceof(Uint8Array),
    blobKey: z.instanceof(Uint8Array),
    signal: z.instanceof(Int32Array),
    port: z.instanceof(MessagePort),
    checkpoints: checkpointTimingSchema.optional(),
  })
  .parse(workerData);

const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('commit'), id: z.number().int(), batch: z.array(batchEventSchema) }),
  z.object({ type: z.literal('close'), id: z.number().int() }),
]);

const { port, signal } = start;
// A database that cannot be opened (wrong key, disk) fails every request instead of ending the thread: a caller
// blocked in drain() gets its answer at once.
let opened: { db: AuditDb; commit: ReturnType<typeof createBatchCommit>; checkpoints: WalCheckpoints } | { error: string };
try {
  const db = openAuditDatabase(start.path, Buffer.from(start.key));
  const checkpoints = createWalCheckpoints(db, start.checkpoints ?? {}, (e) => process.stderr.write(`${e.message}\n`));
  opened = { db, commit: createBatchCommit(db, Buffer.from(start.blobKey)), checkpoints };
} catch (err) {
  opened = { error: err instanceof Error ? err.message : String(err) };
}

const reply = (m: { id: number; seqs?: number[]; error?: string }): void => {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

port.on('message', (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    // Answered all the same: the caller may be blocked in drain() waiting for this id.
    const id = z.object({ id: z.number().int() }).safeParse(raw);
    if (id.success) reply({ id: id.data.id, error: `잘못된 요청: ${parsed.error.message}` });
    return;
  }
  const m = parsed.data;
  if (m.type === 'close') {
    if ('db' in opened) {
      opened.checkpoints.close();
      opened.db.close();
    }
    reply({ id: m.id });
    port.close();
    return;
  }
  if ('error' in opened) {
    reply({ id: m.id, error: opened.error });
    return;
  }
  opened.checkpoints.postpone();
  try {
    reply({ id: m.id, seqs: opened.commit(m.batch) });
    opened.checkpoints.committed();
  } catch (err) {
    reply({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
