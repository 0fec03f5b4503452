// exchange_log carries no index by time (migration 16): nothing reads it that way, and each exchange record — one per
// PayUp cancel and per KCP verification — paid an insert into it. The readers that remain find their rows without it.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { MIGRATIONS, runMigrations, applyMigrations } from '../../main/store/migrations.ts';
import { openDatabase, openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

const indexesOf = (db: Db, table: string): string[] =>
  z.array(z.string()).parse(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name`).pluck().all(table));

/** The plan's steps, as text: a full scan of exchange_log would show as "SCAN e" / "SCAN exchange_log". */
const planOf = (db: Db, sql: string, ...params: unknown[]): string =>
  z.array(z.object({ detail: z.string() })).parse(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params)).map((r) => r.detail).join(' | ');

it('a new docdesk.db has no exchange_log index by time; the readers page it by seq', () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  expect(indexesOf(db, 'exchange_log')).not.toContain('exchange_log_by_at');
  // Start-up recovery (main/audit/recover.ts) and the network plan (main/network/network-reads.ts) read by seq.
  expect(planOf(db, 'SELECT seq, record_json, record_deflated FROM exchange_log WHERE seq > ? ORDER BY seq LIMIT ?', 0, 500)).toMatch(/SEARCH exchange_log USING INTEGER PRIMARY KEY/);
  db.close();
});

it('migration 16 drops the index from a docdesk.db made before it, and keeps every row', () => {
  const db = openEncryptedSqlite(path.join(tempDir(), 'd.db'), randomBytes(32), { keyError: () => new Error('key') });
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 16), (v) => new Error(String(v)));
  expect(indexesOf(db, 'exchange_log')).toContain('exchange_log_by_at');
  const ins = db.prepare(`INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json)
                          VALUES (?, 'kcp', 'acco', 'TCP', '127.0.0.1', '/kcpf/acco', '127.0.0.1', 1, NULL, 1.5, NULL, '{}', ?)`);
  for (let i = 0; i < 3; i++) ins.run(1_796_000_000_000 + i, `{"i":${i}}`);
  applyMigrations(db);
  expect(indexesOf(db, 'exchange_log')).not.toContain('exchange_log_by_at');
  expect(db.prepare('SELECT seq, at, record_json FROM exchange_log ORDER BY seq').raw().all()).toEqual([0, 1, 2].map((i) => [i + 1, 1_796_000_000_000 + i, `{"i":${i}}`]));
  db.close();
});
