// slices.jsonl of a format-2 bundle (bundle-format.ts): for each disclosed bulk send / bulk status event, the
// subject's slices with their paths to the event's `data.slices.root` (../slices/disclose-slices.ts) — nothing of
// the other documents of that exchange.
import type { AuditReads } from '../../reads/audit-reads.ts';
import { discloseSlices } from '../slices/disclose-slices.ts';
import type { SliceSubject } from '../slices/slice-format.ts';
import { sliceLeaf } from '../slices/slice-tree.ts';
import type { SliceLine } from './bundle-format.ts';

export async function bundleSliceLines(reads: Pick<AuditReads, 'record' | 'blobs'>, blobKey: Buffer, seqs: readonly number[], subject: SliceSubject): Promise<SliceLine[]> {
  if (subject.externalIds.length === 0 && subject.binderUuids.length === 0) return [];
  const lines: SliceLine[] = [];
  for (const seq of seqs) {
    for (const d of await discloseSlices(reads, blobKey, seq, subject)) lines.push({ seq: d.seq, index: d.index, count: d.count, leaf: sliceLeaf(d.slice).toString('hex'), slice: d.slice, path: d.path });
  }
  return lines;
}

/** slices.jsonl's bytes: one JSON object per line, members in sliceLineSchema's order. */
export function sliceLinesFile(lines: readonly SliceLine[]): string {
  return lines.map((l) => `${JSON.stringify({ seq: l.seq, index: l.index, count: l.count, leaf: l.leaf, slice: l.slice, path: l.path })}\n`).join('');
}
