// Sub-keys of the data folder's audit key (main/secrets/data-dir-keys.ts): the SQLCipher key of audit.db, the
// side-table (blob) key, the HMAC key for search tokens and the key that wraps the Ed25519 private key are all
// different, so one leaking does not open the others (reference evidence-and-audit.md §5, §9).
import { hkdfSync } from 'node:crypto';

export interface AuditKeys {
  dbKey: Buffer;
  blobKey: Buffer;
  hmacKey: Buffer;
  signingWrapKey: Buffer;
}

function sub(auditKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), `docdesk/audit/${purpose}/v1`, 32));
}

export function deriveAuditKeys(auditKey: Buffer): AuditKeys {
  return { dbKey: sub(auditKey, 'db'), blobKey: sub(auditKey, 'blob'), hmacKey: sub(auditKey, 'hmac'), signingWrapKey: sub(auditKey, 'signing-key') };
}
