// Migrations are checksummed (issue 16 item 5; DESIGN §4): a real data folder records every migration's sha-256
// when it applies it; a folder made before checksums adopts today's once; a recorded checksum that differs from the
// code's (an edited migration) is refused at open — exit 4, a Korean message naming the migration and what to do —
// and neither database changes. The CLI runs as a real process on a real, encrypted folder.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIT_MIGRATIONS } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { MigrationChangedError } from '../../main/store/migration-checksums.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, runMigrations, type Migration } from '../../main/store/migrations.ts';
import { openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { runCli } from '../helpers/cli.ts';
import { createBackend } from '../../main/app/backend.ts';
import { tempDir } from '../helpers/test-backend.ts';

const recordedRow = z.object({ version: z.number(), name: z.string(), sha256: z.string(), recorded_at: z.number(), how: z.enum(['applied', 'adopted']) });
const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
const fileHash = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

function open(file: string, key: Buffer): Db {
  return openEncryptedSqlite(file, key, { keyError: () => new Error('key') });
}

function recorded(db: Db): z.infer<typeof recordedRow>[] {
  return z.array(recordedRow).parse(db.prepare('SELECT version, name, sha256, recorded_at, how FROM schema_migrations ORDER BY version').all());
}

function withDb<T>(file: string, key: Buffer, use: (db: Db) => T): T {
  const db = open(file, key);
  try {
    return use(db);
  } finally {
    db.close();
  }
}

/** A sandbox data folder made by the CLI itself: docdesk.db and audit.db with every migration applied. */
async function cliFolder(): Promise<{ dir: string; dbFile: string; dbKey: Buffer; auditFile: string; auditDbKey: Buffer }> {
  const dir = tempDir('docdesk-migrations-');
  const made = await runCli(['--data-dir', dir, '--json', 'mail', 'list']);
  expect(made.code, made.stderr).toBe(0);
  const keys = loadDataDirKeys(dir, undefined);
  return { dir, dbFile: path.join(dir, 'docdesk.db'), dbKey: keys.dbKey, auditFile: path.join(dir, 'audit.db'), auditDbKey: deriveAuditKeys(keys.auditKey).dbKey };
}

describe('migration checksums in a real data folder', () => {
  it('a fresh folder records the checksum of every migration it applies, in docdesk.db and audit.db', async () => {
    const f = await cliFolder();
    const rows = withDb(f.dbFile, f.dbKey, recorded);
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    for (const [i, m] of MIGRATIONS.entries()) expect(rows[i]).toMatchObject({ name: m.name, sha256: sha256(m.sql), how: 'applied' });
    const auditRows = withDb(f.auditFile, f.auditDbKey, recorded);
    expect(auditRows.map((r) => [r.version, r.how])).toEqual(AUDIT_MIGRATIONS.map((m) => [m.version, 'applied']));
    for (const [i, m] of AUDIT_MIGRATIONS.entries()) expect(auditRows[i]?.sha256).toBe(sha256(m.sql));
  }, 120_000);

  it('a folder made before checksums adopts today\'s once, at open', async () => {
    const f = await cliFolder();
    // What the code before checksums left: every migration applied (user_version), no checksum table.
    withDb(f.dbFile, f.dbKey, (db) => db.exec('DROP TABLE schema_migrations'));
    const reopened = await runCli(['--data-dir', f.dir, '--json', 'mail', 'list']);
    expect(reopened.code, reopened.stderr).toBe(0);
    const adopted = withDb(f.dbFile, f.dbKey, (db) => {
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
      return recorded(db);
    });
    expect(adopted.map((r) => [r.version, r.sha256, r.how])).toEqual(MIGRATIONS.map((m) => [m.version, sha256(m.sql), 'adopted']));
    // Once: a later open keeps the adopted rows as they are.
    expect((await runCli(['--data-dir', f.dir, '--json', 'mail', 'list'])).code).toBe(0);
    expect(withDb(f.dbFile, f.dbKey, recorded)).toEqual(adopted);
  }, 120_000);

  it('an applied migration whose checksum differs is refused at open: exit 4, the migration named, nothing changed', async () => {
    const f = await cliFolder();
    // The recorded checksum of migration 4 no longer matches the code's — as if migration 4 had been edited since.
    const edited = MIGRATIONS.find((m) => m.version === 4);
    if (!edited) throw new Error('migration 4 missing');
    withDb(f.dbFile, f.dbKey, (db) => db.prepare('UPDATE schema_migrations SET sha256 = ? WHERE version = 4').run('0'.repeat(64)));
    const before = { db: fileHash(f.dbFile), audit: fileHash(f.auditFile), rows: withDb(f.dbFile, f.dbKey, recorded) };

    const r = await runCli(['--data-dir', f.dir, '--json', 'mail', 'list']);
    expect(r.code).toBe(4);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'MIGRATION_CHANGED' } });
    expect(r.stderr).toContain(`docdesk.db에 적용된 마이그레이션 4('${edited.name}')`);
    expect(r.stderr).toMatch(/아무것도 바꾸지 않았습니다.*정식 버전.*설치해 여세요/);

    expect(fileHash(f.dbFile)).toBe(before.db);
    expect(fileHash(f.auditFile)).toBe(before.audit);
    expect(withDb(f.dbFile, f.dbKey, recorded)).toEqual(before.rows);
  }, 120_000);

  it('audit.db is checked the same way', async () => {
    const f = await cliFolder();
    withDb(f.auditFile, f.auditDbKey, (db) => db.prepare('UPDATE schema_migrations SET sha256 = ? WHERE version = 1').run('f'.repeat(64)));
    const before = fileHash(f.auditFile);
    const r = await runCli(['--data-dir', f.dir, '--json', 'mail', 'list']);
    expect(r.code).toBe(4);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'MIGRATION_CHANGED' } });
    expect(r.stderr).toContain('audit.db에 적용된 마이그레이션 1(');
    expect(fileHash(f.auditFile)).toBe(before);
    // A writer (the app, a sending command): its audit writer refuses at open with the same code and exit code.
    await expect(createBackend({ dataDir: f.dir, env: {} })).rejects.toMatchObject({ code: 'MIGRATION_CHANGED', exitCode: 4 });
    expect(fileHash(f.auditFile)).toBe(before);
  }, 120_000);
});

