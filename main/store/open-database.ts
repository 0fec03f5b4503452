// Encrypted SQLite (DESIGN §4): SQLCipher-compatible at rest because the database holds personal data.
import Database from 'better-sqlite3-multiple-ciphers';
import { existsSync } from 'node:fs';
import { applyMigrations, migrationsCurrent } from './migrations.ts';

export type Db = Database.Database;

export class DatabaseKeyError extends Error {
  readonly code = 'DB_KEY_INVALID';
}

// The read-write connections this thread opened (each worker thread has its own module instance): what the tests
// of "one writer per database" (issue 16) look at — the main thread holds none.
const readWrite = new Set<Db>();

/** Files this thread holds a read-write connection to, now (absolute paths as opened). */
export function readWriteConnectionsOfThisThread(): string[] {
  for (const db of readWrite) if (!db.open) readWrite.delete(db);
  return [...readWrite].map((db) => db.name);
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
    readWriteConnectionsOfThisThread(); // forgets the closed ones
    readWrite.add(db);
    db.pragma('journal_mode = WAL');
    // Checkpoints are decided by each database's writer thread after its own commits, at a pause or past 96 MB of
    // WAL (wal-checkpoints.ts: docdesk.db's writer, main/writer/; audit.db's commit thread). Commits of another
    // read-write connection (a tool's or a test's) share that WAL, so the writer's checkpoints copy them when it runs;
    // otherwise SQLite's automatic checkpoint on the committing connection, the back-stop at 50,000 pages (~200 MB
    // of WAL), and the checkpoint of the last connection to close do. A WAL that grew that large is truncated back
    // to 64 MiB when it restarts.
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

/**
 * Whether docdesk.db exists and needs nothing from its migrations, read on a read-only connection closed again:
 * a read backend asks its writer to migrate only when it does not (issue 16: the writer's is the one read-write
 * connection). Throws what the open would (wrong key, a newer or edited schema).
 */
export function docdeskFileCurrent(file: { path: string; key: Buffer }): boolean {
  if (!existsSync(file.path)) return false;
  const db = openDatabase(file.path, file.key, { readonly: true });
  try {
    return migrationsCurrent(db);
  } finally {
    db.close();
  }
}
