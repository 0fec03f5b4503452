// The proofs of a format-2 bundle (bundle-format.ts), from the log's stored tree: for each disclosed row its stored
// record bytes and PATH(seq, D[size]) to the bundle's checkpoint, and PROOF(m, D[size]) from each older checkpoint
// the bundle cites. O(log n) stored hashes per proof (merkle/), whatever the log's size.
import type { AuditReads } from '../../reads/audit-reads.ts';
import { consistencyProofPlan } from '../merkle/consistency-proof.ts';
import { inclusionProofPlan, verifyInclusion } from '../merkle/inclusion-proof.ts';
import { proofFromHashes, type ProofPlan } from '../merkle/proof-ranges.ts';
import { checkpointFileName, PROOFS_FORMAT, type BundleProofs } from './bundle-format.ts';

export interface ProvenEvent {
  seq: number;
  record: Buffer;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export async function buildBundleProofs(
  reads: Pick<AuditReads, 'chainEntries' | 'treeHashes'>,
  checkpoint: { size: number; root: Buffer | null },
  seqs: readonly number[],
  older: { size: number; anchored: boolean } | null,
): Promise<{ events: ProvenEvent[]; proofs: BundleProofs }> {
  const root = checkpoint.root;
  if (!root) throw new Error(`checkpoint ${checkpoint.size} has no tree root: the tree is built at the writer's first open`);
  // The tree code's plan → read → compute (merkle/hash-reader.ts), the read awaited.
  const prove = async (plan: ProofPlan): Promise<Buffer[]> => proofFromHashes(plan, plan.indexes.length ? await reads.treeHashes(plan.indexes) : []);
  const events: ProvenEvent[] = [];
  const inclusion: BundleProofs['inclusion'] = [];
  for await (const batch of reads.chainEntries(seqs)) {
    for (const { seq, leaf, record } of batch) {
      // A row whose record was purged (retention) has nothing left to disclose.
      if (!record) continue;
      const path = await prove(inclusionProofPlan(seq, checkpoint.size));
      // The stored tree was verified hash by hash when written; a proof that does not reach the signed root
      // would make a bundle no verifier accepts, so the export stops here instead.
      if (!verifyInclusion(seq, checkpoint.size, leaf, path, root)) throw new Error(`inclusion proof of seq ${seq} does not reach the root of checkpoint ${checkpoint.size}`);
      events.push({ seq, record });
      inclusion.push({ seq, leaf: hex(leaf), path: path.map(hex) });
    }
  }
  const consistency: BundleProofs['consistency'] = older
    ? [{ from: checkpointFileName(older.size), anchored: older.anchored, path: (await prove(consistencyProofPlan(older.size, checkpoint.size))).map(hex) }]
    : [];
  return { events, proofs: { format: PROOFS_FORMAT, checkpoint: checkpointFileName(checkpoint.size), inclusion, consistency } };
}
