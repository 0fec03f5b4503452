// An independent recomputation of RFC 9162 §2.1.1–§2.1.4.1, written as the RFC writes them over leaf hashes, with
// node:crypto (not the writer's JavaScript SHA-256): what the tree code is checked against.
import { createHash } from 'node:crypto';

export const naiveNode = (l: Buffer, r: Buffer): Buffer => createHash('sha256').update(Buffer.of(1)).update(l).update(r).digest();
/** The largest power of two smaller than n (RFC 9162 §2.1.1's k). */
const kOf = (n: number): number => 2 ** Math.floor(Math.log2(n - 1));

export function naiveMth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  const k = kOf(leaves.length);
  return naiveNode(naiveMth(leaves.slice(0, k)), naiveMth(leaves.slice(k)));
}

/** PATH(m, D[n]) of §2.1.3.1. */
export function naivePath(m: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = kOf(leaves.length);
  return m < k ? [...naivePath(m, leaves.slice(0, k)), naiveMth(leaves.slice(k))] : [...naivePath(m - k, leaves.slice(k)), naiveMth(leaves.slice(0, k))];
}

/** SUBPROOF(m, D[n], b) of §2.1.4.1; PROOF(m, D[n]) is naiveSubproof(m, leaves, true). */
export function naiveSubproof(m: number, leaves: Buffer[], b: boolean): Buffer[] {
  if (m === leaves.length) return b ? [] : [naiveMth(leaves)];
  const k = kOf(leaves.length);
  return m <= k ? [...naiveSubproof(m, leaves.slice(0, k), b), naiveMth(leaves.slice(k))] : [...naiveSubproof(m - k, leaves.slice(k), false), naiveMth(leaves.slice(0, k))];
}
