// Appending leaves to the tree as the log grows: the writer holds the tree's right edge (the hashes of the
// complete subtrees covering [0, n), left to right — one per 1 bit of n) and, per leaf, makes the hashes of the
// subtrees that leaf completes. Those are what is stored with the leaf (stored-hash-index.ts); nothing stored
// before is read again beyond the right edge, so appending costs about one node hash per leaf.
import { nodeHash } from './node-hash.ts';
import { treeRootIndexes } from './tree-root.ts';

/** The stored indexes of the right edge of a tree of n leaves (read once per batch). */
export function rightEdgeIndexes(n: number): number[] {
  return treeRootIndexes(n);
}

export interface TreeAppender {
  /** Adds leaf number `size()` and returns the hashes it completes, level 1 first (empty for an even leaf number). */
  push(leaf: Uint8Array): Buffer[];
  size(): number;
  /** The right edge now (the complete subtrees covering [0, size), left to right). */
  rightEdge(): Buffer[];
}

export function createTreeAppender(n: number, rightEdge: readonly Uint8Array[]): TreeAppender {
  // edge[i] is the i-th subtree from the left; the last is the smallest. Its sizes are the 1 bits of n.
  const edge: Buffer[] = rightEdge.map((h) => Buffer.from(h));
  let popcount = 0;
  for (let m = n; m > 0; m = Math.floor(m / 2)) popcount += m % 2;
  if (edge.length !== popcount) throw new RangeError(`createTreeAppender: a tree of ${n} leaves has ${popcount} edge subtrees, not ${edge.length}`);
  let size = n;
  return {
    push(leaf) {
      const completed: Buffer[] = [];
      let h: Buffer = Buffer.from(leaf);
      // Each trailing 1 bit of size is a subtree of the same size as the one being built, directly to its left.
      for (let m = size; m % 2 === 1; m = (m - 1) / 2) {
        h = nodeHash(edge.pop()!, h);
        completed.push(h);
      }
      edge.push(h);
      size++;
      return completed;
    },
    size: () => size,
    rightEdge: () => edge.map((h) => Buffer.from(h)),
  };
}
