// MTH(D[0:n]) (RFC 9162 §2.1.1) from stored hashes: the complete subtrees covering [0, n), folded right to left.
import type { HashReader } from './hash-reader.ts';
import { EMPTY_TREE_ROOT, nodeHash } from './node-hash.ts';
import { subtreeIndexes } from './stored-hash-index.ts';

/** The hash of the range whose covering subtrees' hashes are `hashes` (left to right): MTH of that range. */
export function foldSubtrees(hashes: readonly Uint8Array[]): Buffer {
  if (hashes.length === 0) return EMPTY_TREE_ROOT;
  let h: Buffer = Buffer.from(hashes[hashes.length - 1]!);
  for (let i = hashes.length - 2; i >= 0; i--) h = nodeHash(hashes[i]!, h);
  return h;
}

export function treeRootIndexes(n: number): number[] {
  return subtreeIndexes(0, n);
}

export function treeRootFromHashes(hashes: readonly Uint8Array[]): Buffer {
  return foldSubtrees(hashes);
}

export function treeRoot(n: number, read: HashReader): Buffer {
  return treeRootFromHashes(read(treeRootIndexes(n)));
}
