// external_document_uuid: ≤40 chars and unique across the whole database (reference §5). A random per-mailing
// prefix keeps ids unique across data folders too; each attempt gets its own id (per-item failures are resent
// as NEW items, reference §11), so an id is never sent in two requests.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

export function newExternalPrefix(): string {
  const bytes = randomBytes(10);
  let s = 'DD';
  for (const b of bytes) s += ALPHABET[b % 32];
  return s; // 12 chars
}

export function externalDocumentUuid(prefix: string, documentId: number, attemptNo: number): string {
  return `${prefix}-${documentId.toString(36).toUpperCase()}-${attemptNo}`;
}
