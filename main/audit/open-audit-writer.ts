// How every process opens audit.db (issue 16 item 1: one writer per file): the audit writer's thread, whose
// connection is the only one that writes — it opens and migrates the file and builds the tree of a log from before
// it — then, once it answered, a read-only connection on the caller's thread for what the log reads. The app, the
// CLI, tools and tests all open it this way; there is no in-process writing connection.
import { openAuditDatabase, type AuditDb } from './audit-db.ts';
import { startAuditCommitThread, type AuditBatchCommitter } from './audit-commit-thread.ts';
import { auditStoreOnWriter, type AuditStore } from './audit-store.ts';
import type { AuditEnd } from './producer-link.ts';
import type { CheckpointTiming } from '../store/wal-checkpoints.ts';

export interface OpenAuditWriter {
  /** Read-only: a WAL reader that never waits for the writer's commits and cannot write. */
  db: AuditDb;
  committer: AuditBatchCommitter;
  store: AuditStore;
  /** Closes the read-only connection, then the writer: the last connection's close checkpoints the WAL. */
  close(): void;
}

/** Throws the writer's refusal to open (wrong key, newer schema, a tree that cannot be built) as a typed error. */
export function openAuditWriter(
  file: { path: string; key: Buffer },
  blobKey: Buffer,
  o: { checkpoints?: CheckpointTiming; producer?: AuditEnd & { hmacKey: Buffer } } = {},
): OpenAuditWriter {
  const committer = startAuditCommitThread(file, blobKey, o.checkpoints ?? {}, o.producer);
  const store = auditStoreOnWriter(committer);
  let db: AuditDb;
  try {
    void store.open();
    store.settle();
    db = openAuditDatabase(file.path, file.key, { readonly: true });
  } catch (err) {
    committer.close();
    throw err;
  }
  return {
    db,
    committer,
    store,
    close() {
      try {
        db.close();
      } finally {
        committer.close();
      }
    },
  };
}
