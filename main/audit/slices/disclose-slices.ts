// The subject's slices of one exchange event, with their paths (issue 17 item 2): the stored slices blob is decrypted,
// checked against the event's committed root, and only the slices about the subject's documents leave — nothing of
// the other documents, not even their count beyond the tree size the event itself states.
import type { AuditReads } from '../../reads/audit-reads.ts';
import { readBlobs } from '../stored-blobs.ts';
import { canonicalize } from '../jcs.ts';
import { eventSlicesSchema, sliceConcerns, sliceSchema, type SliceDisclosure, type SliceSubject } from './slice-format.ts';
import { sliceLeaf, sliceTree } from './slice-tree.ts';

export class SliceDisclosureError extends Error {
  readonly code = 'AUDIT_SLICES_DAMAGED';
}

/** [] when the event has no slices (another kind of event, an exchange from before slices, a purged record). */
export async function discloseSlices(reads: Pick<AuditReads, 'record' | 'blobs'>, blobKey: Buffer, seq: number, subject: SliceSubject): Promise<SliceDisclosure[]> {
  const bytes = await reads.record(seq);
  if (!bytes) return [];
  const event = eventSlicesSchema.parse(JSON.parse(bytes.toString('utf8')));
  const commitment = event.data.slices;
  const ref = event.data.blobs?.slices;
  if (!commitment || !ref) return [];
  const blob = (await readBlobs(reads, blobKey, seq)).get(ref.sha256);
  const damaged = (what: string) =>
    new SliceDisclosureError(`감사 로그 순번 ${seq}의 문서별 조각을 공개할 수 없습니다: ${what}. 'docdesk audit verify'로 감사 로그를 점검하고 관리자에게 알리세요.`);
  if (!blob) throw damaged('저장된 조각(slices)이 없습니다');
  let items: unknown;
  try {
    items = JSON.parse(blob.toString('utf8')) as unknown;
  } catch {
    throw damaged('저장된 조각이 JSON이 아닙니다');
  }
  if (!Array.isArray(items) || items.length !== commitment.count) throw damaged(`저장된 조각 수가 사건 기록의 ${commitment.count}개와 다릅니다`);
  // Each element of the stored JCS array, canonicalised again, is its exact slice text (JCS is idempotent).
  const texts = items.map((item) => canonicalize(item));
  const tree = sliceTree(texts.map(sliceLeaf));
  if (tree.root.toString('hex') !== commitment.root) throw damaged('저장된 조각으로 계산한 root가 사건 기록의 root와 다릅니다');
  const out: SliceDisclosure[] = [];
  texts.forEach((text, index) => {
    const slice = sliceSchema.parse(items[index]);
    if (sliceConcerns(slice, subject)) out.push({ seq, index, count: commitment.count, slice: text, path: tree.path(index).map((h) => h.toString('hex')) });
  });
  return out;
}
