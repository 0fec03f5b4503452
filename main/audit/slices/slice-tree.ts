// The small RFC 9162 §2.1 tree over one event's slices, held in memory: leaf = SHA-256(0x00 ‖ slice bytes), nodes
// by ../merkle (node-hash.ts), root and inclusion paths by the same code as the log's own tree, over a HashReader
// that holds every stored hash in the order ../merkle/stored-hash-index.ts gives them.
import { leafDigestOfPrefixed, leafHashOfPrefixed, prefixedRecord } from '../hashing.ts';
import { createTreeAppender } from '../merkle/append-leaves.ts';
import { MissingHashError, type HashReader } from '../merkle/hash-reader.ts';
import { inclusionProof } from '../merkle/inclusion-proof.ts';
import { HASH_BYTES, nodeHashInto } from '../merkle/node-hash.ts';
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

/**
 * All slices of one event at once: `blob` is the stored JCS array (`[` ‖ slice_0 ‖ `,` ‖ … ‖ `]`) in a buffer of its
 * own (never a pool slice: a structured clone copies a view's whole buffer), `leaves` the n leaf hashes, 32 bytes
 * each, in one buffer. One UTF-8 encoding serves both: every slice is written behind a 0x00 byte (U+0000 is that one
 * byte in UTF-8), each prefixed range is hashed as its leaf in place, then the 0x00 bytes become `[` and `,`.
 */
export function encodeSlices(texts: readonly string[]): { blob: Buffer; leaves: Buffer } {
  const joined = `\u0000${texts.join('\u0000')}]`;
  const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(joined, 'utf8'));
  bytes.write(joined, 0, 'utf8');
  // All ASCII (the usual bulk call): each slice's byte length is its string length, no second pass over it.
  const ascii = bytes.length === joined.length;
  const leaves = Buffer.allocUnsafeSlow(texts.length * HASH_BYTES);
  let at = 0;
  for (let i = 0; i < texts.length; i++) {
    const end = at + 1 + (ascii ? texts[i]!.length : Buffer.byteLength(texts[i]!, 'utf8'));
    leaves.write(leafDigestOfPrefixed(bytes.subarray(at, end)), i * HASH_BYTES, 'latin1');
    bytes[at] = i === 0 ? 0x5b : 0x2c; // [ or , — the prefix is hashed, its byte is free
    at = end;
  }
  if (texts.length === 0) bytes[0] = 0x5b;
  return { blob: bytes, leaves };
}

/**
 * MTH of the leaves (32 bytes each, one buffer, overwritten): level by level, each pair made one node in place and
 * an odd last node carried up — the same root as RFC 9162 §2.1.1's split at the largest power of two (checked against
 * sliceTree and an independent recomputation), without the stored-hash order sliceTree keeps for paths.
 */
export function sliceRoot(leaves: Buffer): Buffer {
  if (leaves.length === 0 || leaves.length % HASH_BYTES !== 0) throw new RangeError('sliceRoot: one or more 32-byte leaves expected');
  for (let width = leaves.length / HASH_BYTES; width > 1; width = (width + 1) >> 1) {
    for (let i = 0; 2 * i + 1 < width; i++) nodeHashInto(leaves, 2 * i * HASH_BYTES, leaves, (2 * i + 1) * HASH_BYTES, leaves, i * HASH_BYTES);
    if (width % 2 === 1) leaves.copyWithin(((width - 1) >> 1) * HASH_BYTES, (width - 1) * HASH_BYTES, width * HASH_BYTES);
  }
  return Buffer.from(leaves.subarray(0, HASH_BYTES));
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
