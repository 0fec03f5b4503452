// Proofs as lists of leaf ranges, each proof element being MTH(D[lo:hi]) of one range, then the ranges' covering
// subtrees read in one go and folded. Shared by inclusion-proof.ts and consistency-proof.ts.
import type { HashReader } from './hash-reader.ts';
import { subtreeIndexes } from './stored-hash-index.ts';
import { foldSubtrees } from './tree-root.ts';

export interface LeafRange {
  lo: number;
  hi: number;
}

export interface ProofPlan {
  ranges: LeafRange[];
  /** Every stored index needed, range by range. */
  indexes: number[];
  /** How many of `indexes` each range takes. */
  counts: number[];
}

export function planRanges(ranges: LeafRange[]): ProofPlan {
  const per = ranges.map((r) => subtreeIndexes(r.lo, r.hi));
  return { ranges, indexes: per.flat(), counts: per.map((p) => p.length) };
}

/** The proof elements from the hashes read for plan.indexes (same order). */
export function proofFromHashes(plan: ProofPlan, hashes: readonly Uint8Array[]): Buffer[] {
  if (hashes.length !== plan.indexes.length) throw new RangeError(`proof: ${plan.indexes.length} hashes expected, ${hashes.length} given`);
  const out: Buffer[] = [];
  let at = 0;
  for (const count of plan.counts) {
    out.push(foldSubtrees(hashes.slice(at, at + count)));
    at += count;
  }
  return out;
}

export function proveWith(plan: ProofPlan, read: HashReader): Buffer[] {
  return proofFromHashes(plan, plan.indexes.length ? read(plan.indexes) : []);
}
