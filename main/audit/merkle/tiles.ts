// What the store keeps of the tree (issue 17 benchmark: append with the tree ≥ 0.5 × a raw batched insert): in the
// spirit of C2SP tlog-tiles, only subtrees of height ≥ TILE_HEIGHT are stored — one row per 16 leaves, with the
// leaf that completes a 16-leaf tile (seq ≡ 15 mod 16), holding the hashes of levels 4, 5, … that leaf completes.
// Levels 1–3 are recomputed when a root or proof needs them, from at most 16 consecutive leaves (one range read).
// The tree itself, its roots and proofs are RFC 9162's whatever is stored (stored-hash-index.ts addresses them).
import { HASH_BYTES, nodeHashInto } from './node-hash.ts';

export const TILE_HEIGHT = 4;
export const TILE_LEAVES = 2 ** TILE_HEIGHT;

/** Of the hashes a leaf completes (level 1 first, append-leaves.ts), the part stored with it: levels ≥ TILE_HEIGHT, or null. */
export function storedPartOf(completed: readonly Buffer[]): Buffer | null {
  if (completed.length < TILE_HEIGHT) return null;
  return completed.length === TILE_HEIGHT ? completed[TILE_HEIGHT - 1]! : Buffer.concat(completed.slice(TILE_HEIGHT - 1));
}

/** Where level `level` (≥ TILE_HEIGHT) sits in a stored row. */
export function storedLevelOffset(level: number): number {
  if (!Number.isSafeInteger(level) || level < TILE_HEIGHT) throw new RangeError(`storedLevelOffset: level ${level} is not stored`);
  return (level - TILE_HEIGHT) * HASH_BYTES;
}

/** The stored levels of the row at `seq`: one per trailing 1 bit of seq from TILE_HEIGHT on (0: no row). */
export function storedLevelsAt(seq: number): number {
  let t = 0;
  for (let m = seq; m % 2 === 1; m = (m - 1) / 2) t++;
  return Math.max(0, t - TILE_HEIGHT + 1);
}

/**
 * MTH of `count` (a power of two, ≤ 2·scratch.length/32) consecutive leaves, leaf i at src[at + i·stride], written
 * to scratch[0 … 32): the levels are folded in place, so nothing is allocated per node.
 */
export function perfectSubtreeInto(src: Uint8Array, at: number, stride: number, count: number, scratch: Uint8Array): void {
  if (!Number.isSafeInteger(count) || count < 1 || (count & (count - 1)) !== 0) throw new RangeError(`perfectSubtreeInto: ${count} leaves is not a power of two`);
  if (count === 1) {
    scratch.set(src.subarray(at, at + HASH_BYTES), 0);
    return;
  }
  for (let i = 0; i < count / 2; i++) nodeHashInto(src, at + 2 * i * stride, src, at + (2 * i + 1) * stride, scratch, i * HASH_BYTES);
  for (let n = count / 2; n > 1; n /= 2) {
    for (let i = 0; i < n / 2; i++) nodeHashInto(scratch, 2 * i * HASH_BYTES, scratch, (2 * i + 1) * HASH_BYTES, scratch, i * HASH_BYTES);
  }
}
