// Issue 13 "evidence that notices its own loss": docdesk.db remembers the audit log (id, latest signed size and
// head, anchor folder) and the anchor folder holds signed checkpoint files; a deleted, replaced, rolled-back or
// rebuilt audit.db is refused at start-up and by `docdesk audit verify`, naming what is missing — never a silent
// new chain. Fresh folders and folders from before the record existed still start.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { parseCheckpointFile } from '../../main/audit/checkpoint.ts';
import { auditLogRecordReader, type AuditLogRecord } from '../../main/audit/log-record.ts';
import { operatorActor } from '../../main/audit/producer.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function folder(prefix = 'docdesk-loss-'): string {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
}

const SQLITE_SUFFIXES = ['', '-wal', '-shm'];

/** A writer backend on the folder, with no DOCDESK_* variable of the developer's shell. */
const open = (dataDir: string): Promise<Backend> => createBackend({ dataDir, env: {}, actor: 'kim@pc-7' });

/** Some operator-visible history: settings and operator actions, each in the chain. */
async function addHistory(b: Backend, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await b.config.set('institutionName', `기관 ${i}`);
  b.audit.setRetentionDays(800 + n);
}

/** The log's newest signed checkpoint, read through a read-only backend (which signs nothing). */
async function lastSigned(dataDir: string): Promise<{ logId: string; size: number; head: string }> {
  const r = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    const last = (await r.audit.checkpoints()).at(-1)!;
    return { logId: r.audit.logId, size: last.size, head: last.head };
  } finally {
    await r.close();
  }
}

function readRecord(dataDir: string): AuditLogRecord | null {
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  try {
    return auditLogRecordReader(db)();
  } finally {
    db.close();
  }
}

function removeFiles(dataDir: string, name: string): void {
  for (const s of SQLITE_SUFFIXES) rmSync(path.join(dataDir, `${name}${s}`), { force: true });
}

/** Copies a database and its WAL files (the folder is closed) — what a file backup holds. */
function copyDatabase(fromDir: string, toDir: string, name: string): void {
  removeFiles(toDir, name);
  for (const s of SQLITE_SUFFIXES) if (existsSync(path.join(fromDir, `${name}${s}`))) copyFileSync(path.join(fromDir, `${name}${s}`), path.join(toDir, `${name}${s}`));
}

function cliVerify(dataDir: string) {
  return runCli(['--data-dir', dataDir, 'audit', 'verify'], { env: { DOCDESK_PASSPHRASE: '', DOCDESK_DATA_DIR: dataDir } });
}

