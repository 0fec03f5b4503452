// The encrypted side table (reference evidence-and-audit.md §5): AES-256-GCM, a fresh nonce per blob, the
// blob's SHA-256 as associated data so a ciphertext cannot be moved under another hash.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export function encryptBlob(key: Buffer, sha256: Buffer, plain: Buffer): { nonce: Buffer; ciphertext: Buffer } {
  const nonce = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, nonce);
  c.setAAD(sha256);
  const ct = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  return { nonce, ciphertext: ct };
}

export function decryptBlob(key: Buffer, sha256: Buffer, nonce: Buffer, ciphertext: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, nonce);
  d.setAAD(sha256);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  return Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
}
