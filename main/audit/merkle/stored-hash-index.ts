// Where each hash of the tree is stored (the layout of Go's golang.org/x/mod/sumdb/tlog, written anew here):
// every complete subtree's hash is stored exactly once, in the order the leaves arrive. Appending leaf n stores
// its own hash (level 0) and then the hash of every subtree that leaf completes — one per trailing 1 bit of n —
// so the hashes stored with leaf n occupy consecutive indexes and nothing stored is ever rewritten. A root, an
// inclusion proof or a consistency proof of any tree size then needs O(log n) stored hashes.
// A subtree is addressed by (level, k): the 2^level leaves [k·2^level, (k+1)·2^level).

/** The stored index of subtree (level, k). */
export function storedHashIndex(level: number, k: number): number {
  if (!Number.isSafeInteger(level) || level < 0 || !Number.isSafeInteger(k) || k < 0) throw new RangeError(`storedHashIndex: bad address (${level}, ${k})`);
  // Subtree (level, k) is stored right after its last leaf, k·2^level + 2^level − 1, and the subtrees below it.
  let n = k;
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  // Leaf n is stored after every hash stored with leaves 0 … n−1: n + n/2 + n/4 + … of them.
  let index = 0;
  for (let m = n; m > 0; m = Math.floor(m / 2)) index += m;
  return index + level;
}

/** How many subtrees (levels ≥ 1) leaf n completes: the trailing 1 bits of n. */
export function subtreesCompletedBy(n: number): number {
  let t = 0;
  for (let m = n; m % 2 === 1; m = (m - 1) / 2) t++;
  return t;
}

/** The subtree (level, k) stored at `index` (inverse of storedHashIndex). */
export function splitStoredHashIndex(index: number): { level: number; k: number } {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`splitStoredHashIndex: bad index ${index}`);
  // storedHashIndex(0, n) ≤ 2n, so the leaf whose group holds `index` is at least index/2.
  let n = Math.floor(index / 2);
  let at = storedHashIndex(0, n);
  for (;;) {
    const next = at + 1 + subtreesCompletedBy(n);
    if (next > index) break;
    n++;
    at = next;
  }
  const level = index - at;
  return { level, k: Math.floor(n / 2 ** level) };
}

/** Number of hashes stored for a tree of n leaves. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  return storedHashIndex(0, n - 1) + 1 + subtreesCompletedBy(n - 1);
}

/** The largest power of two smaller than n (n ≥ 2): RFC 9162's k in MTH, PATH and SUBPROOF. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete subtrees that cover leaves [lo, hi), left to right, as stored indexes: each the largest that
 * fits. For [lo, hi) a range of MTH's recursion (lo a multiple of a power of two ≥ hi − lo), folding their
 * hashes right to left gives MTH(D[lo:hi]).
 */
export function subtreeIndexes(lo: number, hi: number): number[] {
  const out: number[] = [];
  while (lo < hi) {
    let size = 1;
    let level = 0;
    while (size * 2 <= hi - lo && lo % (size * 2) === 0) {
      size *= 2;
      level++;
    }
    out.push(storedHashIndex(level, lo / size));
    lo += size;
  }
  return out;
}
