// audit.db's typed write interface (issue 16 item 2): named steps with plain, zod-defined arguments — no SQLite type,
// no callback that runs SQL — so a second implementation (PostgreSQL for a team server) can serve the same log.
// This one posts each step to the audit writer (audit-commit.worker.ts, audit-writer-steps.ts), the one connection
// that writes the file. The chain's batches go through the same writer's `post` (audit-commit-thread.ts): the log
// drives them with callbacks because its backpressure and retry decide on each answer as it arrives.
// `settle()` is the bridge to the log's synchronous API (checkpoint(), rotateKey(), close(), the CLI's and the
// screens' calls): it blocks until every step posted so far is answered, as the log's flush already does for its
// batches, and throws the first refusal among them. Each step's promise rejects with the same error.
import type { z } from 'zod';
import type { AuditBatchCommitter } from './audit-commit-thread.ts';
import type { AuditMetaKey, auditWriterStepSchema, AuditWriterStep } from './audit-writer-steps.ts';
import { StepRefusedError } from '../store/step-refusal.ts';

type StepArgs<S extends AuditWriterStep['step']> = Omit<Extract<z.infer<typeof auditWriterStepSchema>, { step: S }>, 'step'>;

/** A checkpoint signed on the main thread (the key never leaves it), as stored. */
export type SignedCheckpointRow = StepArgs<'recordCheckpoint'>;

export interface AuditStore {
  /**
   * Resolves once the writer opened audit.db, applied its migrations and built the Merkle tree of a log from before
   * it (tree-upgrade.ts: what it built stays in the upgrade mark) — before anyone else opens the file.
   */
  open(): Promise<void>;
  recordCheckpoint(cp: SignedCheckpointRow): Promise<void>;
  /** The checkpoint of `size` was copied to the anchor folder at `at` (ISO time). */
  anchorCheckpoint(size: number, at: string): Promise<void>;
  /** Remembers a public signing key, so checkpoints it signed stay verifiable after a rotation. */
  registerKey(key: StepArgs<'registerKey'>): Promise<void>;
  /** A log setting; null removes it. `log_id` is set once (a different one is refused). */
  setMeta(key: AuditMetaKey, value: string | null): Promise<void>;
  /** Deletes the records and blobs of seqs lo..hi under a purge grant, in one commit (leaf and chain stay). */
  purge(range: StepArgs<'purge'>): Promise<void>;
  /** The upgrade's event is in the chain: the mark goes. */
  finishTreeUpgrade(): Promise<void>;
  /** Blocks until every step posted so far was answered; throws the first refusal among those posted since the last settle(). */
  settle(): void;
}

/** The store over the audit writer's thread. */
export function auditStoreOnWriter(writer: AuditBatchCommitter): AuditStore {
  let refused: Error[] = [];

  function post(request: AuditWriterStep): Promise<void> {
    const answered = new Promise<void>((resolve, reject) => {
      writer.step(request, (a) => {
        if ('done' in a) return resolve();
        const err = new StepRefusedError(a.error, a.refusal ?? { code: 'AUDIT_UNAVAILABLE', exitCode: 1 });
        refused.push(err);
        reject(err);
      });
    });
    // settle() reports the refusal to a synchronous caller; one that does not await must not crash the process.
    answered.catch(() => {});
    return answered;
  }

  return {
    open: () => post({ step: 'open' }),
    recordCheckpoint: (cp) => post({ step: 'recordCheckpoint', ...cp }),
    anchorCheckpoint: (size, at) => post({ step: 'anchorCheckpoint', size, at }),
    registerKey: (key) => post({ step: 'registerKey', ...key }),
    setMeta: (key, value) => post({ step: 'setMeta', key, value }),
    purge: (range) => post({ step: 'purge', ...range }),
    finishTreeUpgrade: () => post({ step: 'finishTreeUpgrade' }),
    settle() {
      writer.drain();
      const [first] = refused;
      refused = [];
      if (first) throw first;
    },
  };
}
