// RFC 9162 §2.1.1 interior node: SHA-256(0x01 ‖ left ‖ right). Leaves are SHA-256(0x00 ‖ entry) (../hashing.ts),
// so a leaf can never be taken for a node. The 65-byte input is the same shape as the chain step, so the same
// JavaScript SHA-256 (../sha256-link.ts) serves both without a node:crypto call per node.
import { createHash } from 'node:crypto';
import { sha256Link, sha256LinkEqualsAt, sha256LinkInto } from '../sha256-link.ts';

export const HASH_BYTES = 32;
const NODE_PREFIX = 0x01;

/** MTH of the empty tree (RFC 9162 §2.1.1): SHA-256 of the empty string. */
export const EMPTY_TREE_ROOT: Buffer = createHash('sha256').digest();

export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  if (left.length !== HASH_BYTES || right.length !== HASH_BYTES) throw new RangeError('nodeHash: two 32-byte hashes expected');
  return sha256Link(NODE_PREFIX, left, 0, right);
}

/** Whether node(left[leftAt … +32), right[rightAt … +32)) equals expected[expectedAt … +32): the verifier's check, no allocation. */
export function nodeHashEquals(left: Uint8Array, leftAt: number, right: Uint8Array, rightAt: number, expected: Uint8Array, expectedAt: number): boolean {
  const fits = (b: Uint8Array, at: number) => at >= 0 && at + HASH_BYTES <= b.length;
  if (!fits(left, leftAt) || !fits(right, rightAt) || !fits(expected, expectedAt)) throw new RangeError('nodeHashEquals: 32-byte hashes expected');
  return sha256LinkEqualsAt(NODE_PREFIX, left, leftAt, right, rightAt, expected, expectedAt);
}

/** node(left[leftAt … +32), right[rightAt … +32)) written to out[outAt … +32): no allocation; out may overlap an input. */
export function nodeHashInto(left: Uint8Array, leftAt: number, right: Uint8Array, rightAt: number, out: Uint8Array, outAt: number): void {
  const fits = (b: Uint8Array, at: number) => at >= 0 && at + HASH_BYTES <= b.length;
  if (!fits(left, leftAt) || !fits(right, rightAt) || !fits(out, outAt)) throw new RangeError('nodeHashInto: 32-byte hashes expected');
  sha256LinkInto(NODE_PREFIX, left, leftAt, right, rightAt, out, outAt);
}
