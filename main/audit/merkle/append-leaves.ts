// Appending leaves to the tree as the log grows: the writer holds the tree's right edge (the hashes of the
// complete subtrees covering [0, n), left to right — one per 1 bit of n) and, per leaf, makes the hashes of the
// subtrees that leaf completes. The store keeps those of height ≥ 4 (tiles.ts, stored-hash-index.ts); nothing stored
// before is read again beyond the right edge, so appending costs about one node hash per leaf.
import { nodeHash } from './node-hash.ts';
import { treeRootIndexes } from './tree-root.ts';

/** The stored indexes of the right edge of a tree of n leaves (read once per batch). */
export function rightEdgeIndexes(n: number): number[] {
  return treeRootIndexes(n);
}

export interface TreeAppender {
  /** Adds leaf number `size()` and returns the hashes it completes, level 1 first (empty for an even leaf number). */
  push(leaf: Uint8Array): readonly Buffer[];
  size(): number;
  /** The right edge now (the complete subtrees covering [0, size), left to right). */
  rightEdge(): Buffer[];
}

/** What an even leaf completes: nothing (shared, never written to). */
const NONE: readonly Buffer[] = Object.freeze([]);

export function createTreeAppender(n: number, rightEdge: readonly Uint8Array[]): TreeAppender {
  // edge[i] is the i-th subtree from the left; the last is the smallest. Its sizes are the 1 bits of n.
  const edge: Uint8Array[] = rightEdge.map((h) => Buffer.from(h));
  let popcount = 0;
  for (let m = n; m > 0; m = Math.floor(m / 2)) popcount += m % 2;
  if (edge.length !== popcount) throw new RangeError(`createTreeAppender: a tree of ${n} leaves has ${popcount} edge subtrees, not ${edge.length}`);
  let size = n;
  return {
    push(leaf) {
      // The leaf is kept as given (the writer's leaves are fresh per row): no copy per appended leaf.
      let h: Uint8Array = leaf;
      if (size % 2 === 0) {
        edge.push(h);
        size++;
        return NONE;
      }
      const completed: Buffer[] = [];
      // Each trailing 1 bit of size is a subtree of the same size as the one being built, directly to its left.
      for (let m = size; m % 2 === 1; m = (m - 1) / 2) {
        const node = nodeHash(edge.pop()!, h);
        completed.push(node);
        h = node;
      }
      edge.push(h);
      size++;
      return completed;
    },
    size: () => size,
    rightEdge: () => edge.map((h) => Buffer.from(h)),
  };
}
