// The thread side of audit-commit-thread.ts: its own connection to audit.db; each request is one batch committed
// by createBatchCommit. Every answer bumps the shared counter, so a
// caller blocked in drain() wakes. After its commits the thread checkpoints audit.db's WAL itself, after a pause
// or once the WAL passed its limit (main/store/wal-checkpoints.ts), as docdesk.db's writer does.
// It is the audit writer: besides the main thread's log it serves a second producer over a port of its own —
// docdesk.db's writer, which posts the events of the exchange records and operator actions its steps committed
// (issue 16 step 8; main/writer/audit-route.ts). Each commit computes the chain inside its transaction, so both
// producers' events form one ordered chain. The main thread is told of every such commit (the log's new size, or
// the failure), so it signs checkpoints over them and refuses appends while the audit writer cannot commit.
// Its connection is the only one that writes audit.db (issue 16 item 1): the main thread's other writes — signed
// checkpoints, anchoring, keys, settings, the purge, the tree upgrade — arrive as named steps (audit-writer-steps.ts).
import { MessagePort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { checkpointTimingSchema, createWalCheckpoints, type WalCheckpoints } from '../store/wal-checkpoints.ts';
import { openAuditDatabase, type AuditDb } from './audit-db.ts';
import { batchEventSchema, createBatchCommit, type BatchEvent } from './commit-batch.ts';
import { producerRequestSchema, type ProducerAnswer } from './producer-link.ts';
import { buildPendingTree } from './tree-upgrade.ts';
import { answerStep, auditWriterStepSchema, createAuditWriterSteps, type AuditWriterStep } from './audit-writer-steps.ts';

const start = z
  .object({
    path: z.string().min(1),
    key: z.instanceof(Uint8Array),
    blobKey: z.instanceof(Uint8Array),
    signal: z.instanceof(Int32Array),
    port: z.instanceof(MessagePort),
    checkpoints: checkpointTimingSchema.optional(),
    producer: z.instanceof(MessagePort).optional(),
  })
  .parse(workerData);

const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('commit'), id: z.number().int(), batch: z.array(batchEventSchema) }),
  z.object({ type: z.literal('close'), id: z.number().int() }),
  z.object({ type: z.literal('step'), id: z.number().int(), request: auditWriterStepSchema }),
]);

const { port, signal } = start;
// A database that cannot be opened (wrong key, disk) fails every request instead of ending the thread: a caller
// blocked in drain() gets its answer at once.
let opened: { db: AuditDb; commit: ReturnType<typeof createBatchCommit>; run: (s: AuditWriterStep) => void; checkpoints: WalCheckpoints } | { error: string; code: string };
try {
  const db = openAuditDatabase(start.path, Buffer.from(start.key));
  // A log from before the Merkle tree gets it now, before any batch needs its right edge (like a migration);
  // the log appends `audit.tree_built` from the mark and then ends the upgrade (finishTreeUpgrade).
  try {
    buildPendingTree(db);
  } catch (err) {
    db.close();
    throw err;
  }
  const checkpoints = createWalCheckpoints(db, start.checkpoints ?? {}, (e) => process.stderr.write(`${e.message}\n`));
  opened = { db, commit: createBatchCommit(db, Buffer.from(start.blobKey)), run: createAuditWriterSteps(db), checkpoints };
} catch (err) {
  const code = err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : 'AUDIT_UNAVAILABLE';
  opened = { error: err instanceof Error ? err.message : String(err), code };
}

const reply = (m: { id: number; seqs?: number[]; done?: true; error?: string; refusal?: { code: string; exitCode: 1 } }): void => {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

/** The main thread learns of a producer's commit: the log's new size, or why it failed. */
const tellMain = (m: { type: 'appended'; size: number } | { type: 'failed'; error: string }): void => {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};

// The producer's batches that arrived together commit as one; a batch that failed stays here and is committed
// first by the next one, so no event of a failed commit is lost while the process runs (recover.ts after a crash).
let fromProducer: { id: number; batch: BatchEvent[] }[] = [];
let stalled: BatchEvent[] = [];
const producer = start.producer;
const answerProducer = (m: ProducerAnswer): void => producer?.postMessage(m);
function commitProducerBatches(): void {
  const requests = fromProducer;
  fromProducer = [];
  if ('error' in opened) {
    requests.forEach((r) => answerProducer({ id: r.id, error: opened.error }));
    return;
  }
  const batch = stalled.concat(...requests.map((r) => r.batch));
  opened.checkpoints.postpone();
  try {
    const seqs = opened.commit(batch);
    let at = stalled.length;
    stalled = [];
    for (const r of requests) answerProducer({ id: r.id, seqs: seqs.slice(at, (at += r.batch.length)) });
    tellMain({ type: 'appended', size: (seqs.at(-1) ?? -1) + 1 });
    opened.checkpoints.committed();
  } catch (err) {
    stalled = batch;
    const error = err instanceof Error ? err.message : String(err);
    requests.forEach((r) => answerProducer({ id: r.id, error }));
    tellMain({ type: 'failed', error });
  }
}
producer?.on('message', (raw: unknown) => {
  const parsed = producerRequestSchema.safeParse(raw);
  if (!parsed.success) {
    const id = z.object({ id: z.number().int() }).safeParse(raw);
    if (id.success) answerProducer({ id: id.data.id, error: `잘못된 요청: ${parsed.error.message}` });
    return;
  }
  fromProducer.push(parsed.data);
  // Every batch already waiting on the port is delivered before this runs (check phase after the poll phase).
  if (fromProducer.length === 1) setImmediate(commitProducerBatches);
});

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
    // Batches the producer posted before closing itself are committed first (its writer waits for their answers).
    if (fromProducer.length > 0) commitProducerBatches();
    producer?.close();
    if ('db' in opened) {
      opened.checkpoints.close();
      opened.db.close();
    }
    reply({ id: m.id });
    port.close();
    return;
  }
  if (m.type === 'step') {
    serveStep(m.id, m.request);
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

/** The main thread's named steps (audit-writer-steps.ts): checkpoints, keys, settings, purge, tree upgrade. */
function serveStep(id: number, request: AuditWriterStep): void {
  if ('error' in opened) {
    reply({ id, ...answerStep(opened, request) });
    return;
  }
  opened.checkpoints.postpone();
  reply({ id, ...answerStep(opened, request) });
  opened.checkpoints.committed();
}
