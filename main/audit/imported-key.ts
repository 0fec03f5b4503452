// Node's crypto imports a raw Buffer key on every createHmac/createCipheriv call (measured: 3–6× the cost of
// the HMAC or the AES-GCM of a 1.5 KB blob itself); the audit chain's keys are used for every event, so each
// is imported once. Keys are derived once per process and never mutated, which makes the Buffer a safe cache key.
import { createSecretKey, type KeyObject } from 'node:crypto';

const imported = new WeakMap<Buffer, KeyObject>();

export function importedKey(key: Buffer): KeyObject {
  let k = imported.get(key);
  if (!k) {
    k = createSecretKey(key);
    imported.set(key, k);
  }
  return k;
}
