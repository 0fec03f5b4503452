// SHA-256 (FIPS 180-4) of exactly 65 bytes — the chain step 0x01 ‖ prev ‖ leaf (hashing.ts) — computed in
// JavaScript. The writer and the verifier make one per row; node:crypto costs about 2 µs a call on the
// reference PC, almost all of it the call itself, while two compression rounds here cost about half that.
// Checked against node:crypto in test/unit/audit-writer-parts.test.ts.
const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
  0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
  0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
  0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
const IV = Int32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
const W = new Int32Array(64);
const H = new Int32Array(8);
/** The padded message: 65 bytes, 0x80, zeros, and the bit length 520 (0x0208) in the last two bytes. */
const M = new Uint8Array(128);
M[65] = 0x80;
M[126] = 0x02;
M[127] = 0x08;

function compress(off: number): void {
  for (let i = 0; i < 16; i++) {
    const j = off + i * 4;
    W[i] = (M[j]! << 24) | (M[j + 1]! << 16) | (M[j + 2]! << 8) | M[j + 3]!;
  }
  for (let i = 16; i < 64; i++) {
    const x = W[i - 15]!;
    const y = W[i - 2]!;
    const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16]! + s0 + W[i - 7]! + s1) | 0;
  }
  let a = H[0]!;
  let b = H[1]!;
  let c = H[2]!;
  let d = H[3]!;
  let e = H[4]!;
  let f = H[5]!;
  let g = H[6]!;
  let h = H[7]!;
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const t1 = (h + S1 + ((e & f) ^ (~e & g)) + K[i]! + W[i]!) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const t2 = (S0 + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  H[0] = (H[0]! + a) | 0;
  H[1] = (H[1]! + b) | 0;
  H[2] = (H[2]! + c) | 0;
  H[3] = (H[3]! + d) | 0;
  H[4] = (H[4]! + e) | 0;
  H[5] = (H[5]! + f) | 0;
  H[6] = (H[6]! + g) | 0;
  H[7] = (H[7]! + h) | 0;
}

/** Hashes first ‖ source[at … at+32) ‖ leaf[leafAt … +32) into H; the leaf is bytes, or latin1 characters (one per byte). */
function run(first: number, source: Uint8Array, at: number, leaf: Uint8Array | string, leafAt = 0): void {
  M[0] = first;
  for (let i = 0; i < 32; i++) M[1 + i] = source[at + i]!;
  if (typeof leaf === 'string') for (let i = 0; i < 32; i++) M[33 + i] = leaf.charCodeAt(leafAt + i);
  else for (let i = 0; i < 32; i++) M[33 + i] = leaf[leafAt + i]!;
  H.set(IV);
  compress(0);
  compress(64);
}

/** SHA-256(first ‖ source[at … at+32) ‖ leaf): a new 32-byte Buffer (from the shared pool, no allocation of its own). */
export function sha256Link(first: number, source: Uint8Array, at: number, leaf: Uint8Array | string): Buffer {
  run(first, source, at, leaf);
  const out = Buffer.allocUnsafe(32);
  for (let i = 0; i < 8; i++) {
    const h = H[i]!;
    out[i * 4] = h >>> 24;
    out[i * 4 + 1] = h >>> 16;
    out[i * 4 + 2] = h >>> 8;
    out[i * 4 + 3] = h;
  }
  return out;
}

/** SHA-256(first ‖ source[at … at+32) ‖ leaf[leafAt … +32)) written to out[outAt … +32): no allocation (out may be an input). */
export function sha256LinkInto(first: number, source: Uint8Array, at: number, leaf: Uint8Array, leafAt: number, out: Uint8Array, outAt: number): void {
  run(first, source, at, leaf, leafAt);
  for (let i = 0; i < 8; i++) {
    const h = H[i]!;
    out[outAt + i * 4] = h >>> 24;
    out[outAt + i * 4 + 1] = h >>> 16;
    out[outAt + i * 4 + 2] = h >>> 8;
    out[outAt + i * 4 + 3] = h;
  }
}

/** Whether SHA-256(first ‖ source[at … at+32) ‖ leaf) equals expected[expectedAt … +32): the verifier's check, no allocation. */
export function sha256LinkEquals(first: number, source: Uint8Array, at: number, leaf: Uint8Array | string, expected: Uint8Array, expectedAt: number): boolean {
  return sha256LinkEqualsAt(first, source, at, leaf, 0, expected, expectedAt);
}

/** sha256LinkEquals with the second 32 bytes read at `leafAt` (Merkle nodes whose halves sit inside larger buffers). */
export function sha256LinkEqualsAt(first: number, source: Uint8Array, at: number, leaf: Uint8Array | string, leafAt: number, expected: Uint8Array, expectedAt: number): boolean {
  run(first, source, at, leaf, leafAt);
  for (let i = 0; i < 8; i++) {
    const j = expectedAt + i * 4;
    if (H[i] !== ((expected[j]! << 24) | (expected[j + 1]! << 16) | (expected[j + 2]! << 8) | expected[j + 3]!)) return false;
  }
  return true;
}
