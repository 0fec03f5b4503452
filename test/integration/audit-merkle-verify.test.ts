// Verifying the Merkle tree over the audit log (issue 17 item 1): `verify` checks every stored subtree hash against
// the leaves and every checkpoint's root, and an exported older checkpoint is proven extended by the newest one.
// Tampering — a changed stored hash, a changed leaf behind a rebuilt chain, a flipped proof node, a checkpoint of
// another log, a whole log rewritten by someone holding the key — is refused, naming what. The attacker holds the
// database key (a raw connection) and puts dropped triggers back.
import { createPublicKey, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditDatabase, type AuditDb } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { checkpointConsistencyProof, verifyCheckpointExtends } from '../../main/audit/checkpoint-consistency.ts';
import { parseCheckpointFile } from '../../main/audit/checkpoint.ts';
import { chainHash, leafHash } from '../../main/audit/hashing.ts';
import { storedHashIndex } from '../../main/audit/merkle/stored-hash-index.ts';
import { createTreeReader } from '../../main/audit/tree-store.ts';
import { verifyAuditDatabase, verifyAuditDatabaseParallel } from '../../main/reads/sqlite-audit-verify.ts';
import { openLogOnWriter } from '../helpers/audit-log-on-writer.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'docdesk-merkle-verify-'));
  dirs.push(d);
  return d;
};
const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };

/** genesis + events, checkpoints every 20 rows, and the checkpoint at `exportAt` events exported to a file. */
async function makeLog(events = 100, exportAt = 40) {
  const dataDir = tempDir();
  const auditKey = randomBytes(32);
  const svc = await openAuditService({ dataDir, auditKey, actor, selfCheck: true, checkpointEvery: 20 });
  const exported = path.join(dataDir, 'exported-checkpoint.txt');
  let exportedSize = 0;
  for (let i = 0; i < events; i++) {
    await svc.appendDurable({ ev: 'op.test.event', actor, data: { i } });
    if (i === exportAt) exportedSize = (await svc.checkpoint(exported)).size;
  }
  await svc.checkpoint();
  await svc.close();
  return { dataDir, auditKey, exported, exportedSize };
}

const raw = (dataDir: string, auditKey: Buffer): AuditDb => openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(auditKey).dbKey);
const publicKeysOf = (db: AuditDb) =>
  new Map((db.prepare('SELECT fp, public_der FROM audit_key').all() as { fp: string; public_der: Buffer }[]).map((r) => [r.fp, createPublicKey({ key: r.public_der, format: 'der', type: 'spki' })]));
const fileCheckpoint = (f: string) => {
  const { body, signature, keyId } = parseCheckpointFile(readFileSync(f, 'utf8'));
  return { source: f, body, signature, keyId };
};

/** Sequential, and worker threads only with 3-row chunks (every tampering then sits near a chunk boundary): the same report. */
async function verify(dataDir: string, auditKey: Buffer, checkpointFiles: string[] = []) {
  const dbKey = deriveAuditKeys(auditKey).dbKey;
  const db = raw(dataDir, auditKey);
  try {
    const logId = db.prepare(`SELECT value FROM audit_meta WHERE key = 'log_id'`).pluck().get() as string;
    const o = { publicKeys: publicKeysOf(db), logId, external: checkpointFiles.map(fileCheckpoint) };
    const one = verifyAuditDatabase(db, o);
    const two = await verifyAuditDatabaseParallel(db, path.join(dataDir, 'audit.db'), dbKey, { ...o, workers: 2, chunkRows: 3, useCallingThread: false });
    expect(two).toEqual(one);
    return one;
  } finally {
    db.close();
  }
}

