// The audit database: a SEPARATE SQLite file (reference evidence-and-audit.md §5), encrypted like docdesk.db
// with its own key derived from the data folder's master key, with its own migrations.
// Guardrails, not security: triggers refuse UPDATE/DELETE; better-sqlite3 opens every connection in defensive
// mode (SQLITE_DBCONFIG_DEFENSIVE) and we never call unsafeMode(), so writable_schema/sqlite_dbpage tricks fail.
import { migrationsCurrentIn, runMigrations, type Migration } from '../store/migrations.ts';
import { openEncryptedSqlite, type Db } from '../store/open-database.ts';

export type AuditDb = Db;

export class AuditDatabaseError extends Error {
  readonly code = 'AUDIT_DB_INVALID';
}

/** Triggers that must exist; `docdesk audit verify` checks sqlite_schema for each (reference §5 "Self-checks"). */
export const AUDIT_TRIGGERS = [
  'audit_chain_no_update',
  'audit_chain_no_delete',
  'audit_record_no_update',
  'audit_record_delete_only_purged',
  'audit_checkpoint_no_update',
  'audit_checkpoint_no_delete',
  'audit_blob_no_update',
  'audit_blob_delete_only_purged',
  'purge_grant_no_update',
  'purge_grant_no_delete',
  'audit_key_no_delete',
  'audit_tree_no_update',
  'audit_tree_no_delete',
  'audit_checkpoint_root_no_update',
] as const;

