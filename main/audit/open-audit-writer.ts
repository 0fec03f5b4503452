// How every process opens audit.db (issue 16 item 1: one writer per file): the audit writer's thread, whose
// connection is the only one that writes — it opens and migrates the file and builds the tree of a log from before
// it — then, once it answered, a read-only connection on the caller's thread for what the log reads. The app, the
// CLI, tools and tests all open it this way; there is no in-process writing connection. The audit service gets the
// file as `openAuditStorage` gives it: the writer's batches and steps, and AuditReads over the read-only connection —
// never the connection itself (issue 16 item 2).
// A read backend (`docdesk audit events`, `mail status`, …: no data-folder lock, the app may be running and writing)
// opens only the read-only connection when the file needs nothing from a writer (`openAuditReader`), so a read beside
// the app is not a second process writing audit.db. Its writer starts later only for a docdesk.db step of that backend
// (`startWriter`): the operator actions and exchange records such a step commits reach the chain through it.
import { openAuditDatabase, auditMigrationsCurrent, type AuditDb } from './audit-db.ts';
import { startAuditCommitThread, type AuditBatchCommitter, type ProducerNotice } from './audit-commit-thread.ts';
import { auditStoreOnWriter, type AuditStore } from './audit-store.ts';
import { parseMetaValue } from './audit-rows.ts';
import { auditFileMissing } from './log-continuity.ts';
import type { AuditEnd } from './producer-link.ts';
import type { AuditReads } from '../reads/audit-reads.ts';
import { createSqliteAuditReads } from '../reads/sqlite-audit-reads.ts';
import { signingKeyFromPkcs8, type KeyVault } from './signing-key.ts';
import { treeUpgradeMark } from './tree-upgrade.ts';
import type { CheckpointTiming } from '../store/wal-checkpoints.ts';
import type { StartedStepWriter } from '../store/step-writer.ts';

export interface OpenAuditWriter {
  /** Read-only: a WAL reader that never waits for the writer's commits and cannot write. */
  db: AuditDb;
  committer: AuditBatchCommitter;
  store: AuditStore;
  /** Opened by `openAuditReader`: no writer was needed to open the file, and the log must write nothing itself. */
  readOnly: boolean;
  /** Starts the writer if it does not run yet (a read backend's docdesk.db step); a no-op once it runs or closed. */
  startWriter(): void;
  /** Closes the read-only connection, then the writer: the last connection's close checkpoints the WAL. */
  close(): void;
}

type WriterOptions = { checkpoints?: CheckpointTiming; producer?: AuditEnd & { hmacKey: Buffer } };

/** Throws the writer's refusal to open (wrong key, newer schema, a tree that cannot be built) as a typed error. */
export function openAuditWriter(file: { path: string; key: Buffer }, blobKey: Buffer, o: WriterOptions = {}): OpenAuditWriter {
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
    readOnly: false,
    startWriter: () => {},
    close() {
      try {
        db.close();
      } finally {
        committer.close();
      }
    },
  };
}

/**
 * What a writer would do at open, read on the read-only connection: the file is missing or empty, a migration or
 * its checksum is due, the tree upgrade is due (or its event), the log has no id yet (genesis), or the vault's
 * signing key is missing or not registered in the log (the log registers it, or makes one).
 */
function writerNeededAtOpen(db: AuditDb, vault: KeyVault): boolean {
  if (!auditMigrationsCurrent(db) || treeUpgradeMark(db) !== null) return true;
  if (parseMetaValue(db.prepare(`SELECT value FROM audit_meta WHERE key = 'log_id'`).pluck().get()) === undefined) return true;
  const stored = vault.load();
  return stored === null || db.prepare('SELECT 1 FROM audit_key WHERE fp = ?').get(signingKeyFromPkcs8(stored).fingerprint) === undefined;
}

/**
 * A read backend's audit.db: the read-only connection alone when no writer is needed to open the file (checked
 * read-only first, as store/open-database.ts `docdeskFileCurrent` does for docdesk.db), else null — the caller then
 * opens the writer, which migrates, upgrades or starts the log as in a writer backend. Throws what the writer's open
 * would (wrong key, a newer schema, an edited migration). The writer, if `startWriter` ever starts it, serves
 * docdesk.db's writer only (the log opened this way refuses writes of its own).
 */
