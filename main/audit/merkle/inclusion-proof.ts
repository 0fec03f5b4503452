// Inclusion proofs (RFC 9162 §2.1.3): PATH(m, D[n]) made from stored hashes (§2.1.3.1), and its verification
// exactly as §2.1.3.2 states it.
import type { HashReader } from './hash-reader.ts';
import { HASH_BYTES, nodeHash } from './node-hash.ts';
import { planRanges, proveWith, type LeafRange, type ProofPlan } from './proof-ranges.ts';
import { largestPowerOfTwoBelow } from './stored-hash-index.ts';

/** PATH(m, D[lo:hi]) as the ranges whose MTH are its elements, from the leaf up (§2.1.3.1). */
function pathRanges(m: number, lo: number, hi: number, out: LeafRange[]): LeafRange[] {
  if (hi - lo <= 1) return out;
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m < lo + k) {
    pathRanges(m, lo, lo + k, out);
    out.push({ lo: lo + k, hi });
  } else {
    pathRanges(m, lo + k, hi, out);
    out.push({ lo, hi: lo + k });
  }
  return out;
}

export function inclusionProofPlan(leafIndex: number, treeSize: number): ProofPlan {
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) {
    throw new RangeError(`inclusion proof: leaf ${leafIndex} is not in a tree of ${treeSize} leaves`);
  }
  return planRanges(pathRanges(leafIndex, 0, treeSize, []));
}

export function inclusionProof(leafIndex: number, treeSize: number, read: HashReader): Buffer[] {
  return proveWith(inclusionProofPlan(leafIndex, treeSize), read);
}

/** §2.1.3.2 steps 1–5: the root the path leads to, or null where the algorithm says "fail". */
export function rootFromInclusionProof(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[]): Buffer | null {
  // 1. leaf_index ≥ tree_size fails.
  if (!Number.isSafeInteger(leafIndex) || !Number.isSafeInteger(treeSize) || leafIndex < 0 || leafIndex >= treeSize) return null;
  if (leafHash.length !== HASH_BYTES || proof.some((p) => p.length !== HASH_BYTES)) return null;
  // 2. fn = leaf_index, sn = tree_size − 1.  3. r = hash.  (Sizes may exceed 2^32: halve, never shift.)
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Buffer = Buffer.from(leafHash);
  const half = (x: number) => Math.floor(x / 2);
  // 4. for each p in the path:
  for (const p of proof) {
    // a. sn = 0: fail.
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      // b. r = HASH(0x01 ‖ p ‖ r); if LSB(fn) is not set, shift until it is or fn is 0.
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    // c. shift once.
    fn = half(fn);
    sn = half(sn);
  }
  // 5. sn must be 0.
  return sn === 0 ? r : null;
}

/** §2.1.3.2: whether `proof` proves leaf `leafHash` at `leafIndex` in the tree of `treeSize` leaves with `root`. */
export function verifyInclusion(leafIndex: number, treeSize: number, leafHash: Uint8Array, proof: readonly Uint8Array[], root: Uint8Array): boolean {
  const r = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  return r !== null && root.length === HASH_BYTES && r.equals(root);
}
