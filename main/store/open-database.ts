// Encrypted SQLite (DESIGN §4): SQLCipher-compatible at rest because the database holds personal data.
import Database from 'better-sqlite3-multiple-ciphers';
import { applyMigrations } from './migrations.ts';

export type Db = Database.Database;

export class DatabaseKeyError extends Error {
  readonly code = 'DB_KEY_INVALID';
}

/** Opens (creating if needed) the database with a 32-byte key, applies migrations, and sets durable pragmas. */
export function openDatabase(filePath: string, key: Buffer, options: { readonly?: boolean } = {}): Db {
  const db = new Database(filePath, { readonly: options.readonly ?? false });
  db.pragma(`cipher='sqlcipher'`);
  db.pragma(`legacy=4`);
  // Raw key as a blob literal: no KDF round on every open, the key is already derived (main/app/keys.ts).
  db.pragma(`key="x'${key.toString('hex')}'"`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch {
    db.close();
    throw new DatabaseKeyError('데이터베이스를 열 수 없습니다: 암호(키)가 맞지 않거나 파일이 손상되었습니다.');
  }
  db.pragma('journal_mode = WAL');
  // FULL: a committed journal step must survive a crash or power loss (DESIGN §6: nothing lost or sent twice).
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('trusted_schema = OFF');
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) applyMigrations(db);
  return db;
}
