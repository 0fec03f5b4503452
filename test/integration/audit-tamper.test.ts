// Tamper tests (issue 4 "What it must show"): each tampering is detected with the exact sequence number.
// The attacker here has the audit database key (a raw SQLite connection) — the strongest local position short
// of also holding the signing key — and covers tracks where possible (re-creating dropped triggers).
import { createPublicKey, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditDatabase, type AuditDb } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { parseCheckpointFile } from '../../main/audit/checkpoint.ts';
import { verifyAuditDatabase, verifyAuditDatabaseParallel } from '../../main/reads/sqlite-audit-verify.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };

/** A log of genesis + 60 events with checkpoints every 20 rows, and one checkpoint exported to a file. */
async function makeLog(events = 60) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
  dirs.push(dataDir);
  const auditKey = randomBytes(32);
  const svc = await openAuditService({ dataDir, auditKey, actor, selfCheck: true, checkpointEvery: 20 });
  for (let i = 0; i < events; i++) {
    await svc.appendDurable({ ev: 'op.test.event', actor, subj: { ref: `doc-${i}` }, data: { i, note: `행 ${i} 한글` } });
  }
  const exported = path.join(dataDir, 'exported-checkpoint.txt');
  const cp = await svc.checkpoint(exported);
  await svc.close();
  return { dataDir, auditKey, exported, exportedSize: cp.size };
}

function raw(dataDir: string, auditKey: Buffer): AuditDb {
  return openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(auditKey).dbKey);
}

/**
 * Verifies sequentially and in parallel (without appending anything): all must report the same — also with
 * chunks of a few rows (every tampering then sits near a chunk boundary) checked by worker threads only.
 */
async function verify(dataDir: string, auditKey: Buffer, checkpointFiles: string[] = []) {
  const dbKey = deriveAuditKeys(auditKey).dbKey;
  const file = path.join(dataDir, 'audit.db');
  const db = openAuditDatabase(file, dbKey);
  try {
    const publicKeys = new Map(
      (db.prepare('SELECT fp, public_der FROM audit_key').all() as { fp: string; public_der: Buffer }[]).map((r) => [r.fp, createPublicKey({ key: r.public_der, format: 'der', type: 'spki' })]),
    );
    const logId = db.prepare(`SELECT value FROM audit_meta WHERE key = 'log_id'`).pluck().get() as string;
    const external = checkpointFiles.map((f) => {
      const { body, signature } = parseCheckpointFile(readFileSync(f, 'utf8'));
      return { source: f, body, signature };
    });
    const one = verifyAuditDatabase(db, { publicKeys, logId, external });
    const two = await verifyAuditDatabaseParallel(db, file, dbKey, { publicKeys, logId, external, workers: 2 });
    expect(two).toEqual(one);
    expect(verifyAuditDatabase(db, { publicKeys, logId, external, chunkRows: 5 })).toEqual(one);
    const workersOnly = await verifyAuditDatabaseParallel(db, file, dbKey, { publicKeys, logId, external, workers: 2, chunkRows: 3, useCallingThread: false });
    expect(workersOnly).toEqual(one);
    return one;
  } finally {
    db.close();
  }
}

