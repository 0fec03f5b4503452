// Issue 16: audit.db rows leave SQL through a zod parse (main/audit/audit-rows.ts), never a cast. The tables are
// STRICT, so a wrong type can only come from a foreign or hand-edited file: here a table is rebuilt without
// STRICT and given a value of the wrong type, and the read refuses it naming the table and the column.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openAuditDatabase, type AuditDb } from '../../main/audit/audit-db.ts';
import { logId, logKeys, queryEvents } from '../../main/reads/sqlite-audit-queries.ts';
import { verifyAuditDatabase } from '../../main/reads/sqlite-audit-verify.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { foreignTable, rowRefusal } from '../helpers/planted-rows.ts';

let db: AuditDb;

beforeEach(() => {
  db = openAuditDatabase(path.join(tempDir(), 'audit.db'), randomBytes(32));
});

afterEach(() => db.close());

it('reads a well-formed empty log as before', () => {
  expect(verifyAuditDatabase(db, { publicKeys: new Map(), logId: undefined }).ok).toBe(true);
  expect(queryEvents(db, {})).toEqual({ total: 0, rows: [] });
  expect(logKeys(db)).toEqual([]);
});

it('refuses a log id that is not text', () => {
  foreignTable(db, 'audit_meta', 'key TEXT PRIMARY KEY, value', `INSERT INTO audit_meta VALUES ('log_id', x'00ff')`);
  const message = rowRefusal(() => logId(db));
  expect(message).toMatch(/^audit_meta\.value: 저장된 값이 예상한 형태가 아닙니다/);
});

it('refuses a signing key whose public key is not a blob', () => {
  foreignTable(db, 'audit_key', 'fp TEXT PRIMARY KEY, public_der, created_at INTEGER', `INSERT INTO audit_key VALUES ('fp1', 'not der', 1)`);
  expect(rowRefusal(() => logKeys(db))).toContain('audit_key.public_der:');
});

it('refuses a purge grant whose bound is not an integer, before verifying anything', () => {
  foreignTable(db, 'purge_grant', 'lo, hi, granted_at', `INSERT INTO purge_grant VALUES ('1', 5, 1)`);
  expect(rowRefusal(() => verifyAuditDatabase(db, { publicKeys: new Map(), logId: undefined }))).toContain('purge_grant.lo:');
});

it('refuses a listed row whose event type is not text', () => {
  db.prepare('INSERT INTO audit_chain (seq, leaf, chain) VALUES (0, ?, ?)').run(randomBytes(32), randomBytes(32));
  foreignTable(db, 'audit_record', 'seq INTEGER PRIMARY KEY, ts TEXT, ev, record BLOB', `INSERT INTO audit_record VALUES (0, '2026-01-01T00:00:00Z', 7, x'7b7d')`);
  expect(rowRefusal(() => queryEvents(db, {}))).toContain('audit_chain/audit_record.ev:');
});
