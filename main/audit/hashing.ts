// Leaf and chain hashes with domain separation (reference evidence-and-audit.md §4, as RFC 9162 §2.1):
//   leaf_i  = SHA-256(0x00 ‖ record_bytes_i)
//   chain_i = SHA-256(0x01 ‖ chain_(i−1) ‖ leaf_i),   chain_(−1) = 32 zero bytes
// The writer and the verifier hash every row: the leaf with one-shot crypto.hash over the prefixed bytes (no Hash
// object per digest), the fixed-size chain step in JS (sha256-link.ts); the prefixes are written only here.
import { createHash, hash } from 'node:crypto';
import { sha256Link, sha256LinkEquals } from './sha256-link.ts';

export const ZERO_HASH: Buffer = Buffer.alloc(32);
const LEAF_PREFIX = 0x00;
const CHAIN_PREFIX = 0x01;

export function leafHash(record: Uint8Array): Buffer {
  return createHash('sha256').update(Uint8Array.of(LEAF_PREFIX)).update(record).digest();
}

/** The UTF-8 bytes of `text` behind the leaf prefix: `prefixed` is hashed as the leaf, `record` is what is stored. */
export function prefixedRecord(text: string): { prefixed: Buffer; record: Buffer } {
  // U+0000 is the single byte 0x00 in UTF-8: the prefix costs no copy.
  const prefixed = Buffer.from(`\u0000${text}`, 'utf8');
  return { prefixed, record: prefixed.subarray(1) };
}

/**
 * leaf over a buffer whose first byte is the leaf prefix (from prefixedRecord, or `x'00' || record` in SQL), as
 * 32 latin1 characters (one per byte). A digest returned as a Buffer gets an allocation of its own, which costs
 * more than the SHA-256 of a record; a string does not, and Buffer.from(…, 'latin1') takes pooled memory.
 */
export function leafDigestOfPrefixed(prefixed: Uint8Array): string {
  if (prefixed[0] !== LEAF_PREFIX) throw new Error('leafHashOfPrefixed: missing leaf prefix');
  return hash('sha256', prefixed, 'binary'); // 'binary' is latin1
}

export function leafHashOfPrefixed(prefixed: Uint8Array): Buffer {
  return Buffer.from(leafDigestOfPrefixed(prefixed), 'latin1');
}

export function chainHash(prev: Uint8Array, leaf: Uint8Array): Buffer {
  if (prev.length !== 32 || leaf.length !== 32) return createHash('sha256').update(Uint8Array.of(CHAIN_PREFIX)).update(prev).update(leaf).digest();
  return sha256Link(CHAIN_PREFIX, prev, 0, leaf);
}

/**
 * Whether chain(prev, leaf) equals stored[storedAt … +32), with prev read from `source` at `prevAt` and the leaf as
 * 32 bytes or a latin1 digest (leafDigestOfPrefixed): the verifier's per-row check, without allocating.
 */
export function chainMatches(source: Uint8Array, prevAt: number, leaf: Uint8Array | string, stored: Uint8Array, storedAt: number): boolean {
  if (leaf.length !== 32 || prevAt < 0 || prevAt + 32 > source.length || storedAt < 0 || storedAt + 32 > stored.length) {
    throw new RangeError('chainMatches: 32-byte prev, leaf and stored chain expected');
  }
  return sha256LinkEquals(CHAIN_PREFIX, source, prevAt, leaf, stored, storedAt);
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