describe('a lost audit log is noticed', () => {
  it('refuses a deleted audit.db at start-up and in `docdesk audit verify`, naming audit.db, the log id and the signed size; creates nothing', async () => {
    const dataDir = folder();
    const b = await open(dataDir);
    const logId = b.audit.logId;
    await addHistory(b, 3);
    await b.close();
    const signed = await lastSigned(dataDir);
    expect(signed.size).toBeGreaterThan(5);

    removeFiles(dataDir, 'audit.db');
    const expected = new RegExp(`audit\\.db가 없습니다.*로그 ID ${logId}, 서명된 크기 ${signed.size}행`, 's');
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'AUDIT_LOG_LOST', message: expect.stringMatching(expected) });
    // Refused before anything was written, and the folder was released: the same answer again, not a lock error.
    expect(existsSync(path.join(dataDir, 'audit.db'))).toBe(false);
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'AUDIT_LOG_LOST' });
    await expect(createBackend({ dataDir, env: {}, access: 'read' })).rejects.toMatchObject({ code: 'AUDIT_LOG_LOST' });

    const cli = await cliVerify(dataDir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(expected);
    expect(cli.stderr).toContain('백업에서 audit.db를');
    expect(existsSync(path.join(dataDir, 'audit.db'))).toBe(false);

    // An empty file in its place is what SQLite would have made of the missing one: no log either.
    writeFileSync(path.join(dataDir, 'audit.db'), '');
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'AUDIT_LOG_LOST', message: expect.stringMatching(expected) });
    expect(statSync(path.join(dataDir, 'audit.db')).size).toBe(0);
  }, 120_000);

  it('refuses another log in place of audit.db (an installation cloned from the same keys)', async () => {
    const a = folder();
    await (await open(a)).close();
    // A second folder made from a copy of the first one's keys: its audit.db opens with a's key.
    const clone = folder();
    for (const f of ['datadir.json', 'UNPROTECTED-sandbox-key.txt']) copyFileSync(path.join(a, f), path.join(clone, f));
    const other = await open(clone);
    const otherId = other.audit.logId;
    await addHistory(other, 2);
    await other.close();

    const ours = (await lastSigned(a)).logId;
    expect(otherId).not.toBe(ours);
    copyDatabase(clone, a, 'audit.db');
    await expect(open(a)).rejects.toMatchObject({
      code: 'AUDIT_LOG_LOST',
      message: expect.stringMatching(new RegExp(`다른 감사 로그입니다: 로그 ID ${otherId}\\. docdesk\\.db에 기록된 로그 ID는 ${ours}`)),
    });
  }, 120_000);

  it('refuses an older copy of audit.db: "shorter than the signed size N", at start-up and in `docdesk audit verify`', async () => {
    const dataDir = folder();
    const backup = folder('docdesk-backup-');
    const b = await open(dataDir);
    await addHistory(b, 2);
    await b.close();
    const older = (await lastSigned(dataDir)).size;
    copyDatabase(dataDir, backup, 'audit.db');

    const again = await open(dataDir);
    await addHistory(again, 5);
    await again.close();
    const signed = (await lastSigned(dataDir)).size;
    expect(signed).toBeGreaterThan(older + 5);

    copyDatabase(backup, dataDir, 'audit.db');
    const expected = new RegExp(`서명된 크기 ${signed}행보다 짧습니다\\(docdesk\\.db\\): ${older + 1}행뿐이며 순번 ${older + 1}–${signed - 1}의 기록이 없습니다`);
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'AUDIT_LOG_LOST', message: expect.stringMatching(expected) });
    const cli = await cliVerify(dataDir);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(expected);
  }, 120_000);

  it('refuses a log rebuilt from an older copy: as long as the signed size, but another head there', async () => {
    const dataDir = folder();
    const backup = folder('docdesk-backup-');
    const b = await open(dataDir);
    await addHistory(b, 1);
    await b.close();
    copyDatabase(dataDir, backup, 'audit.db');
    const again = await open(dataDir);
    await addHistory(again, 4);
    await again.close();
    const signed = await lastSigned(dataDir);

    // The older copy, extended past the signed size by a tool that bypasses docdesk.db's record.
    copyDatabase(backup, dataDir, 'audit.db');
    const forged = await openAuditService({ dataDir, auditKey: loadDataDirKeys(dataDir, undefined).auditKey, actor: operatorActor('mallory@pc-9') });
    while ((await forged.size()) < signed.size + 3) forged.append({ ev: 'op.test.filler', data: {} });
    await forged.close();

    await expect(open(dataDir)).rejects.toMatchObject({
      code: 'AUDIT_LOG_LOST',
      message: expect.stringMatching(new RegExp(`순번 ${signed.size - 1}까지의 체인이 docdesk\\.db의 서명된 헤드와 다릅니다`)),
    });
  }, 120_000);

  it('writes the latest checkpoint to the anchor folder, and refuses a folder restored whole from an older backup that the anchor contradicts', async () => {
    const dataDir = folder();
    const anchor = path.join(folder('docdesk-anchor-'), 'share');
    const backup = folder('docdesk-backup-');
    const b = await open(dataDir);
    await b.audit.setAnchorFolder(anchor);
    await addHistory(b, 1);
    await b.close();
    // A whole-folder backup: docdesk.db and audit.db agree with each other.
    copyDatabase(dataDir, backup, 'docdesk.db');
    copyDatabase(dataDir, backup, 'audit.db');

    const again = await open(dataDir);
    await addHistory(again, 4);
    await again.close();
    const latest = await lastSigned(dataDir);
    const files = readdirSync(anchor).sort();
    const newest = parseCheckpointFile(readFileSync(path.join(anchor, files.at(-1)!), 'utf8')).parsed;
    expect(newest).toMatchObject({ logId: latest.logId, size: latest.size });
    expect(newest.head.toString('base64')).toBe(latest.head);

    copyDatabase(backup, dataDir, 'docdesk.db');
    copyDatabase(backup, dataDir, 'audit.db');
    await expect(open(dataDir)).rejects.toMatchObject({
      code: 'AUDIT_LOG_LOST',
      message: expect.stringMatching(new RegExp(`서명된 크기 ${latest.size}행보다 짧습니다\\(외부 보관 체크포인트 ${anchor.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)),
    });
    // The folder setting is kept in docdesk.db too: a lost audit.db does not take the anchor's address with it.
    expect(readRecord(dataDir)).toMatchObject({ anchorFolder: anchor });
  }, 120_000);

  it('refuses to start on an unreadable record in docdesk.db instead of ignoring it', async () => {
    const dataDir = folder();
    await (await open(dataDir)).close();
    const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    db.prepare(`UPDATE settings SET value = '{"logId":"not a log"}' WHERE key = 'audit.log'`).run();
    db.close();
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'AUDIT_LOG_RECORD_INVALID', message: expect.stringContaining("settings 'audit.log'") });
  }, 120_000);
});

describe('folders without a loss still start', () => {
  it('a fresh folder creates the chain and records it in docdesk.db', async () => {
    const dataDir = folder();
    const b = await open(dataDir);
    const logId = b.audit.logId;
    await b.close();
    const record = readRecord(dataDir)!;
    expect(record.logId).toBe(logId);
    const reopened = await open(dataDir);
    try {
      expect(reopened.audit.logId).toBe(logId);
      expect((await reopened.audit.checkpoints()).at(-1)).toMatchObject({ size: record.size, head: record.head });
      expect((await reopened.audit.verify()).ok).toBe(true);
    } finally {
      await reopened.close();
    }
  }, 120_000);

  it('a folder from before the record existed adopts its audit.db once; from then on a deleted audit.db is refused', async () => {
    const dataDir = folder();
    const b = await open(dataDir);
    const logId = b.audit.logId;
    await addHistory(b, 2);
    await b.close();
    // What such a folder looks like: no record row in docdesk.db.
    const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    db.prepare(`DELETE FROM settings WHERE key = 'audit.log'`).run();
    db.close();
    expect(readRecord(dataDir)).toBeNull();

    const upgraded = await open(dataDir);
    try {
      expect(upgraded.audit.logId).toBe(logId);
      const last = (await upgraded.audit.checkpoints()).at(-1)!;
      expect(readRecord(dataDir)).toMatchObject({ logId, size: last.size, head: last.head });
    } finally {
      await upgraded.close();
    }
    removeFiles(dataDir, 'audit.db');
    await expect(open(dataDir)).rejects.toMatchObject({ code: 'AUDIT_LOG_LOST' });
  }, 120_000);
});
