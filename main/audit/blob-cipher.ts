// The encrypted side table (reference evidence-and-audit.md §5): AES-256-GCM, a fresh nonce per blob, the
// blob's SHA-256 as associated data so a ciphertext cannot be moved under another hash.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { importedKey } from './imported-key.ts';

/** `nonce`: 12 fresh random bytes (a batch draws all its nonces with one call); drawn here when omitted. */
export function encryptBlob(key: Buffer, sha256: Buffer, plain: Buffer, nonce: Buffer = randomBytes(12)): { nonce: Buffer; ciphertext: Buffer } {
  const c = createCipheriv('aes-256-gcm', importedKey(key), nonce);
  c.setAAD(sha256);
  const ct = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
  return { nonce, ciphertext: ct };
}

export function decryptBlob(key: Buffer, sha256: Buffer, nonce: Buffer, ciphertext: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', importedKey(key), nonce);
  d.setAAD(sha256);
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  return Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
}
