// WAL checkpoints decided by the writer that fills the WAL, after its own commits (issue 16 step 7; the shape of
// Signal Desktop's WAL hook on its one writer — better-sqlite3 has no hook, so the writer calls `committed()`).
// With SQLCipher a checkpoint decrypts every WAL frame and encrypts it again into the database file. It waits for
// a quiet moment (no message for `delayMs`): during a send a document's page and its index pages are rewritten
// by several commits (claim, answer, poll), and a checkpoint copies each page once however often the WAL holds it
// — one every second copied most of them over and over (measured: 46% of a core during a 50,000-document poll
// round). It runs at once when the WAL reached `maxWalBytes`, so a run of commits that never pauses still keeps
// the WAL bounded. PASSIVE: it never waits for (or blocks) a reader. Durability does not depend on it: a commit is
// durable in the WAL (synchronous=FULL); the connections' automatic checkpoint stays a back-stop (open-database.ts).
import { statSync } from 'node:fs';
import { z } from 'zod';
import type { Db } from './open-database.ts';

/** Below the connections' own automatic checkpoint (50,000 pages ≈ 205 MB, open-database.ts), which would run mid-commit. */
export const MAX_WAL_BYTES = 96 * 1024 * 1024;
/** A second without a message: the writer's core is idle. */
export const CHECKPOINT_PAUSE_MS = 1_000;
/** A WAL that stays large (a reader holds old frames, so it cannot restart) is checkpointed at most this often. */
const BIG_WAL_EVERY_MS = 100;

/** How a writer thread checkpoints (tests shorten both). */
export const checkpointTimingSchema = z.object({ delayMs: z.number().int().positive(), maxWalBytes: z.number().int().positive() }).partial();
export type CheckpointTiming = z.infer<typeof checkpointTimingSchema>;

export type WalCheckpoints = {
  /** A message arrived: the pause starts again after its commit. */
  postpone(): void;
  /** The writer committed: checkpoint now if the WAL is past its limit, else after the next pause. */
  committed(): void;
  /** Checkpoints run so far (reported to tests through the writer). */
  count(): number;
  close(): void;
};

const walBytes = (dbPath: string): number => {
  try {
    return statSync(`${dbPath}-wal`).size;
  } catch {
    return 0; // no WAL yet
  }
};

/** `onError`: a failed checkpoint is not fatal (the automatic checkpoint remains), only reported. */
export function createWalCheckpoints(db: Db, timing: CheckpointTiming, onError: (e: Error) => void): WalCheckpoints {
  const delayMs = timing.delayMs ?? CHECKPOINT_PAUSE_MS;
  const maxWalBytes = timing.maxWalBytes ?? MAX_WAL_BYTES;
  let timer: NodeJS.Timeout | null = null;
  let dirty = false;
  let lastAt = 0;
  let runs = 0;
  let closed = false;

  const stopTimer = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const checkpoint = (): void => {
    stopTimer();
    if (closed || !dirty) return;
    dirty = false;
    lastAt = Date.now();
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
      runs++;
    } catch (err) {
      onError(new Error(`WAL 체크포인트 실패 (${db.name}): ${err instanceof Error ? err.message : String(err)}`));
    }
  };

  return {
    postpone: stopTimer,
    committed() {
      if (closed) return;
      dirty = true;
      if (walBytes(db.name) >= maxWalBytes && Date.now() - lastAt >= BIG_WAL_EVERY_MS) {
        checkpoint();
        return;
      }
      stopTimer();
      timer = setTimeout(checkpoint, delayMs);
      // The port keeps the thread alive while it serves; a pending checkpoint alone never does.
      timer.unref();
    },
    count: () => runs,
    close() {
      closed = true;
      stopTimer();
    },
  };
}
