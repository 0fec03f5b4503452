// exchange_log carries no index by time (migration 16): nothing reads it that way, and each exchange record — one per
// PayUp cancel and per KCP verification — paid an insert into it. Its readers' own statements, recorded as they are
// prepared on a database made before the migration, never used the index; the migration drops it and keeps the rows.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { recoverUnaudited } from '../../main/audit/recover.ts';
import { createNetworkReads } from '../../main/network/network-reads.ts';
import { MIGRATIONS, runMigrations, applyMigrations } from '../../main/store/migrations.ts';
import { openDatabase, openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { queryPlan, recordPreparedSql } from '../helpers/sql-plans.ts';
import { tempDir } from '../helpers/test-backend.ts';

const indexesOf = (db: Db, table: string): string[] =>
  z.array(z.string()).parse(db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? ORDER BY name`).pluck().all(table));

/** A docdesk.db at migration 15, with the index and three stored records. */
function beforeMigration16(): Db {
  const db = openEncryptedSqlite(path.join(tempDir(), 'd.db'), randomBytes(32), { keyError: () => new Error('key') });
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 16), (v) => new Error(String(v)));
  const ins = db.prepare(`INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json)
                          VALUES (?, 'kcp', 'acco', 'TCP', '127.0.0.1', '/kcpf/acco', '127.0.0.1', 1, NULL, 1.5, NULL, '{}', ?)`);
  for (let i = 0; i < 3; i++) ins.run(1_796_000_000_000 + i, `{"i":${i}}`);
  return db;
}

it('the readers of exchange_log never use its index by time (recovery, the network plan)', async () => {
  const db = beforeMigration16();
  expect(indexesOf(db, 'exchange_log')).toContain('exchange_log_by_at');
  const prepared = recordPreparedSql(db);
  createNetworkReads(db);
  // Recovery against an empty chain: it pages every stored record (its events are only collected here).
  const appended: unknown[] = [];
  await recoverUnaudited(db, { append: (e) => void appended.push(e), flush: () => {}, hmacKey: randomBytes(32), maxIndexed: async () => 0, indexedKeys: async () => [] });
  expect(appended).toHaveLength(3);
  const readers = prepared.filter((sql) => /\bFROM exchange_log\b/.test(sql));
  expect(readers).toHaveLength(2);
  for (const sql of readers) expect(queryPlan(db, sql).join(' | ')).not.toContain('exchange_log_by_at');
  db.close();
});

it('migration 16 drops the index from a docdesk.db made before it and keeps every row; a new one never has it', () => {
  const db = beforeMigration16();
  applyMigrations(db);
  expect(indexesOf(db, 'exchange_log')).not.toContain('exchange_log_by_at');
  expect(db.prepare('SELECT seq, at, record_json FROM exchange_log ORDER BY seq').raw().all()).toEqual([0, 1, 2].map((i) => [i + 1, 1_796_000_000_000 + i, `{"i":${i}}`]));
  db.close();
  const fresh = openDatabase(path.join(tempDir(), 'n.db'), randomBytes(32));
  expect(indexesOf(fresh, 'exchange_log')).not.toContain('exchange_log_by_at');
  fresh.close();
});
