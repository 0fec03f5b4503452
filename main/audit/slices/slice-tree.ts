// The small RFC 9162 §2.1 tree over one event's slices, held in memory: leaf = SHA-256(0x00 ‖ slice bytes), nodes
// by ../merkle (node-hash.ts), root and inclusion paths by the same code as the log's own tree, over a HashReader
// that holds every stored hash in the order ../merkle/stored-hash-index.ts gives them.
import { leafHashOfPrefixed, prefixedRecord } from '../hashing.ts';
import { createTreeAppender } from '../merkle/append-leaves.ts';
import { MissingHashError, type HashReader } from '../merkle/hash-reader.ts';
import { inclusionProof } from '../merkle/inclusion-proof.ts';
import { treeRoot } from '../merkle/tree-root.ts';

/** One slice's canonical JSON text as UTF-8 (`bytes`: what the slices blob holds) and its leaf hash over those bytes. */
export function encodeSlice(sliceText: string): { bytes: Buffer; leaf: Buffer } {
  const { prefixed, record } = prefixedRecord(sliceText);
  return { bytes: record, leaf: leafHashOfPrefixed(prefixed) };
}

/** The leaf hash of one slice's canonical JSON text (its UTF-8 bytes). */
export function sliceLeaf(sliceText: string): Buffer {
  return encodeSlice(sliceText).leaf;
}

export interface SliceTree {
  size: number;
  root: Buffer;
  /** PATH(index, D[size]) (RFC 9162 §2.1.3.1), from the leaf upwards. */
  path(index: number): Buffer[];
}

export function sliceTree(leaves: readonly Uint8Array[]): SliceTree {
  // Appending leaf n yields its own hash and then every subtree it completes: exactly the stored-hash order.
  const stored: Uint8Array[] = [];
  const appender = createTreeAppender(0, []);
  for (const leaf of leaves) {
    stored.push(leaf);
    for (const node of appender.push(leaf)) stored.push(node);
  }
  const read: HashReader = (indexes) =>
    indexes.map((i) => {
      const h = stored[i];
      if (!h) throw new MissingHashError(`조각 트리에 색인 ${i}의 해시가 없습니다.`);
      return h;
    });
  return { size: leaves.length, root: treeRoot(leaves.length, read), path: (index) => inclusionProof(index, leaves.length, read) };
}
