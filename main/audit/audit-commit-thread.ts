// The audit writer's client: the one thread with the one connection that writes audit.db (issue 16 item 1), for
// the backend, the CLI, tools and tests alike — there is no inline mode. A batch of exchanges costs milliseconds of
// SQLCipher page work, AES-GCM and an fsync, and on the main thread every socket of a PayUp, KCP or poll batch
// waited for it (measured: ~12 % of the main thread during a PayUp batch, ~30 % during a poll round).
// `drain()` is the synchronous hand-off the log's flush() needs (a durable append, close, a checkpoint): the
// thread bumps a shared counter after every answer and the caller blocks on it (Atomics.wait), taking the
// answers with receiveMessageOnPort — never longer than the commit itself, as before on the main thread.
// The thread also commits docdesk.db's writer's batches (producer-link.ts); it tells this side of each such
// commit (a notice: the log's new size, or the failure), and the log waits on the link's counter in its flush.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { z } from 'zod';
import type { CheckpointTiming } from '../store/wal-checkpoints.ts';
import type { BatchEvent } from './commit-batch.ts';
import type { MainNotice } from './producer-batches.ts';
import type { AuditWriterStep } from './audit-writer-steps.ts';
import type { AuditEnd } from './producer-link.ts';

export type CommitAnswer = { seqs: number[] } | { error: string };
/** A named step's answer; `refusal` says what the caller rethrows (store/step-refusal.ts). */
export type StepAnswer = { done: true } | { error: string; refusal?: { code: string; exitCode: 1 | 2 | 3 | 4 } };

/** What the thread says of a commit of the other producer's events (producer-batches.ts). */
export type ProducerNotice = MainNotice;

export type AuditBatchCommitter = {
  /** Starts committing `batch`; `done` runs once with its answer (in a later turn, or inside drain()). */
  post(batch: BatchEvent[], done: (a: CommitAnswer) => void): void;
  /** Starts one named step (audit-writer-steps.ts); `done` runs once with its answer. */
  step(request: AuditWriterStep, done: (a: StepAnswer) => void): void;
  /** Returns once every posted batch and step was answered and its `done` ran. */
  drain(): void;
  /**
   * When the committer also serves docdesk.db's writer: its notices, the count of its batches unanswered, and
   * `hurry`, which has the thread commit the batches it keeps (producer-link.ts PRODUCER_HOLD) at once.
   */
  readonly producer?: { onNotice(listener: (n: ProducerNotice) => void): void; pending: Int32Array; hurry(): void };
  close(): void;
};

const replySchema = z.object({
  id: z.number().int(),
  seqs: z.array(z.number().int()).optional(),
  done: z.literal(true).optional(),
  error: z.string().optional(),
  refusal: z.object({ code: z.string().min(1), exitCode: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) }).optional(),
});
type Reply = z.infer<typeof replySchema>;
const noticeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('appended'), size: z.number().int() }),
  z.object({ type: z.literal('failed'), error: z.string() }),
  z.object({ type: z.literal('refused'), error: z.string() }),
]);

/** A commit that takes longer than this is reported as failed (the thread is gone or the disk hangs). */
const DRAIN_TIMEOUT_MS = 60_000;

/**
 * `checkpoints`: when the thread checkpoints audit.db's WAL after its commits (tests shorten it; wal-checkpoints.ts).
 * `producer`: the audit writer's end of the link to docdesk.db's writer (producer-link.ts), moved to the thread, and
 * the key of the subject tokens its events are built with there.
 */
export function startAuditCommitThread(
  file: { path: string; key: Buffer },
  blobKey: Buffer,
  checkpoints: CheckpointTiming = {},
  producer?: AuditEnd & { hmacKey: Buffer },
): AuditBatchCommitter {
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1: port, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./audit-commit.worker.ts', import.meta.url), {
    workerData: {
      path: file.path,
      key: file.key,
      blobKey,
      signal,
      port: port2,
      checkpoints,
      ...(producer ? { producer: { port: producer.port, hmacKey: new Uint8Array(producer.hmacKey), hold: producer.hold } } : {}),
    },
    transferList: producer ? [port2, producer.port] : [port2],
  });
  const noticeListeners: ((n: ProducerNotice) => void)[] = [];
  /** Notices that came before anyone listened (the log listens once its async open has read the log): kept for it. */
  const unheard: ProducerNotice[] = [];
  // Pending commits hold the process (ref while waiting); an idle thread never does.
  worker.unref();
  let nextId = 1;
  let failure: string | null = null;
  let closed = false;
  const waiting = new Map<number, (r: Reply) => void>();

  const answer = (raw: unknown): void => {
    const notice = noticeSchema.safeParse(raw);
    if (notice.success) {
      if (noticeListeners.length === 0) unheard.push(notice.data);
      noticeListeners.forEach((l) => l(notice.data));
      return;
    }
    const m = replySchema.parse(raw);
    const done = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) port.unref();
    done?.(m);
  };
  const failAll = (why: string): void => {
    failure ??= why;
    for (const [id, done] of waiting) {
      waiting.delete(id);
      done({ id, error: why });
    }
    port.unref();
  };
  port.on('message', answer);
  port.unref();
  worker.on('error', (e) => failAll(`감사 로그 기록 스레드 오류: ${e.message}`));
  worker.on('exit', (code) => failAll(`감사 로그 기록 스레드가 종료되었습니다 (${code}).`));

  function send(request: { type: 'commit'; batch: BatchEvent[] } | { type: 'close' } | { type: 'step'; request: AuditWriterStep }, done: (r: Reply) => void): void {
    const id = nextId++;
    if (failure !== null) {
      done({ id, error: failure });
      return;
    }
    waiting.set(id, done);
    port.ref();
    port.postMessage({ ...request, id });
  }

  function drain(): void {
    const deadline = Date.now() + DRAIN_TIMEOUT_MS;
    while (waiting.size > 0) {
      // Read the counter before looking for the answer: an answer posted in between has already moved it.
      const seen = Atomics.load(signal, 0);
      const m = receiveMessageOnPort(port);
      if (m !== undefined) {
        answer(m.message);
        continue;
      }
      if (Date.now() > deadline) {
        failAll('감사 로그 기록 스레드가 응답하지 않습니다.');
        return;
      }
      Atomics.wait(signal, 0, seen, 1_000);
    }
  }

  return {
    ...(producer
      ? {
          producer: {
            onNotice: (l: (n: ProducerNotice) => void) => {
              noticeListeners.push(l);
              for (const n of unheard.splice(0)) l(n);
            },
            pending: producer.pending,
            hurry: () => {
              if (!closed && failure === null) port.postMessage({ type: 'hurry' });
            },
          },
        }
      : {}),
    post: (batch, done) => send({ type: 'commit', batch }, (r) => done(r.error !== undefined ? { error: r.error } : { seqs: r.seqs ?? [] })),
    step: (request, done) => send({ type: 'step', request }, (r) => done(r.error !== undefined ? { error: r.error, ...(r.refusal ? { refusal: r.refusal } : {}) } : { done: true })),
    drain,
    close() {
      if (closed) return;
      closed = true;
      // The thread closes its connection before answering; then it ends, and later posts are answered at once.
      send({ type: 'close' }, () => {});
      drain();
      failure ??= '감사 로그 기록 스레드가 닫혔습니다.';
      port.close();
      void worker.terminate();
    },
  };
}
