// A row's encrypted bodies, read through AuditReads and decrypted here: the blob key stays with the audit service,
// never with the store that answers the read.
import type { AuditReads } from '../reads/audit-reads.ts';
import { openBlob } from './blob-cipher.ts';

/** The row's bodies by SHA-256 (hex). */
export async function readBlobs(reads: Pick<AuditReads, 'blobs'>, blobKey: Buffer, seq: number): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const r of await reads.blobs(seq)) out.set(r.sha256.toString('hex'), openBlob(blobKey, r.sha256, r));
  return out;
}
