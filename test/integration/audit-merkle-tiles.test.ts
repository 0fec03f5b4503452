// The tree as audit.db stores it (merkle/tiles.ts): one row per 16-leaf tile with levels ≥ 4, levels 1–3 recomputed
// from the leaves. Roots, inclusion and consistency proofs read through that store equal RFC 9162's recursive
// definitions recomputed naively with node:crypto — for every tree size 1..70, so every leaf sits once in a partial
// tile and once in a full one, and the log's own writer (batches of 7, crossing tile ends) made the rows.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { consistencyProof, verifyConsistency } from '../../main/audit/merkle/consistency-proof.ts';
import { inclusionProof, verifyInclusion } from '../../main/audit/merkle/inclusion-proof.ts';
import { treeRoot } from '../../main/audit/merkle/tree-root.ts';
import { createTreeReader } from '../../main/audit/tree-store.ts';
import { openLogOnWriter } from '../helpers/audit-log-on-writer.ts';
import { naiveMth, naivePath, naiveSubproof } from '../helpers/naive-merkle.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const hex = (bs: Buffer[]) => bs.map((b) => b.toString('hex'));

describe('proofs from the tiled store', () => {
  it('for every size 1..70 and every leaf (in a partial tile and in a full one): root, inclusion and consistency proofs equal RFC 9162 and verify', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-merkle-tiles-'));
    dirs.push(dataDir);
    const keys = deriveAuditKeys(randomBytes(32));
    const opened = await openLogOnWriter(dataDir, keys, { checkpointEvery: 1_000_000, batchSize: 7 });
    const { log } = opened;
    const { db } = opened.writer;
    for (let i = 0; i < 70; i++) log.append({ ev: 'op.test.event', data: { i } });
    log.flush();
    // The log writes events of its own too: the first 70 leaves are the tree under test.
    const leaves = (db.prepare('SELECT leaf FROM audit_chain WHERE seq < 70 ORDER BY seq').pluck().all() as Buffer[]);
    expect(leaves.length).toBe(70);
    // Tiles end at 15, 31, 47, 63; leaves 64–69 are a partial tile with no row.
    expect(db.prepare('SELECT seq FROM audit_tree WHERE seq < 70 ORDER BY seq').pluck().all()).toEqual([15, 31, 47, 63]);
    const read = createTreeReader(db);
    for (let n = 1; n <= 70; n++) {
      const prefix = leaves.slice(0, n);
      const root = naiveMth(prefix);
      expect(treeRoot(n, read).equals(root), `root of ${n}`).toBe(true);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, read);
        expect(hex(proof), `inclusion of ${m} in ${n}`).toEqual(hex(naivePath(m, prefix)));
        expect(verifyInclusion(m, n, leaves[m]!, proof, root), `inclusion of ${m} in ${n} verifies`).toBe(true);
      }
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(m, n, read);
        expect(hex(proof), `consistency ${m} → ${n}`).toEqual(hex(naiveSubproof(m, prefix, true)));
        expect(verifyConsistency(m, n, naiveMth(leaves.slice(0, m)), root, proof), `consistency ${m} → ${n} verifies`).toBe(true);
      }
    }
    await opened.close();
  }, 120_000);
});
