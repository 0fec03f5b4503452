// The installation's Ed25519 checkpoint key (reference evidence-and-audit.md §6 "Keys"). The private key never
// leaves this module except as a KeyObject for crypto.sign; at rest it is AES-256-GCM-wrapped by a key derived
// from the data folder's master key (the Electron build can supply a safeStorage-backed KeyVault instead).
// Fingerprint = SHA-256 of the raw 32-byte public key, hex.
import { createCipheriv, createDecipheriv, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../store/atomic-file.ts';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  fingerprint: string;
}

/** Where the wrapped private key lives. */
export interface KeyVault {
  load(): Buffer | null;
  save(pkcs8Der: Buffer): void;
}

/** SPKI DER of an Ed25519 key is a fixed 12-byte prefix followed by the 32 raw key bytes. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return der.subarray(der.length - 32);
}

export function keyFingerprint(publicKey: KeyObject): string {
  return createHash('sha256').update(rawPublicKey(publicKey)).digest('hex');
}

export function publicKeyPem(publicKey: KeyObject): string {
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, fingerprint: keyFingerprint(publicKey) };
}

export function generateSigningKey(): { key: SigningKey; pkcs8: Buffer } {
  const { privateKey } = generateKeyPairSync('ed25519');
  return { key: fromPrivate(privateKey), pkcs8: privateKey.export({ type: 'pkcs8', format: 'der' }) };
}

export function signingKeyFromPkcs8(pkcs8: Buffer): SigningKey {
  return fromPrivate(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }));
}

/** A file vault: nonce ‖ tag ‖ AES-256-GCM(pkcs8) under `wrapKey`. */
export function createFileKeyVault(filePath: string, wrapKey: Buffer): KeyVault {
  return {
    load() {
      if (!existsSync(filePath)) return null;
      const blob = readFileSync(filePath);
      const d = createDecipheriv('aes-256-gcm', wrapKey, blob.subarray(0, 12));
      d.setAuthTag(blob.subarray(12, 28));
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]);
    },
    save(pkcs8) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', wrapKey, iv);
      const ct = Buffer.concat([c.update(pkcs8), c.final()]);
      writeFileAtomic(filePath, Buffer.concat([iv, c.getAuthTag(), ct]));
    },
  };
}