export function openAuditReader(file: { path: string; key: Buffer }, blobKey: Buffer, vault: KeyVault, o: WriterOptions = {}): OpenAuditWriter | null {
  if (auditFileMissing(file.path)) return null;
  const db = openAuditDatabase(file.path, file.key, { readonly: true });
  try {
    if (writerNeededAtOpen(db, vault)) {
      db.close();
      return null;
    }
  } catch (err) {
    db.close();
    throw err;
  }
  const committer = writerOnDemand(() => startAuditCommitThread(file, blobKey, o.checkpoints ?? {}, o.producer), o.producer);
  return {
    db,
    committer,
    store: auditStoreOnWriter(committer),
    readOnly: true,
    startWriter: () => committer.start(),
    close() {
      try {
        db.close();
      } finally {
        committer.close();
      }
    },
  };
}

/**
 * The audit writer started on first use. Until then nothing waits for it (drain) and the log's notice listeners are
 * kept; the link's counter is the one the writer will count on, so a flush waits for the batches posted meanwhile.
 */
function writerOnDemand(start: () => AuditBatchCommitter, producer: AuditEnd | undefined): AuditBatchCommitter & { start(): void } {
  let writer: AuditBatchCommitter | null = null;
  let closed = false;
  const listeners: ((n: ProducerNotice) => void)[] = [];
  const started = (): AuditBatchCommitter => {
    if (writer) return writer;
    const w = start();
    for (const l of listeners) w.producer?.onNotice(l);
    writer = w;
    return w;
  };
  return {
    ...(producer
      ? {
          producer: {
            onNotice: (l: (n: ProducerNotice) => void) => {
              listeners.push(l);
              writer?.producer?.onNotice(l);
            },
            pending: producer.pending,
            hurry: () => writer?.producer?.hurry(),
          },
        }
      : {}),
    post: (batch, done) => started().post(batch, done),
    step: (request, done) => started().step(request, done),
    drain: () => {
      writer?.drain();
    },
    start: () => {
      if (!closed) started();
    },
    close() {
      closed = true;
      writer?.close();
    },
  };
}

/**
 * docdesk.db's writer whose every step first makes sure the audit writer runs (`startAuditWriter`, a no-op once it
 * does): a step may carry operator actions and exchange records, whose batch the docdesk writer posts to the audit
 * writer after its commit — a read backend that writes docdesk.db must also have their events committed.
 */
export function withAuditWriterFirst(writer: StartedStepWriter, startAuditWriter: () => void): StartedStepWriter {
  return {
    run(step, input, what) {
      startAuditWriter();
      return writer.run(step, input, what);
    },
    close: () => writer.close(),
  };
}

/** audit.db as the audit service uses it: what it writes through (the writer's batches and steps) and reads through. */
export interface AuditStorage extends Pick<OpenAuditWriter, 'committer' | 'store' | 'readOnly' | 'startWriter' | 'close'> {
  /** AuditReads over the read-only connection (main/reads/sqlite-audit-reads.ts); `close` closes the connection. */
  reads: AuditReads;
}

/**
 * Opens audit.db for the audit service: for a read backend (`access: 'read'`) the read-only connection alone when no
 * writer is needed (`openAuditReader`), else the writer first (`openAuditWriter`).
 */
export function openAuditStorage(file: { path: string; key: Buffer }, blobKey: Buffer, vault: KeyVault, o: WriterOptions & { access?: 'write' | 'read' } = {}): AuditStorage {
  const { access, ...writerOptions } = o;
  const writer = (access === 'read' ? openAuditReader(file, blobKey, vault, writerOptions) : null) ?? openAuditWriter(file, blobKey, writerOptions);
  return {
    reads: createSqliteAuditReads(writer.db, file),
    committer: writer.committer,
    store: writer.store,
    readOnly: writer.readOnly,
    startWriter: () => writer.startWriter(),
    close: () => writer.close(),
  };
}
