// Consistency proofs (RFC 9162 §2.1.4): PROOF(m, D[n]) made from stored hashes (§2.1.4.1), and its verification
// exactly as §2.1.4.2 states it. As in common CT practice, m = n (nothing appended: empty proof, equal roots)
// and m = 0 (the empty tree precedes every tree: empty proof) are accepted too.
import type { HashReader } from './hash-reader.ts';
import { HASH_BYTES, nodeHash } from './node-hash.ts';
import { planRanges, proveWith, type LeafRange, type ProofPlan } from './proof-ranges.ts';
import { largestPowerOfTwoBelow } from './stored-hash-index.ts';

/** SUBPROOF(m, D[lo:hi], b) as the ranges whose MTH are its elements (§2.1.4.1). */
function subproofRanges(m: number, lo: number, hi: number, b: boolean, out: LeafRange[]): LeafRange[] {
  if (m === hi - lo) {
    if (!b) out.push({ lo, hi });
    return out;
  }
  const k = largestPowerOfTwoBelow(hi - lo);
  if (m <= k) {
    subproofRanges(m, lo, lo + k, b, out);
    out.push({ lo: lo + k, hi });
  } else {
    subproofRanges(m - k, lo + k, hi, false, out);
    out.push({ lo, hi: lo + k });
  }
  return out;
}

export function consistencyProofPlan(first: number, second: number): ProofPlan {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || first > second) {
    throw new RangeError(`consistency proof: a tree of ${first} leaves cannot precede one of ${second}`);
  }
  if (first === 0 || first === second) return planRanges([]);
  return planRanges(subproofRanges(first, 0, second, true, []));
}

export function consistencyProof(first: number, second: number, read: HashReader): Buffer[] {
  return proveWith(consistencyProofPlan(first, second), read);
}

const isPowerOfTwo = (x: number): boolean => x > 0 && 2 ** Math.round(Math.log2(x)) === x;

/** §2.1.4.2: whether `proof` proves the tree (first, firstHash) is a prefix of (second, secondHash). */
export function verifyConsistency(first: number, second: number, firstHash: Uint8Array, secondHash: Uint8Array, proof: readonly Uint8Array[]): boolean {
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(second) || first < 0 || second < first) return false;
  if (firstHash.length !== HASH_BYTES || secondHash.length !== HASH_BYTES || proof.some((p) => p.length !== HASH_BYTES)) return false;
  if (first === second) return proof.length === 0 && Buffer.from(firstHash).equals(secondHash);
  if (first === 0) return proof.length === 0;
  // 1. An empty path fails.
  if (proof.length === 0) return false;
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = isPowerOfTwo(first) ? [firstHash, ...proof] : [...proof];
  // 3. fn = first − 1, sn = second − 1.
  let fn = first - 1;
  let sn = second - 1;
  const half = (x: number) => Math.floor(x / 2);
  // 4. If LSB(fn) is set, shift both until it is not.
  while (fn % 2 === 1) {
    fn = half(fn);
    sn = half(sn);
  }
  // 5. fr = sr = the first value of the path.
  let fr: Buffer = Buffer.from(path[0]!);
  let sr: Buffer = Buffer.from(path[0]!);
  // 6. For each subsequent value c:
  for (const c of path.slice(1)) {
    // a. sn = 0: fail.
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      // b. fr = HASH(0x01 ‖ c ‖ fr), sr = HASH(0x01 ‖ c ‖ sr); if LSB(fn) is not set, shift until it is or fn is 0.
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    // c. shift once.
    fn = half(fn);
    sn = half(sn);
  }
  // 7. fr = first_hash, sr = second_hash, sn = 0.
  return fr.equals(firstHash) && sr.equals(secondHash) && sn === 0;
}
