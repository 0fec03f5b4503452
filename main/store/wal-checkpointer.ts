// Background WAL checkpoints. SQLite's automatic checkpoint runs on the connection whose commit crossed the
// threshold: on a journal writer thread (the serial resource of a send or an import) or on the main thread
// (audit.db). With SQLCipher a checkpoint decrypts every WAL frame and encrypts it again into the database
// file — measured: 20% of a 100,000-row import's writer time. Here a thread of its own copies committed frames
// with PASSIVE checkpoints (they never block a writer or a reader), on the core the writer is not using.
// Durability is unchanged: a commit is durable in the WAL (synchronous=FULL) before any checkpoint; the
// connections' own automatic checkpoint stays as a back-stop (open-database.ts).
// A checkpoint waits for a quiet moment (no commit for `delayMs`) or for the WAL to reach `maxWalBytes`: during a
// send a document's page and its index pages are rewritten by several commits (claim, answer, poll), and a
// checkpoint copies each page once however often the WAL holds it — one every second copied most of them over
// and over, on a core the send needs (measured: 46% of a core during a 50,000-document poll round).
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';

export type DbFile = { path: string; key: Uint8Array };

export type WalCheckpointer = {
  /**
   * A commit went to `file`'s WAL: a checkpoint follows once commits pause for `delayMs`, or at once when the WAL
   * reached `maxWalBytes` (one at a time per file).
   */
  nudge(file: DbFile): void;
  /** Resolves once no checkpoint is scheduled or running. */
  settled(): Promise<void>;
  close(): Promise<void>;
};

const replySchema = z.object({ path: z.string(), error: z.string().optional() });

/** Below the connections' own automatic checkpoint (50,000 pages ≈ 205 MB, open-database.ts), which would run on the writer. */
const MAX_WAL_BYTES = 96 * 1024 * 1024;

/** A WAL that stays large (a reader holds old frames, so it cannot restart) is retried at most this often. */
const BIG_WAL_DELAY_MS = 100;

const walBytes = (dbPath: string): number => {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0; // no WAL yet
  }
};

/** `onError`: a failed checkpoint is not fatal (the connections' automatic checkpoint remains), only reported. */
export function createWalCheckpointer(o: { delayMs?: number; maxWalBytes?: number; onError?: (e: Error) => void } = {}): WalCheckpointer {
  const delayMs = o.delayMs ?? 1_000;
  const maxWalBytes = o.maxWalBytes ?? MAX_WAL_BYTES;
  let worker: Worker | null = null;
  let closed = false;
  type FileState = { file: DbFile; timer: NodeJS.Timeout | null; dueAt: number; running: boolean; again: boolean };
  const files = new Map<string, FileState>();
  let idleWaiters: (() => void)[] = [];

  const idle = (): boolean => [...files.values()].every((s) => s.timer === null && !s.running);
  const wakeIdle = (): void => {
    if (!idle()) return;
    const w = idleWaiters;
    idleWaiters = [];
    w.forEach((f) => f());
  };

  function started(): Worker {
    if (worker) return worker;
    const w = new Worker(new URL('./wal-checkpointer.worker.ts', import.meta.url));
    // Never keeps the process alive: a checkpoint that does not happen is done by SQLite later.
    w.unref();
    w.on('message', (raw: unknown) => {
      const m = replySchema.parse(raw);
      const s = files.get(m.path);
      if (m.error !== undefined) o.onError?.(new Error(`WAL 체크포인트 실패 (${m.path}): ${m.error}`));
      if (!s) return;
      s.running = false;
      if (s.again && !closed) {
        s.again = false;
        schedule(s);
      }
      wakeIdle();
    });
    w.on('error', (e) => {
      o.onError?.(e);
      worker = null;
      for (const s of files.values()) s.running = false;
      wakeIdle();
    });
    worker = w;
    return w;
  }

  /** A commit postpones the checkpoint to the next quiet moment; past the WAL limit it only ever brings it closer. */
  function schedule(s: FileState): void {
    const big = walBytes(s.file.path) >= maxWalBytes;
    const dueAt = Date.now() + (big ? Math.min(delayMs, BIG_WAL_DELAY_MS) : delayMs);
    if (s.timer && big && s.dueAt <= dueAt) return;
    if (s.timer) clearTimeout(s.timer);
    s.dueAt = dueAt;
    s.timer = setTimeout(() => {
      s.timer = null;
      s.running = true;
      started().postMessage({ type: 'checkpoint', path: s.file.path, key: s.file.key });
    }, dueAt - Date.now());
    s.timer.unref();
  }

  return {
    nudge(file) {
      if (closed) return;
      let s = files.get(file.path);
      if (!s) {
        s = { file, timer: null, dueAt: 0, running: false, again: false };
        files.set(file.path, s);
      }
      s.file = file;
      // Each commit moves the quiet moment on; a checkpoint already running is followed by another.
      if (s.running) s.again = true;
      else schedule(s);
    },
    settled: () => (idle() ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve))),
    async close() {
      closed = true;
      for (const s of files.values()) {
        if (s.timer) clearTimeout(s.timer);
        s.timer = null;
        s.again = false;
      }
      wakeIdle();
      const w = worker;
      worker = null;
      if (!w) return;
      // The worker closes its connections (a running checkpoint finishes first: messages are handled in order).
      // ref(): an unref'd worker would let the process end while close() is still awaited.
      w.ref();
      await new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.postMessage({ type: 'close' });
      });
    },
  };
}