function withTriggersDropped(db: AuditDb, triggers: string[], change: () => void): void {
  const sql = triggers.map((t) => db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`).pluck().get(t) as string);
  for (const t of triggers) db.exec(`DROP TRIGGER ${t}`);
  change();
  for (const s of sql) db.exec(s);
}

describe('verify checks the tree', () => {
  it('an untouched log verifies: every stored hash, every checkpoint root, the exported checkpoint proven extended', async () => {
    const { dataDir, auditKey, exported } = await makeLog();
    const r = await verify(dataDir, auditKey, [exported]);
    expect(r.problems).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('a stored subtree hash changed → TREE_HASH_MISMATCH naming the seq and the stored index', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    // Row 31 holds levels 4–5 (leaves 16–31, 0–31; levels 1–3 are recomputed from leaves); its level-4 hash covers leaves 16–31.
    const hashes = Buffer.from(db.prepare('SELECT hashes FROM audit_tree WHERE seq = 31').pluck().get() as Buffer);
    expect(hashes.length).toBe(2 * 32);
    hashes[5]! ^= 0x01;
    withTriggersDropped(db, ['audit_tree_no_update'], () => db.prepare('UPDATE audit_tree SET hashes = ? WHERE seq = 31').run(hashes));
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(31);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TREE_HASH_MISMATCH', seq: 31 })]);
    expect(r.problems[0]!.message).toContain(`색인 ${storedHashIndex(4, 1)}`);
  });

  it('a stored hash deleted → TREE_HASH_MISSING at its seq', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    withTriggersDropped(db, ['audit_tree_no_delete'], () => db.prepare('DELETE FROM audit_tree WHERE seq = 63').run());
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TREE_HASH_MISSING', seq: 63 })]);
  });

  it('a stored row moved off its tile end (same bytes in the same order) → TREE_HASH_MISSING at the stray row', async () => {
    const { dataDir, auditKey } = await makeLog();
    const db = raw(dataDir, auditKey);
    withTriggersDropped(db, ['audit_tree_no_delete'], () => {
      db.prepare('INSERT INTO audit_tree (seq, hashes) SELECT 46, hashes FROM audit_tree WHERE seq = 47').run();
      db.prepare('DELETE FROM audit_tree WHERE seq = 47').run();
    });
    db.close();
    const r = await verify(dataDir, auditKey);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'TREE_HASH_MISSING', seq: 46 })]);
  });

  it('a leaf changed and the whole chain rebuilt after it (tree left) → TREE_HASH_MISMATCH at the end of its tile, and the signed heads differ', async () => {
    const { dataDir, auditKey, exported, exportedSize } = await makeLog();
    const db = raw(dataDir, auditKey);
    const x = 36;
    const rows = db.prepare('SELECT seq, leaf, chain FROM audit_chain WHERE seq >= ? ORDER BY seq').all(x - 1) as { seq: number; leaf: Buffer; chain: Buffer }[];
    const record = Buffer.from(db.prepare('SELECT record FROM audit_record WHERE seq = ?').pluck().get(x) as Buffer);
    record[record.indexOf('"i":') + 4] = '9'.charCodeAt(0);
    withTriggersDropped(db, ['audit_chain_no_update', 'audit_record_no_update'], () => {
      db.prepare('UPDATE audit_record SET record = ? WHERE seq = ?').run(record, x);
      let prev = rows[0]!.chain;
      for (const row of rows.slice(1)) {
        const leaf = row.seq === x ? leafHash(record) : row.leaf;
        prev = chainHash(prev, leaf);
        db.prepare('UPDATE audit_chain SET leaf = ?, chain = ? WHERE seq = ?').run(leaf, prev, row.seq);
      }
    });
    db.close();
    const r = await verify(dataDir, auditKey, [exported]);
    expect(r.ok).toBe(false);
    // Leaf 36 is in the tile of leaves 32–47: the first stored hash over it is row 47's (level 4); the signed
    // checkpoint at 43 rows names the rewrite earlier.
    expect(r.firstBadSeq).toBeLessThanOrEqual(47);
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'TREE_HASH_MISMATCH', seq: 47 }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'CHECKPOINT_HEAD', seq: exportedSize - 1, message: expect.stringContaining(exported) }));
  });
});

describe('an older checkpoint proven extended by a newer one', () => {
  it('holds for every pair of the log\'s checkpoints; a flipped proof node, another log, a shrunk size are refused by name', async () => {
    const { dataDir, auditKey, exported } = await makeLog();
    const db = raw(dataDir, auditKey);
    const keys = publicKeysOf(db);
    const read = createTreeReader(db);
    const cps = (db.prepare('SELECT size, body, sig FROM audit_checkpoint WHERE root IS NOT NULL ORDER BY size').all() as { size: number; body: string; sig: Buffer }[]).map((c) => ({
      size: c.size,
      signed: { source: `체크포인트 ${c.size}`, body: c.body, signature: c.sig },
    }));
    expect(cps.length).toBeGreaterThan(3);
    for (const a of cps) for (const b of cps.filter((c) => c.size >= a.size)) expect(verifyCheckpointExtends(a.signed, b.signed, checkpointConsistencyProof(read, a.size, b.size), keys).ok).toBe(true);
    const older = fileCheckpoint(exported);
    const newest = cps.at(-1)!;
    const proof = checkpointConsistencyProof(read, parseCheckpointFile(readFileSync(exported, 'utf8')).parsed.size, newest.size);
    expect(verifyCheckpointExtends(older, newest.signed, proof, keys)).toMatchObject({ ok: true });

    const flipped = proof.map((p) => Buffer.from(p));
    flipped[1]![7]! ^= 0x40;
    expect(verifyCheckpointExtends(older, newest.signed, flipped, keys)).toMatchObject({ ok: false, code: 'CHECKPOINT_INCONSISTENT' });
    expect(verifyCheckpointExtends(newest.signed, older, proof, keys)).toMatchObject({ ok: false, code: 'CHECKPOINT_SHRANK' });
    const tamperedBody = { ...newest.signed, body: newest.signed.body.replace(/^(.*\n\d+\n)/, (m) => m.replace(/\n(\d+)\n$/, (_, n: string) => `\n${Number(n) + 1}\n`)) };
    expect(verifyCheckpointExtends(older, tamperedBody, proof, keys)).toMatchObject({ ok: false, code: 'CHECKPOINT_SIGNATURE' });

    // Another log's checkpoint, even with its own key known: refused as another log.
    const other = await makeLog(30, 25);
    const otherDb = raw(other.dataDir, other.auditKey);
    const bothKeys = new Map([...keys, ...publicKeysOf(otherDb)]);
    otherDb.close();
    expect(verifyCheckpointExtends(fileCheckpoint(other.exported), newest.signed, proof, bothKeys)).toMatchObject({ ok: false, code: 'CHECKPOINT_OTHER_LOG' });
    // … and without its key: its signature is refused first.
    expect(verifyCheckpointExtends(fileCheckpoint(other.exported), newest.signed, proof, keys)).toMatchObject({ ok: false, code: 'CHECKPOINT_SIGNATURE' });
    db.close();
  });

  it('a log rewritten by someone holding the key (same log id, same key, new content) cannot prove the exported checkpoint', async () => {
    const { dataDir, auditKey, exported, exportedSize } = await makeLog();
    const db = raw(dataDir, auditKey);
    const logId = db.prepare(`SELECT value FROM audit_meta WHERE key = 'log_id'`).pluck().get() as string;
    db.close();
    // The rewrite: a new audit.db with the same log id, signed with the same key (the key file copied).
    const rewritten = tempDir();
    const keys = deriveAuditKeys(auditKey);
    copyFileSync(path.join(dataDir, 'audit-signing-key.bin'), path.join(rewritten, 'audit-signing-key.bin'));
    const opened = await openLogOnWriter(rewritten, keys, { checkpointEvery: 20, keyFile: path.join(rewritten, 'audit-signing-key.bin') }, (w) => {
      void w.store.setMeta('log_id', logId);
      w.store.settle();
    });
    const { log } = opened;
    const rdb = opened.writer.db;
    for (let i = 0; i < 120; i++) log.append({ ev: i === 0 ? 'audit.genesis' : 'op.test.event', data: { i, rewritten: true } });
    const newest = await log.checkpoint('rewrite');
    await log.close();
    const proof = checkpointConsistencyProof(createTreeReader(rdb), exportedSize, newest.size);
    const verdict = verifyCheckpointExtends(fileCheckpoint(exported), { source: '다시 쓴 로그의 체크포인트', body: newest.body, signature: newest.sig }, proof, publicKeysOf(rdb));
    expect(verdict).toMatchObject({ ok: false, code: 'CHECKPOINT_INCONSISTENT' });
    if (!verdict.ok) expect(verdict.message).toContain('다시 쓰였습니다');
    opened.writer.close();
    // `audit verify` of the rewritten log with the exported checkpoint: the root, the head and the extension all differ.
    const r = await verify(rewritten, auditKey, [exported]);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['CHECKPOINT_HEAD', 'CHECKPOINT_ROOT', 'CHECKPOINT_INCONSISTENT']));
  });
});