export const AUDIT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'chain, records, blobs, checkpoints, keys, purge grants',
    sql: `
CREATE TABLE audit_chain (
  seq INTEGER PRIMARY KEY,
  leaf BLOB NOT NULL CHECK (length(leaf) = 32),
  chain BLOB NOT NULL CHECK (length(chain) = 32)
) STRICT;
-- JCS bytes, stored once and hashed as stored. Deleted only by the retention purge (leaf and chain stay).
CREATE TABLE audit_record (
  seq INTEGER PRIMARY KEY REFERENCES audit_chain(seq),
  ts TEXT NOT NULL,
  ev TEXT NOT NULL,
  record BLOB NOT NULL
) STRICT;
CREATE INDEX audit_record_by_ev ON audit_record(ev, seq);
CREATE INDEX audit_record_by_ts ON audit_record(ts);
-- Raw bodies and full personal values: AES-256-GCM under the audit blob key; the record holds sha256 + size.
CREATE TABLE audit_blob (
  seq INTEGER NOT NULL,
  sha256 BLOB NOT NULL CHECK (length(sha256) = 32),
  nonce BLOB NOT NULL,
  ciphertext BLOB NOT NULL,
  PRIMARY KEY (seq, sha256)
) STRICT;
CREATE TABLE audit_checkpoint (
  size INTEGER PRIMARY KEY,
  head BLOB NOT NULL CHECK (length(head) = 32),
  body TEXT NOT NULL,
  sig BLOB NOT NULL,
  key_fp TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  anchored_at TEXT,
  receipt BLOB
) STRICT;
-- Every signing key ever used: old checkpoints stay verifiable after a rotation.
CREATE TABLE audit_key (
  fp TEXT PRIMARY KEY,
  public_der BLOB NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;
-- The purge routine's permission slip: the only way a record or blob may be deleted (reference §5).
CREATE TABLE purge_grant (lo INTEGER NOT NULL, hi INTEGER NOT NULL, granted_at INTEGER NOT NULL, PRIMARY KEY (lo, hi)) STRICT;
-- Search index (derived, not evidence): subject keys such as doc:<external id>, binder:<uuid>, phone:<hmac>.
CREATE TABLE audit_subject (key TEXT NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (key, seq)) STRICT, WITHOUT ROWID;
CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_record_no_update BEFORE UPDATE ON audit_record BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_record_delete_only_purged BEFORE DELETE ON audit_record
  WHEN NOT EXISTS (SELECT 1 FROM purge_grant g WHERE OLD.seq BETWEEN g.lo AND g.hi)
  BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
  WHEN NOT (OLD.size = NEW.size AND OLD.head = NEW.head AND OLD.body = NEW.body AND OLD.sig = NEW.sig AND OLD.key_fp = NEW.key_fp)
  BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_blob_no_update BEFORE UPDATE ON audit_blob BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_blob_delete_only_purged BEFORE DELETE ON audit_blob
  WHEN NOT EXISTS (SELECT 1 FROM purge_grant g WHERE OLD.seq BETWEEN g.lo AND g.hi)
  BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER purge_grant_no_update BEFORE UPDATE ON purge_grant BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER purge_grant_no_delete BEFORE DELETE ON purge_grant BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_key_no_delete BEFORE DELETE ON audit_key BEGIN SELECT RAISE(ABORT, 'append-only'); END;
`,
  },
  {
    version: 2,
    name: 'Merkle tree over the chain leaves, tree root in checkpoints',
    sql: `
-- RFC 9162 §2.1 Merkle tree whose leaves are audit_chain.leaf (leaf index = seq), issue 17. Only subtrees of
-- height ≥ 4 are stored (main/audit/merkle/tiles.ts): row seq, for each seq completing a 16-leaf tile
-- (seq % 16 = 15), holds the hashes of levels 4, 5, … that leaf completes (one per trailing 1 bit of seq from the
-- fourth on), 32 bytes each; levels 1–3 are recomputed from at most 16 leaves. A root or proof of any size takes
-- O(log n) reads. Written in the same commit as the chain rows (commit-batch.ts).
CREATE TABLE audit_tree (
  seq INTEGER PRIMARY KEY,
  hashes BLOB NOT NULL CHECK (length(hashes) > 0 AND length(hashes) % 32 = 0)
) STRICT;
CREATE TRIGGER audit_tree_no_update BEFORE UPDATE ON audit_tree BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER audit_tree_no_delete BEFORE DELETE ON audit_tree BEGIN SELECT RAISE(ABORT, 'append-only'); END;
-- The tree root a checkpoint signs (NULL for checkpoints signed before the tree existed).
ALTER TABLE audit_checkpoint ADD COLUMN root BLOB CHECK (root IS NULL OR length(root) = 32);
CREATE TRIGGER audit_checkpoint_root_no_update BEFORE UPDATE OF root ON audit_checkpoint
  WHEN OLD.root IS NOT NEW.root BEGIN SELECT RAISE(ABORT, 'append-only'); END;
-- A log that already has rows gets its tree built from its leaves once, by its writer at open (tree-upgrade.ts).
INSERT INTO audit_meta (key, value) SELECT 'tree_upgrade', 'pending' WHERE EXISTS (SELECT 1 FROM audit_chain);
`,
  },
  {
    version: 3,
    name: 'blobs compressed before encryption when smaller',
    sql: `
-- How a blob's plain bytes were stored before encryption (main/audit/blob-cipher.ts): 'identity' (every blob written
-- before this migration) or 'brotli' (RFC 7932). sha256 stays the hash of the plain bytes, the record unchanged.
ALTER TABLE audit_blob ADD COLUMN encoding TEXT NOT NULL DEFAULT 'identity' CHECK (encoding IN ('identity', 'brotli'));
`,
  },
];

const tooNew = (v: number): AuditDatabaseError => new AuditDatabaseError(`감사 로그 데이터베이스가 더 새로운 DocDesk(스키마 ${v})로 만들어졌습니다. DocDesk를 업데이트하세요.`);

/** Opens (creating if needed) the audit database with its 32-byte key, then applies its own migrations. */
export function openAuditDatabase(filePath: string, key: Buffer, options: { readonly?: boolean } = {}): AuditDb {
  const db = openEncryptedSqlite(filePath, key, {
    readonly: options.readonly,
    keyError: () => new AuditDatabaseError('감사 로그 데이터베이스를 열 수 없습니다: 키가 맞지 않거나 파일이 손상되었습니다.'),
  });
  if (options.readonly) return db;
  try {
    runMigrations(db, AUDIT_MIGRATIONS, tooNew);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Whether audit.db needs nothing from its migrations (every one applied, its checksum recorded), reading only — as
 * store/migrations.ts `migrationsCurrent` for docdesk.db: a read backend opens no writer when it does not. Refuses
 * as the writer's open would a file made by a newer DocDesk or one whose applied migrations were edited.
 */
export function auditMigrationsCurrent(db: AuditDb): boolean {
  return migrationsCurrentIn(db, AUDIT_MIGRATIONS, tooNew);
}