/** Runs `fn` with the named triggers dropped, then (optionally) puts them back as they were. */
function withoutTriggers(db: AuditDb, names: string[], fn: () => void, restore = true): void {
  const sql = names.map((n) => db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`).pluck().get(n) as string);
  for (const n of names) db.exec(`DROP TRIGGER ${n}`);
  fn();
  if (restore) for (const s of sql) db.exec(s);
}

describe('audit chain tamper detection', () => {
  it('an untouched log verifies: chain, every checkpoint, the exported checkpoint, triggers and integrity', async () => {
    const { dataDir, auditKey, exported } = await makeLog();
    const r = await verify(dataDir, auditKey, [exported]);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.integrity).toBe('ok');
    expect(r.checkpointsChecked).toBeGreaterThanOrEqual(3);
    expect(r.externalCheckpointsChecked).toBe(1);
  });

  it('the guard triggers refuse UPDATE and DELETE on the chain and the records', async () => {
    const { dataDir, auditKey } = await makeLog(5);
    const db = raw(dataDir, auditKey);
    try {
      expect(() => db.prepare('UPDATE audit_record SET ev = ? WHERE seq = 3').run('x.y')).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_record WHERE seq = 3').run()).toThrow(/append-only/);
      expect(() => db.prepare('UPDATE audit_chain SET leaf = leaf WHERE seq = 3').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_chain WHERE seq = 3').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM audit_checkpoint').run()).toThrow(/append-only/);
      // defensive mode: the schema cannot be rewritten behind SQLite's back
      expect(() => db.pragma('writable_schema = ON')).not.toThrow();
      expect(() => db.exec(`UPDATE sqlite_schema SET sql = 'x' WHERE name = 'audit_chain_no_update'`)).toThrow();
    } finally {
      db.close();
    }
  });

  it('one payload byte changed (triggers put back afterwards) → LEAF_MISMATCH at that seq', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    const seq = db.prepare(`SELECT seq FROM audit_record WHERE ev = 'op.test.event' ORDER BY seq LIMIT 1 OFFSET 16`).pluck().get() as number;
    withoutTriggers(db, ['audit_record_no_update'], () => {
      const rec = Buffer.from(db.prepare('SELECT record FROM audit_record WHERE seq = ?').pluck().get(seq) as Buffer);
      const at = rec.indexOf('"i":16');
      expect(at).toBeGreaterThan(0);
      rec[at + 5] = '7'.charCodeAt(0); // "i":16 → "i":17 — one byte
      db.prepare('UPDATE audit_record SET record = ? WHERE seq = ?').run(rec, seq);
    });
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(seq);
    expect(r.problems[0]).toMatchObject({ code: 'LEAF_MISMATCH', seq });
    expect(r.triggersMissing).toEqual([]);
  });

  it('a row deleted → SEQ_GAP at that seq', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    withoutTriggers(db, ['audit_record_delete_only_purged', 'audit_chain_no_delete'], () => {
      db.prepare('DELETE FROM audit_record WHERE seq = 23').run();
      db.prepare('DELETE FROM audit_chain WHERE seq = 23').run();
    });
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.firstBadSeq).toBe(23);
    expect(r.problems[0]).toMatchObject({ code: 'SEQ_GAP', seq: 23 });
  });

  it('a record deleted without a purge grant (hashes kept) → RECORD_MISSING at that seq', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    withoutTriggers(db, ['audit_record_delete_only_purged'], () => db.prepare('DELETE FROM audit_record WHERE seq = 31').run());
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.firstBadSeq).toBe(31);
    expect(r.problems[0]).toMatchObject({ code: 'RECORD_MISSING', seq: 31 });
  });

  it('two rows swapped → detected at the lower seq (records only: LEAF_MISMATCH; whole rows: CHAIN_MISMATCH)', async () => {
    for (const whole of [false, true]) {
      const { dataDir, auditKey } = await makeLog();
      const db = raw(dataDir, auditKey);
      withoutTriggers(db, ['audit_record_no_update', 'audit_chain_no_update'], () => {
        const get = (seq: number) => db.prepare('SELECT r.record, c.leaf, c.chain FROM audit_record r JOIN audit_chain c USING (seq) WHERE seq = ?').get(seq) as { record: Buffer; leaf: Buffer; chain: Buffer };
        const a = get(40);
        const b = get(41);
        db.prepare('UPDATE audit_record SET record = ? WHERE seq = ?').run(b.record, 40);
        db.prepare('UPDATE audit_record SET record = ? WHERE seq = ?').run(a.record, 41);
        if (whole) {
          db.prepare('UPDATE audit_chain SET leaf = ?, chain = ? WHERE seq = ?').run(b.leaf, b.chain, 40);
          db.prepare('UPDATE audit_chain SET leaf = ?, chain = ? WHERE seq = ?').run(a.leaf, a.chain, 41);
        }
      });
      db.close();
      const r = await verify(dataDir, auditKey);
      expect(r.firstBadSeq).toBe(40);
      expect(r.problems[0]).toMatchObject({ code: whole ? 'CHAIN_MISMATCH' : 'LEAF_MISMATCH', seq: 40 });
    }
  });

  it('triggers dropped and a row edited → TRIGGER_MISSING and the edited seq', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    withoutTriggers(
      db,
      ['audit_record_no_update', 'audit_chain_no_update'],
      () => db.prepare(`UPDATE audit_record SET record = CAST(replace(CAST(record AS TEXT), 'tester', 'someone') AS BLOB) WHERE seq = 9`).run(),
      false,
    );
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.triggersMissing.sort()).toEqual(['audit_chain_no_update', 'audit_record_no_update']);
    expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['TRIGGER_MISSING', 'LEAF_MISMATCH']));
    expect(r.firstBadSeq).toBe(9);
    // and the next start notices too
    const svc = await openAuditService({ dataDir, auditKey, actor, selfCheck: true });
    expect(svc.startup?.ok).toBe(false);
    expect(svc.startup?.triggersMissing.length).toBe(2);
    await svc.close();
  });

  it('the tail cut after an exported checkpoint → CHECKPOINT_BEYOND_LOG at the first missing seq', async () => {
    const { dataDir, auditKey, exported, exportedSize } = await makeLog();
    expect(exportedSize).toBeGreaterThan(50);
    const db = raw(dataDir, auditKey);
    withoutTriggers(db, ['audit_record_delete_only_purged', 'audit_chain_no_delete', 'audit_checkpoint_no_delete', 'audit_blob_delete_only_purged'], () => {
      db.prepare('DELETE FROM audit_blob WHERE seq >= 50').run();
      db.prepare('DELETE FROM audit_record WHERE seq >= 50').run();
      db.prepare('DELETE FROM audit_chain WHERE seq >= 50').run();
      db.prepare('DELETE FROM audit_checkpoint WHERE size > 50').run();
    });
    db.close();
    // Without the exported copy the shortened log is self-consistent: that is why checkpoints leave the PC.
    const r = await verify(dataDir, auditKey, [exported]);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(50);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'CHECKPOINT_BEYOND_LOG', seq: 50 }));
  });

  it('a checkpoint signature altered (in the database, or in an exported file) → CHECKPOINT_SIGNATURE at its last seq', async () => {
    const { dataDir, auditKey, exported, exportedSize } = await makeLog();
    const db = raw(dataDir, auditKey);
    const size = db.prepare('SELECT size FROM audit_checkpoint ORDER BY size LIMIT 1 OFFSET 1').pluck().get() as number;
    withoutTriggers(db, ['audit_checkpoint_no_update'], () => {
      const sig = Buffer.from(db.prepare('SELECT sig FROM audit_checkpoint WHERE size = ?').pluck().get(size) as Buffer);
      sig[10] = sig[10]! ^ 0x01;
      db.prepare('UPDATE audit_checkpoint SET sig = ? WHERE size = ?').run(sig, size);
    });
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.firstBadSeq).toBe(size - 1);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'CHECKPOINT_SIGNATURE', seq: size - 1 })]);

    const text = readFileSync(exported, 'utf8');
    const lines = text.split('\n');
    // The signature line is `— <key name> <base64(key ID ‖ signature)>` (C2SP signed note, issue 17): flip the signature's first byte.
    const sigLine = lines.findIndex((l) => l.startsWith('— docdesk-audit'));
    const [dash, keyName, b64] = lines[sigLine]!.split(' ');
    const sig = Buffer.from(b64!, 'base64');
    sig[sig.length - 64] = sig[sig.length - 64]! ^ 0x80;
    lines[sigLine] = `${dash} ${keyName} ${sig.toString('base64')}`;
    const altered = path.join(dataDir, 'altered-checkpoint.txt');
    writeFileSync(altered, lines.join('\n'));
    const r2 = await verify(dataDir, auditKey, [altered]);
    expect(r2.problems).toContainEqual(expect.objectContaining({ code: 'CHECKPOINT_SIGNATURE', seq: exportedSize - 1 }));
  });
});
