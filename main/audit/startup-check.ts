// The start-up self-check of a writer process (reference evidence-and-audit.md §5 "Self-checks"): the storage's
// quick check, the append-only guards, the newest checkpoint's head, and the chain recomputed from that checkpoint
// to the tail — cheap at every start; `audit verify` does the whole log. Read through AuditReads (issue 16 item 2),
// so the hashes are recomputed here, the same for any store.
import type { AuditReads } from '../reads/audit-reads.ts';
import { chainHash, leafHash } from './hashing.ts';

export interface StartupCheck {
  ok: boolean;
  quickCheck: string;
  triggersMissing: string[];
  /** First seq after the last checkpoint whose hashes do not recompute, if any. */
  firstBadSeq: number | null;
}

export async function startupCheck(reads: Pick<AuditReads, 'quickCheck' | 'latestCheckpoint' | 'chainAt' | 'chainFrom'>): Promise<StartupCheck> {
  const [quick, last] = await Promise.all([reads.quickCheck(), reads.latestCheckpoint()]);
  const firstBadSeq = last ? await firstBadFromCheckpoint(reads, last) : await firstBadFrom(reads, 0, Buffer.alloc(32));
  return { ok: quick.result === 'ok' && quick.triggersMissing.length === 0 && firstBadSeq === null, quickCheck: quick.result, triggersMissing: quick.triggersMissing, firstBadSeq };
}

async function firstBadFromCheckpoint(reads: Pick<AuditReads, 'chainAt' | 'chainFrom'>, last: { size: number; head: Buffer }): Promise<number | null> {
  const headRow = await reads.chainAt(last.size - 1);
  if (!headRow?.equals(last.head)) return last.size - 1;
  return firstBadFrom(reads, last.size, last.head);
}

/** The first row from `from` on whose leaf or chain does not recompute from `prev` (or that is missing); null: none. */
async function firstBadFrom(reads: Pick<AuditReads, 'chainFrom'>, from: number, prev: Buffer): Promise<number | null> {
  let expected = from;
  for await (const batch of reads.chainFrom(from)) {
    for (const row of batch) {
      const leaf = row.record ? leafHash(row.record) : row.leaf;
      const chain = chainHash(prev, leaf);
      if (row.seq !== expected || !leaf.equals(row.leaf) || !chain.equals(row.chain)) return expected;
      prev = chain;
      expected++;
    }
  }
  return null;
}
