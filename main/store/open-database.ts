// Encrypted SQLite (DESIGN §4): SQLCipher-compatible at rest because the database holds personal data.
import Database from 'better-sqlite3-multiple-ciphers';
import { applyMigrations } from './migrations.ts';

export type Db = Database.Database;

export class DatabaseKeyError extends Error {
  readonly code = 'DB_KEY_INVALID';
}

/**
 * Opens (creating if needed) a SQLCipher database with a 32-byte key and the durable pragmas every DocDesk
 * database uses. `keyError` builds the error thrown when the key does not open the file.
 */
export function openEncryptedSqlite(filePath: string, key: Buffer, options: { readonly?: boolean; keyError: () => Error }): Db {
  const db = new Database(filePath, { readonly: options.readonly ?? false });
  db.pragma(`cipher='sqlcipher'`);
  db.pragma(`legacy=4`);
  // Raw key as a blob literal: no KDF round on every open, the key is already derived (main/secrets/data-dir-keys.ts).
  db.pragma(`key="x'${key.toString('hex')}'"`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch {
    db.close();
    throw options.keyError();
  }
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // Checkpoints are decided by each database's writer thread after its own commits, at a pause or past 96 MB of
    // WAL (wal-checkpoints.ts: docdesk.db's writer, main/writer/; audit.db's commit thread). Commits made on other
    // connections (the main thread's operator actions, settings, start-up recovery) share that WAL, so the writer's
    // checkpoints copy them when it runs; otherwise SQLite's automatic checkpoint on the committing connection, the
    // back-stop at 50,000 pages (~200 MB of WAL), and the checkpoint of the last connection to close do. A WAL
    // that grew that large is truncated back to 64 MiB when it restarts.
    db.pragma('wal_autocheckpoint = 50000');
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  }
  // FULL: a committed journal step must survive a crash or power loss (DESIGN §6: nothing lost or sent twice),
  // and a signed audit checkpoint must never cover rows a power loss could undo (evidence-and-audit.md §5).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
  db.pragma('busy_timeout = 10000');
  return db;
}

/** Opens docdesk.db and applies its migrations. */
export function openDatabase(filePath: string, key: Buffer, options: { readonly?: boolean } = {}): Db {
  const db = openEncryptedSqlite(filePath, key, {
    readonly: options.readonly,
    keyError: () => new DatabaseKeyError('데이터베이스를 열 수 없습니다: 암호(키)가 맞지 않거나 파일이 손상되었습니다.'),
  });
  if (options.readonly) return db;
  try {
    applyMigrations(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}
