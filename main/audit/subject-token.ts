// Pseudonymous search tokens (reference evidence-and-audit.md §9): exact-match search by phone number or CI uses
// HMAC-SHA256 under a key separate from the encryption key, because a plain SHA-256 of a phone number can be
// brute-forced. Tokens are truncated to 128 bits: enough to be unique, short enough for the index.
import { createHmac } from 'node:crypto';
import { importedKey } from './imported-key.ts';

export type SubjectKind = 'phone' | 'ci' | 'account' | 'name';

export function normalizeSubjectValue(kind: SubjectKind, value: string): string {
  const v = value.normalize('NFC').trim();
  return kind === 'phone' || kind === 'account' ? v.replace(/\D/g, '') : v;
}

export function subjectToken(hmacKey: Buffer, kind: SubjectKind, value: string): string {
  return createHmac('sha256', importedKey(hmacKey)).update(`${kind}:${normalizeSubjectValue(kind, value)}`).digest('hex').slice(0, 32);
}
