// The batch commit keeps the Merkle tree's right edge its last commit left (commit-batch.ts) instead of reading it
// from audit.db for every commit: checked on a real encrypted audit.db against a naive recomputation of every tree
// size from the stored leaves, with many small commits (PayUp- and KCP-sized), a commit that fails after its leaves
// were pushed, and a second committer on the same file that moves the tail under the first.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openAuditDatabase, type AuditDb } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { readyEvent } from '../../main/audit/batch-event.ts';
import { createBatchCommit, type BatchEvent } from '../../main/audit/commit-batch.ts';
import { storedTreeRoot } from '../../main/audit/tree-store.ts';
import { naiveMth } from '../helpers/naive-merkle.ts';

const keys = deriveAuditKeys(Buffer.alloc(32, 0x3c));
const dbs: AuditDb[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function openAudit(): AuditDb {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-held-edge-'));
  dirs.push(dir);
  const db = openAuditDatabase(path.join(dir, 'audit.db'), keys.dbKey);
  dbs.push(db);
  return db;
}

/** The statements that read the tree's stored hashes or leaves (tree-store.ts), counted per execution. */
const TREE_READ = /FROM audit_tree|SELECT leaf FROM|string_agg/;
function countTreeReads(db: AuditDb): { count: () => number } {
  let reads = 0;
  const prepare = db.prepare.bind(db);
  const counted = (sql: string): ReturnType<AuditDb['prepare']> => {
    const stmt = prepare(sql);
    if (!TREE_READ.test(sql)) return stmt;
    for (const method of ['get', 'all'] as const) {
      const original = stmt[method].bind(stmt);
      Object.defineProperty(stmt, method, {
        value: (...args: unknown[]) => {
          reads++;
          return original(...args);
        },
      });
    }
    return stmt;
  };
  Object.defineProperty(db, 'prepare', { value: counted });
  return { count: () => reads };
}

const events = (from: number, n: number): BatchEvent[] =>
  Array.from({ length: n }, (_, i) => readyEvent({ ev: 'net.exchange', data: { i: from + i }, blobs: { request_body: `{"n":${from + i}}` }, index: [`tx:T${from + i}`] }, () => 1_796_000_000_000));

const leavesSchema = z.array(z.instanceof(Buffer));
/** Every tree size 1 … n: the root from the stored hashes equals a naive MTH of the stored leaves. */
function expectTreeMatchesLeaves(db: AuditDb): number {
  const leaves = leavesSchema.parse(db.prepare('SELECT leaf FROM audit_chain ORDER BY seq').pluck().all());
  for (let n = 1; n <= leaves.length; n++) expect(storedTreeRoot(db, n).toString('hex'), `size ${n}`).toBe(naiveMth(leaves.slice(0, n)).toString('hex'));
  return leaves.length;
}

describe('the batch commit continues from the right edge it holds', () => {
  it('small commits after the first read no tree hash and leaf, and every tree size equals a naive recomputation', () => {
    const db = openAudit();
    // A log the writer did not make in this process: its edge (37 leaves: 32 + 4 + 1) is read once, at the first commit.
    createBatchCommit(db, keys.blobKey)(events(0, 37));
    const reads = countTreeReads(db);
    const commit = createBatchCommit(db, keys.blobKey);
    commit(events(37, 3));
    const atFirst = reads.count();
    expect(atFirst).toBeGreaterThan(0);
    // PayUp- and KCP-sized commits across tile (16) and higher boundaries: 1–4 events each, up to 300 leaves.
    for (let at = 40, k = 0; at < 300; k++) {
      const n = 1 + (k % 4);
      commit(events(at, n));
      at += n;
    }
    // Before: every commit read its right edge again (here ~200 statements).
    expect(reads.count()).toBe(atFirst);
    expect(expectTreeMatchesLeaves(db)).toBeGreaterThanOrEqual(300);
  });

  it('a commit that fails after its leaves were pushed is not continued from: the next commit reads the edge', () => {
    const db = openAudit();
    const commit = createBatchCommit(db, keys.blobKey);
    commit(events(0, 29));
    // The subject index is inserted last, after every leaf of the batch was pushed: a refusal there rolls it all back.
    db.exec(`CREATE TEMP TRIGGER refuse_subject BEFORE INSERT ON audit_subject WHEN NEW.key = 'refused' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`);
    const bad = events(29, 6);
    bad[5] = { ...bad[5]!, index: ['refused'] };
    expect(() => commit(bad)).toThrow(/refused by the test/);
    expect(db.prepare('SELECT count(*) FROM audit_chain').pluck().get()).toBe(29);
    commit(events(29, 7));
    commit(events(36, 30));
    expect(expectTreeMatchesLeaves(db)).toBe(66);
  });

  it('a second committer moving the tail makes the first read the edge again', () => {
    const db = openAudit();
    const a = createBatchCommit(db, keys.blobKey);
    const b = createBatchCommit(db, keys.blobKey);
    let at = 0;
    for (let k = 0; k < 40; k++) {
      const n = 1 + (k % 5);
      (k % 3 === 0 ? b : a)(events(at, n));
      at += n;
    }
    expect(expectTreeMatchesLeaves(db)).toBe(at);
  });
});
