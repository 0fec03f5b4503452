// A worker thread that owns a connection of its own to docdesk.db: the one writer (main/writer/, which commits
// the journal steps of sends, polls, imports, PayUp cancels and KCP verifications) or a reading thread (grid
// totals, follow-up counts). A commit costs milliseconds of SQLCipher page work and an fsync; on the main thread
// it would stall every socket of a batch and the UI. This is the main-thread side: numbered requests, replies
// matched by id, every pending call failed if the thread dies.
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { z } from 'zod';
import { StepRefusedError, type StepRefusal } from './step-refusal.ts';
import type { CheckpointTiming } from './wal-checkpoints.ts';

/**
 * Every reply names the request it answers; `error` is set when the step failed (and was rolled back), `refusal`
 * when that failure is a domain refusal the caller receives as it is (step-refusal.ts).
 */
export type WriterReplyBase = { id: number; error?: string | undefined; refusal?: StepRefusal | undefined };

/** Omit over each member of a union (a request without its id, per request type). */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export type WriterThread<Req extends { id: number }, Reply extends WriterReplyBase> = {
  /** `what` names, in a failure's message, what this call writes when one thread writes for several callers. */
  call(req: DistributiveOmit<Req, 'id'>, what?: string): Promise<Reply>;
  /** Sends `closeRequest` (the worker closes its connection) unless the thread already failed, then stops it. */
  close(closeRequest: DistributiveOmit<Req, 'id'>): Promise<void>;
};

/** The database a writer thread commits to (or reads). */
export type WriterDbFile = { path: string; key: Uint8Array };

export function startWriterThread<Req extends { id: number }, Reply extends WriterReplyBase>(o: {
  url: URL;
  file: WriterDbFile;
  replySchema: z.ZodType<Reply>;
  /** Korean, for the operator: what failed to be written, e.g. '발송 기록(저널)'. */
  what: string;
  /** A thread that only reads (grid totals, follow-up counts) opens its connection read-only: it cannot write. */
  readonly?: boolean;
  /** A writing thread checkpoints its WAL after its commits (wal-checkpoints.ts); tests shorten the timing. */
  checkpoints?: CheckpointTiming;
  /** More start data for the worker's own schema, and what of it is moved (ports), not copied. */
  workerData?: Record<string, unknown>;
  transferList?: TransferListItem[];
}): WriterThread<Req, Reply> {
  // The worker reads this as writerThreadStartSchema (writer-thread-worker.ts), its own part with its own schema.
  const worker = new Worker(o.url, {
    workerData: { ...o.workerData, path: o.file.path, key: o.file.key, readonly: o.readonly === true, checkpoints: o.checkpoints ?? {} },
    ...(o.transferList ? { transferList: o.transferList } : {}),
  });
  // A forgotten close() must not keep the process alive; pending calls hold it (ref) while they run.
  worker.unref();
  let nextId = 1;
  let failure: Error | null = null;
  const waiting = new Map<number, { resolve: (m: Reply) => void; reject: (e: Error) => void; what: string }>();
  const failAll = (e: Error): void => {
    failure ??= e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (raw: unknown) => {
    const m = o.replySchema.parse(raw);
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (waiting.size === 0) worker.unref();
    if (!w) return;
    if (m.error !== undefined && m.refusal !== undefined) w.reject(new StepRefusedError(m.error, m.refusal));
    else if (m.error !== undefined) w.reject(new Error(`${w.what} ${o.readonly === true ? '읽기' : '쓰기'} 실패: ${m.error}`));
    else w.resolve(m);
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`${o.what}: 기록 스레드가 종료되었습니다 (${code}).`)));

  const call = (req: DistributiveOmit<Req, 'id'>, what = o.what): Promise<Reply> =>
    new Promise((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve, reject, what });
      worker.postMessage({ ...req, id });
    });

  return {
    call,
    async close(closeRequest) {
      if (!failure) await call(closeRequest).catch(() => undefined);
      await worker.terminate();
    },
  };
}