describe('an edited migration in the code', () => {
  const key = Buffer.alloc(32, 7);
  const first: Migration = { version: 1, name: 'one', sql: 'CREATE TABLE one (id INTEGER PRIMARY KEY) STRICT;' };
  const second: Migration = { version: 2, name: 'two', sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY) STRICT;' };
  const tooNew = (v: number): Error => new Error(`too new ${v}`);

  it('is refused before any newer migration runs, and the database is left as it was', () => {
    const file = path.join(tempDir('docdesk-migrations-'), 'x.db');
    withDb(file, key, (db) => runMigrations(db, [first, second], tooNew));
    const editedSecond: Migration = { ...second, sql: 'CREATE TABLE two (id INTEGER PRIMARY KEY, extra TEXT) STRICT;' };
    const third: Migration = { version: 3, name: 'three', sql: 'CREATE TABLE three (id INTEGER PRIMARY KEY) STRICT;' };
    withDb(file, key, (db) => {
      const rows = recorded(db);
      let thrown: unknown;
      try {
        runMigrations(db, [first, editedSecond, third], tooNew);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(MigrationChangedError);
      expect(thrown).toMatchObject({ code: 'MIGRATION_CHANGED', exitCode: 4, message: expect.stringContaining("마이그레이션 2('two')") });
      expect(db.pragma('user_version', { simple: true })).toBe(2);
      expect(db.prepare(`SELECT name FROM sqlite_schema WHERE name = 'three'`).get()).toBeUndefined();
      expect(recorded(db)).toEqual(rows);
    });
    // The unedited list still opens it and applies what is new.
    withDb(file, key, (db) => {
      runMigrations(db, [first, second, third], tooNew);
      expect(recorded(db).map((r) => [r.version, r.sha256])).toEqual([first, second, third].map((m) => [m.version, sha256(m.sql)]));
    });
  });
});
