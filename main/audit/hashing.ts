// Leaf and chain hashes with domain separation (reference evidence-and-audit.md §4, as RFC 9162 §2.1):
//   leaf_i  = SHA-256(0x00 ‖ record_bytes_i)
//   chain_i = SHA-256(0x01 ‖ chain_(i−1) ‖ leaf_i),   chain_(−1) = 32 zero bytes
import { createHash } from 'node:crypto';

export const ZERO_HASH: Buffer = Buffer.alloc(32);
const LEAF_PREFIX = Buffer.from([0x00]);
const CHAIN_PREFIX = Buffer.from([0x01]);

export function leafHash(record: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(record).digest();
}

export function chainHash(prev: Uint8Array, leaf: Uint8Array): Buffer {
  return createHash('sha256').update(CHAIN_PREFIX).update(prev).update(leaf).digest();
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
