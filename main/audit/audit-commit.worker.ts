// The thread side of audit-commit-thread.ts: its own connection to audit.db; each request is one batch committed
// by createBatchCommit. Every answer bumps the shared counter, so a
// caller blocked in drain() wakes. After its commits the thread checkpoints audit.db's WAL itself, after a pause
// or once the WAL passed its limit (main/store/wal-checkpoints.ts), as docdesk.db's writer does.
// It is the audit writer: besides the main thread's log it serves a second producer over a port of its own —
// docdesk.db's writer, which posts the exchange records and operator actions its steps committed; their events are
// built here (issue 16 step 8; producer-batches.ts, main/writer/audit-route.ts), with the HMAC key this thread is
// started with. Each commit computes the chain inside its transaction, so both producers' events form one ordered
// chain. The main thread is told of every such commit (the log's new size, an event refused, or the failure), so it
// signs checkpoints over them, reports a refusal and refuses appends while the audit writer cannot commit.
// Its connection is the only one that writes audit.db (issue 16 item 1): the main thread's other writes — signed
// checkpoints, anchoring, keys, settings, the purge, the tree upgrade — arrive as named steps (audit-writer-steps.ts).
import { MessagePort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { checkpointTimingSchema, createWalCheckpoints, type WalCheckpoints } from '../store/wal-checkpoints.ts';
import { openAuditDatabase, type AuditDb } from './audit-db.ts';
import { batchEventSchema, createBatchCommit } from './commit-batch.ts';
import { serveProducerBatches, type MainNotice } from './producer-batches.ts';
import { producerHoldSchema } from './producer-link.ts';
import { buildPendingTree } from './tree-upgrade.ts';
import { stepRefusalSchema, type StepRefusal } from '../store/step-refusal.ts';
import { answerStep, auditWriterStepSchema, createAuditWriterSteps, type AuditWriterStep } from './audit-writer-steps.ts';

const start = z
  .object({
    path: z.string().min(1),
    key: z.instanceof(Uint8Array),
    blobKey: z.instanceof(Uint8Array),
    signal: z.instanceof(Int32Array),
    port: z.instanceof(MessagePort),
    checkpoints: checkpointTimingSchema.optional(),
    /** docdesk.db's writer's end of the link, and the key of the subject tokens and slice salts of its events. */
    producer: z.object({ port: z.instanceof(MessagePort), hmacKey: z.instanceof(Uint8Array), hold: producerHoldSchema }).optional(),
  })
  .parse(workerData);

const requestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('commit'), id: z.number().int(), batch: z.array(batchEventSchema) }),
  z.object({ type: z.literal('close'), id: z.number().int() }),
  z.object({ type: z.literal('step'), id: z.number().int(), request: auditWriterStepSchema }),
  // The main thread flushes its log: the producer's batches this thread keeps are committed now (no answer: the
  // main thread waits on the link's counter).
  z.object({ type: z.literal('hurry') }),
]);

const { port, signal } = start;
// A database that cannot be opened (wrong key, disk) fails every request instead of ending the thread: a caller
// blocked in drain() gets its answer at once.
let opened: { db: AuditDb; commit: ReturnType<typeof createBatchCommit>; run: (s: AuditWriterStep) => void; checkpoints: WalCheckpoints } | { error: string; code: string; exitCode: StepRefusal['exitCode'] };
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
  // The opening's own exit code travels with it (an edited migration: 4, as for docdesk.db — main/cli/errors.ts).
  const exitCode = stepRefusalSchema.shape.exitCode.catch(1).parse(err instanceof Error && 'exitCode' in err ? err.exitCode : 1);
  opened = { error: err instanceof Error ? err.message : String(err), code, exitCode };
}

/** Every message to the main thread bumps the shared counter, so a caller blocked in drain() wakes. */
const toMain = (m: object): void => {
  port.postMessage(m);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
};
const reply = (m: { id: number; seqs?: number[]; done?: true; error?: string; refusal?: StepRefusal }): void => toMain(m);
/** The main thread learns of a producer's commit: the log's new size, a refused event, or why it failed. */
const tellMain = (m: MainNotice): void => toMain(m);

const producer = start.producer ? serveProducerBatches(start.producer.port, Buffer.from(start.producer.hmacKey), opened, tellMain, { hold: start.producer.hold }) : null;

port.on('message', (raw: unknown) => {
  const parsed = requestSchema.safeParse(raw);
  if (!parsed.success) {
    // Answered all the same: the caller may be blocked in drain() waiting for this id.
    const id = z.object({ id: z.number().int() }).safeParse(raw);
    if (id.success) reply({ id: id.data.id, error: `잘못된 요청: ${parsed.error.message}` });
    return;
  }
  const m = parsed.data;
  if (m.type === 'hurry') {
    producer?.commitNow();
    return;
  }
  if (m.type === 'close') {
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
