// Where a batch commits its journal steps. In-process (synchronous better-sqlite3, as the single verification
// does) or, when the database file and key are known, in a worker thread: a commit with synchronous=FULL costs
// milliseconds of fsync, and on the main thread every commit would stall the batch's sockets. Either way a
// claim resolves only after its transaction committed, so "IN_FLIGHT before the request leaves" holds.
import { Worker } from 'node:worker_threads';
import type { ExchangeRecord, ExchangeSink } from '../http/exchange.ts';
import type { Answer, KcpJournal, VerificationRow } from './journal.ts';
import { writerReplySchema, type WriterRequest } from './journal-writer-protocol.ts';

export type BatchStore = {
  claim(batchId: string, limit: number): Promise<VerificationRow[]>;
  apply(answers: { id: number; answer: Answer }[], records: ExchangeRecord[]): Promise<void>;
  requeue(ids: number[]): Promise<void>;
  close(): Promise<void>;
};

export function inProcessStore(journal: KcpJournal, sink: ExchangeSink): BatchStore {
  return {
    claim: async (batchId, limit) => journal.claimGroup(batchId, limit),
    apply: async (answers, records) => journal.applyGroup(answers, () => records.forEach((r) => sink.append(r))),
    requeue: async (ids) => journal.requeue(ids),
    close: async () => {},
  };
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export function workerStore(file: { path: string; key: Uint8Array }): BatchStore {
  const worker = new Worker(new URL('./journal-writer.worker.ts', import.meta.url), { workerData: { path: file.path, key: file.key } });
  // A forgotten close() must not keep the process alive; pending calls hold it (ref) while they run.
  worker.unref();
  let nextId = 1;
  const waiting = new Map<number, { resolve: (rows: VerificationRow[]) => void; reject: (e: Error) => void }>();
  let failure: Error | null = null;
  const failAll = (e: Error): void => {
    failure = e;
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  };
  worker.on('message', (raw: unknown) => {
    const m = writerReplySchema.parse(raw);
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (!w) return;
    if (m.error !== undefined) w.reject(new Error(`계좌인증 기록(저널) 쓰기 실패: ${m.error}`));
    else w.resolve(m.rows ?? []);
  });
  worker.on('error', (e) => failAll(e));
  worker.on('exit', (code) => failAll(new Error(`journal writer exited (${code})`)));
  const call = (req: DistributiveOmit<WriterRequest, 'id'>): Promise<VerificationRow[]> =>
    new Promise((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      const id = nextId++;
      if (waiting.size === 0) worker.ref();
      waiting.set(id, {
        resolve: (rows) => {
          if (waiting.size === 0) worker.unref();
          resolve(rows);
        },
        reject: (e) => {
          if (waiting.size === 0) worker.unref();
          reject(e);
        },
      });
      worker.postMessage({ ...req, id });
    });
  return {
    claim: (batchId, limit) => call({ type: 'claim', batchId, limit }),
    apply: async (answers, records) => void (await call({ type: 'apply', answers, records })),
    requeue: async (ids) => void (await call({ type: 'requeue', ids })),
    close: async () => {
      if (!failure) await call({ type: 'close' });
      await worker.terminate();
    },
  };
}
