// The Merkle tree over the audit log (issue 17 item 1), pure part: RFC 9162 §2.1 hashing, the stored-hash layout,
// roots, inclusion and consistency proofs and their verification — against published vectors and against an
// independent, naive recomputation of RFC 9162's recursive definitions.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { leafHash } from '../../main/audit/hashing.ts';
import { createTreeAppender, rightEdgeIndexes } from '../../main/audit/merkle/append-leaves.ts';
import { consistencyProof, verifyConsistency } from '../../main/audit/merkle/consistency-proof.ts';
import type { HashReader } from '../../main/audit/merkle/hash-reader.ts';
import { inclusionProof, rootFromInclusionProof, verifyInclusion } from '../../main/audit/merkle/inclusion-proof.ts';
import { EMPTY_TREE_ROOT, nodeHash } from '../../main/audit/merkle/node-hash.ts';
import { splitStoredHashIndex, storedHashCount, storedHashIndex } from '../../main/audit/merkle/stored-hash-index.ts';
import { treeRoot } from '../../main/audit/merkle/tree-root.ts';
import { naiveNode, naiveMth, naivePath, naiveSubproof } from '../helpers/naive-merkle.ts';

const hex = (h: string) => Buffer.from(h, 'hex');

// ---- Published vectors: transparency-dev/merkle, proof/verify_test.go (the 8-leaf RFC 6962 test set also used by
// Certificate Transparency's C++ and Trillian tests). Leaves are the entries; roots[i] is MTH of the first i+1.
// Inclusion vectors there number leaves from 1 ("leaf 1" = index 0); they are written here with 0-based indexes.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(hex);
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
].map(hex);
const INCLUSION = [
  { index: 0, size: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { index: 5, size: 8, proof: ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { index: 2, size: 3, proof: ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125'] },
  { index: 1, size: 5, proof: ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { index: 0, size: 1, proof: [] },
];
const CONSISTENCY = [
  { first: 1, second: 1, proof: [] },
  { first: 1, second: 8, proof: ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'] },
  { first: 6, second: 8, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
  { first: 2, second: 5, proof: ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b'] },
  { first: 6, second: 7, proof: ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'] },
];
const EMPTY_ROOT_HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// ---- An independent recomputation: RFC 9162 §2.1.1–§2.1.4.1 written as the RFC writes them, over leaf hashes, with
// node:crypto (not the writer's JavaScript SHA-256).

/** A tree held in memory the way the audit log stores it: every hash at its stored index, appended leaf by leaf. */
function memoryTree(leaves: Buffer[]): { stored: Buffer[]; read: HashReader } {
  const stored: Buffer[] = [];
  const appender = createTreeAppender(0, []);
  for (const leaf of leaves) stored.push(Buffer.from(leaf), ...appender.push(leaf));
  return {
    stored,
    read: (indexes) =>
      indexes.map((i) => {
        const h = stored[i];
        if (!h) throw new Error(`no stored hash ${i}`);
        return h;
      }),
  };
}

const randomLeaves = (n: number) => Array.from({ length: n }, () => leafHash(randomBytes(1 + (randomBytes(1)[0]! % 40))));

describe('RFC 9162 / RFC 6962 published vectors (transparency-dev/merkle)', () => {
  const leafHashes = LEAVES.map((l) => leafHash(l));
  const tree = memoryTree(leafHashes);

  it('MTH of the empty tree and of the first 1 … 8 leaves', () => {
    expect(EMPTY_TREE_ROOT.toString('hex')).toBe(EMPTY_ROOT_HEX);
    expect(treeRoot(0, tree.read).toString('hex')).toBe(EMPTY_ROOT_HEX);
    ROOTS.forEach((root, i) => expect(treeRoot(i + 1, tree.read).toString('hex'), `size ${i + 1}`).toBe(root.toString('hex')));
  });

  it('inclusion proofs: made equal to the vectors, and verified', () => {
    for (const v of INCLUSION) {
      const made = inclusionProof(v.index, v.size, tree.read).map((h) => h.toString('hex'));
      expect(made, `leaf ${v.index} in ${v.size}`).toEqual(v.proof);
      expect(verifyInclusion(v.index, v.size, leafHashes[v.index]!, v.proof.map(hex), ROOTS[v.size - 1]!)).toBe(true);
    }
  });

  it('consistency proofs: made equal to the vectors, and verified', () => {
    for (const v of CONSISTENCY) {
      const made = consistencyProof(v.first, v.second, tree.read).map((h) => h.toString('hex'));
      expect(made, `${v.first} → ${v.second}`).toEqual(v.proof);
      expect(verifyConsistency(v.first, v.second, ROOTS[v.first - 1]!, ROOTS[v.second - 1]!, v.proof.map(hex))).toBe(true);
    }
  });

  it('corrupted inclusion proofs are refused (the probes of transparency-dev/merkle verify_test.go)', () => {
    for (const v of INCLUSION.filter((x) => x.proof.length > 0)) {
      const proof = v.proof.map(hex);
      const root = ROOTS[v.size - 1]!;
      const leaf = leafHashes[v.index]!;
      const probes: [number, number, Buffer, Buffer[], Buffer][] = [
        [v.index - 1, v.size, leaf, proof, root],
        [v.index + 1, v.size, leaf, proof, root],
        [v.index ^ 2, v.size, leaf, proof, root],
        [v.index, v.size * 2, leaf, proof, root],
        [v.index, Math.floor(v.size / 2), leaf, proof, root],
        [v.index, v.size, Buffer.from('WrongLeaf'), proof, root],
        [v.index, v.size, leaf, proof, hex(EMPTY_ROOT_HEX)],
        [v.index, v.size, leaf, [...proof, root], root],
        [v.index, v.size, leaf, [root, ...proof], root],
        [v.index, v.size, leaf, proof.slice(0, -1), root],
        ...proof.map((_, i): [number, number, Buffer, Buffer[], Buffer] => {
          const flipped = proof.map((p) => Buffer.from(p));
          flipped[i]![0]! ^= 8;
          return [v.index, v.size, leaf, flipped, root];
        }),
      ];
      for (const [i, n, l, p, r] of probes) expect(verifyInclusion(i, n, l, p, r), `leaf ${i} of ${n}`).toBe(false);
    }
  });

  it('corrupted consistency proofs are refused', () => {
    for (const v of CONSISTENCY.filter((x) => x.proof.length > 0)) {
      const proof = v.proof.map(hex);
      const r1 = ROOTS[v.first - 1]!;
      const r2 = ROOTS[v.second - 1]!;
      const probes: [number, number, Buffer, Buffer, Buffer[]][] = [
        [v.first - 1, v.second, r1, r2, proof],
        [v.first + 1, v.second, r1, r2, proof],
        [v.first ^ 2, v.second, r1, r2, proof],
        [v.first, v.second * 2, r1, r2, proof],
        [v.first, Math.floor(v.second / 2), r1, r2, proof],
        [v.first, v.second, r2, r1, proof],
        [v.first, v.second, r1, r2, []],
        [v.first, v.second, r1, r2, [...proof, r1]],
        [v.first, v.second, r1, r2, [r2, ...proof]],
        [v.first, v.second, r1, r2, proof.slice(0, -1)],
        ...proof.map((_, i): [number, number, Buffer, Buffer, Buffer[]] => {
          const flipped = proof.map((p) => Buffer.from(p));
          flipped[i]![0]! ^= 16;
          return [v.first, v.second, r1, r2, flipped];
        }),
      ];
      for (const [m, n, a, b, p] of probes) expect(verifyConsistency(m, n, a, b, p), `${m} → ${n}`).toBe(false);
    }
  });
});

describe('the stored-hash layout (as Go sumdb/tlog numbers it)', () => {
  it('each hash sits at the index the append order gives it, and the index splits back into its subtree', () => {
    const leaves = randomLeaves(300);
    const { stored } = memoryTree(leaves);
    expect(stored.length).toBe(storedHashCount(300));
    // Go tlog: leaf n at StoredHashIndex(0, n); e.g. leaves 0, 1 at 0, 1; node (1,0) at 2; leaf 2 at 3; leaf 3 at 4 …
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => storedHashIndex(0, n))).toEqual([0, 1, 3, 4, 7, 8, 10]);
    expect(storedHashIndex(1, 0)).toBe(2);
    expect(storedHashIndex(2, 0)).toBe(6);
    for (let level = 0; level <= 8; level++) {
      for (let k = 0; (k + 1) * 2 ** level <= 300; k++) {
        const index = storedHashIndex(level, k);
        expect(splitStoredHashIndex(index)).toEqual({ level, k });
        expect(stored[index]!.equals(naiveMth(leaves.slice(k * 2 ** level, (k + 1) * 2 ** level))), `(${level}, ${k})`).toBe(true);
      }
    }
  });
});

describe('independent recomputation', () => {
  it('the root from stored hashes equals a naive recursive MTH for every size 1 … 300, and the writer keeps the right edge', () => {
    const leaves = randomLeaves(300);
    const tree = memoryTree(leaves);
    const appender = createTreeAppender(0, []);
    for (let n = 1; n <= 300; n++) {
      appender.push(leaves[n - 1]!);
      const naive = naiveMth(leaves.slice(0, n));
      expect(treeRoot(n, tree.read).equals(naive), `size ${n}`).toBe(true);
      // A writer that restarts at size n from the stored right edge continues the same tree.
      expect(appender.rightEdge().map((h) => h.toString('hex'))).toEqual(tree.read(rightEdgeIndexes(n)).map((h) => Buffer.from(h).toString('hex')));
    }
    const resumed = createTreeAppender(150, tree.read(rightEdgeIndexes(150)));
    const completed = leaves.slice(150).flatMap((l) => resumed.push(l));
    const fresh = createTreeAppender(0, []);
    const all = leaves.flatMap((l) => fresh.push(l));
    expect(completed.map((h) => h.toString('hex'))).toEqual(all.slice(all.length - completed.length).map((h) => h.toString('hex')));
    expect(() => createTreeAppender(5, [])).toThrow(/2 edge subtrees/);
  });

  it('every inclusion and consistency proof up to 64 leaves equals the naive PATH / PROOF and verifies; a flipped node fails', () => {
    const leaves = randomLeaves(64);
    const tree = memoryTree(leaves);
    const roots = [createHash('sha256').digest(), ...leaves.map((_, i) => naiveMth(leaves.slice(0, i + 1)))];
    for (let n = 1; n <= 64; n++) {
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(m, n, tree.read);
        expect(proof.map((h) => h.toString('hex')), `PATH(${m}, ${n})`).toEqual(naivePath(m, leaves.slice(0, n)).map((h) => h.toString('hex')));
        expect(verifyInclusion(m, n, leaves[m]!, proof, roots[n]!)).toBe(true);
        if (proof.length > 0) {
          const bad = proof.map((h) => Buffer.from(h));
          bad[m % bad.length]![31]! ^= 1;
          expect(verifyInclusion(m, n, leaves[m]!, bad, roots[n]!)).toBe(false);
        }
        expect(rootFromInclusionProof(m, n, leaves[m]!, proof)!.equals(roots[n]!)).toBe(true);
      }
      for (let m = 0; m <= n; m++) {
        const proof = consistencyProof(m, n, tree.read);
        const naive = m === 0 || m === n ? [] : naiveSubproof(m, leaves.slice(0, n), true);
        expect(proof.map((h) => h.toString('hex')), `PROOF(${m}, ${n})`).toEqual(naive.map((h) => h.toString('hex')));
        expect(verifyConsistency(m, n, roots[m]!, roots[n]!, proof), `${m} → ${n}`).toBe(true);
        if (proof.length > 0) {
          const bad = proof.map((h) => Buffer.from(h));
          bad[n % bad.length]![0]! ^= 0x80;
          expect(verifyConsistency(m, n, roots[m]!, roots[n]!, bad)).toBe(false);
        }
        // A tree whose first m leaves differ (a rewritten log) is not consistent with the old root.
        if (m > 0 && m < n) {
          const rewritten = [...leaves.slice(0, n)];
          rewritten[m - 1] = leafHash(Buffer.from(`rewritten ${m}`));
          const other = memoryTree(rewritten);
          expect(verifyConsistency(m, n, roots[m]!, naiveMth(rewritten), consistencyProof(m, n, other.read))).toBe(false);
        }
      }
    }
  });

  it('node hashes are SHA-256(0x01 ‖ left ‖ right); bad arguments are refused', () => {
    const a = randomBytes(32);
    const b = randomBytes(32);
    expect(nodeHash(a, b).equals(naiveNode(a, b))).toBe(true);
    expect(() => nodeHash(a.subarray(1), b)).toThrow(RangeError);
    expect(() => inclusionProof(5, 5, () => [])).toThrow(RangeError);
    expect(() => consistencyProof(6, 5, () => [])).toThrow(RangeError);
    expect(verifyInclusion(0, 0, a, [], a)).toBe(false);
    expect(verifyConsistency(0, 1, a, b, [])).toBe(true);
    expect(verifyConsistency(1, 1, a, b, [])).toBe(false);
  });
});
