// Pseudonymous search tokens (reference evidence-and-audit.md §9): exact-match search by phone number or CI uses
// HMAC-SHA256 under a key separate from the encryption key, because a plain SHA-256 of a phone number can be
// brute-forced. Tokens are truncated to 128 bits: enough to be unique, short enough for the index.
import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

export type SubjectKind = 'phone' | 'ci' | 'account' | 'name';

export function normalizeSubjectValue(kind: SubjectKind, value: string): string {
  const v = value.normalize('NFC').trim();
  return kind === 'phone' || kind === 'account' ? v.replace(/\D/g, '') : v;
}

// createHmac with a raw Buffer imports the key on every call (about 6× the cost of the HMAC itself); every
// exchange event makes several tokens, so each key is imported once. Keys are derived once per process and
// never mutated, which is what makes the Buffer a safe cache key.
const imported = new WeakMap<Buffer, KeyObject>();
function keyObject(hmacKey: Buffer): KeyObject {
  let k = imported.get(hmacKey);
  if (!k) {
    k = createSecretKey(hmacKey);
    imported.set(hmacKey, k);
  }
  return k;
}

export function subjectToken(hmacKey: Buffer, kind: SubjectKind, value: string): string {
  return createHmac('sha256', keyObject(hmacKey)).update(`${kind}:${normalizeSubjectValue(kind, value)}`).digest('hex').slice(0, 32);
}
