// The proofs of a format-2 bundle (bundle-format.ts), from the log's stored tree: for each disclosed row its stored
// record bytes and PATH(seq, D[size]) to the bundle's checkpoint, and PROOF(m, D[size]) from each older checkpoint
// the bundle cites. O(log n) stored hashes per proof (merkle/), whatever the log's size.
import type { AuditDb } from '../audit-db.ts';
import { parseChainWalkRow } from '../audit-rows.ts';
import { consistencyProof } from '../merkle/consistency-proof.ts';
import { inclusionProof, verifyInclusion } from '../merkle/inclusion-proof.ts';
import { createTreeReader } from '../tree-store.ts';
import { checkpointFileName, PROOFS_FORMAT, type BundleProofs } from './bundle-format.ts';

export interface ProvenEvent {
  seq: number;
  record: Buffer;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export function buildBundleProofs(
  db: AuditDb,
  checkpoint: { size: number; root: Buffer | null },
  seqs: readonly number[],
  older: { size: number; anchored: boolean } | null,
): { events: ProvenEvent[]; proofs: BundleProofs } {
  const root = checkpoint.root;
  if (!root) throw new Error(`checkpoint ${checkpoint.size} has no tree root: the tree is built at the writer's first open`);
  const read = createTreeReader(db);
  const rowAt = db.prepare('SELECT c.seq, c.leaf, c.chain, r.record FROM audit_chain c LEFT JOIN audit_record r ON r.seq = c.seq WHERE c.seq = ?').raw();
  const events: ProvenEvent[] = [];
  const inclusion: BundleProofs['inclusion'] = [];
  for (const seq of seqs) {
    const [, leaf, , record] = parseChainWalkRow(rowAt.get(seq));
    // A row whose record was purged (retention) has nothing left to disclose.
    if (!record) continue;
    const path = inclusionProof(seq, checkpoint.size, read);
    // The stored tree was verified hash by hash when written; a proof that does not reach the signed root
    // would make a bundle no verifier accepts, so the export stops here instead.
    if (!verifyInclusion(seq, checkpoint.size, leaf, path, root)) throw new Error(`inclusion proof of seq ${seq} does not reach the root of checkpoint ${checkpoint.size}`);
    events.push({ seq, record });
    inclusion.push({ seq, leaf: hex(leaf), path: path.map(hex) });
  }
  const consistency: BundleProofs['consistency'] = older
    ? [{ from: checkpointFileName(older.size), anchored: older.anchored, path: consistencyProof(older.size, checkpoint.size, read).map(hex) }]
    : [];
  return { events, proofs: { format: PROOFS_FORMAT, checkpoint: checkpointFileName(checkpoint.size), inclusion, consistency } };
}
