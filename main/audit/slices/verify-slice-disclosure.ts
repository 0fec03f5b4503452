// Verifying one disclosed slice against the exchange event that committed to it (docs/evidence-slices.md, the
// byte-level algorithm a bundle verifier follows): the slice's leaf and its path must lead to the root in the
// event's `data.slices`. Pure; the event record itself is proven by the log (chain or inclusion proof), not here.
import { CanonicalJsonError, canonicalize } from '../jcs.ts';
import { inclusionProofPlan, rootFromInclusionProof } from '../merkle/inclusion-proof.ts';
import { eventSlicesSchema, sliceConcerns, sliceDisclosureSchema, sliceSchema, type Slice, type SliceSubject } from './slice-format.ts';
import { sliceLeaf } from './slice-tree.ts';

export type SliceVerifyCode =
  | 'SLICE_EVENT_INVALID'
  | 'SLICE_DISCLOSURE_INVALID'
  | 'SLICE_EVENT_MISMATCH'
  | 'SLICE_NONE_IN_EVENT'
  | 'SLICE_COUNT_MISMATCH'
  | 'SLICE_INDEX_OUT_OF_RANGE'
  | 'SLICE_PATH_INVALID'
  | 'SLICE_CHANGED'
  | 'SLICE_OTHER_DOCUMENT'
  | 'SLICE_INDEX_CHANGED'
  | 'SLICE_ROOT_MISMATCH';

export type SliceVerifyResult = { ok: true; slice: Slice } | { ok: false; code: SliceVerifyCode; message: string };

const HEX_NODE = /^[0-9a-f]{64}$/;

function fail(code: SliceVerifyCode, message: string): SliceVerifyResult {
  return { ok: false, code, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function canonicalOrNull(value: unknown): string | null {
  try {
    return canonicalize(value);
  } catch (err) {
    if (err instanceof CanonicalJsonError) return null;
    throw err;
  }
}

/**
 * Whether `disclosure` is slice `index` of the event whose stored record is `eventRecordJcs`; with `subject`, also
 * that the slice is about one of the subject's documents (a valid slice of another document is refused).
 */
export function verifySliceDisclosure(eventRecordJcs: string, disclosure: unknown, subject?: SliceSubject): SliceVerifyResult {
  const event = eventSlicesSchema.safeParse(parseJson(eventRecordJcs));
  if (!event.success) return fail('SLICE_EVENT_INVALID', '조각을 확인할 사건 기록이 감사 기록 형식(JSON, seq, data)이 아닙니다. 번들의 사건 기록을 그대로 넘기세요.');
  const d = sliceDisclosureSchema.safeParse(disclosure);
  if (!d.success) return fail('SLICE_DISCLOSURE_INVALID', '공개된 조각의 형식이 맞지 않습니다({seq, index, count, slice, path}). 번들의 조각 파일이 손상되었거나 바뀌었습니다.');
  const { seq, index, count, slice, path } = d.data;
  const where = `순번 ${seq}의 조각 #${index}`;
  if (seq !== event.data.seq) return fail('SLICE_EVENT_MISMATCH', `${where}은(는) 순번 ${event.data.seq}의 사건 기록에 대한 것이 아닙니다. 같은 순번의 사건 기록과 함께 확인하세요.`);
  const commitment = event.data.data.slices;
  if (!commitment) return fail('SLICE_NONE_IN_EVENT', `순번 ${seq}의 사건 기록에는 문서별 조각(data.slices)이 없습니다. 이 사건에 대해 공개된 조각은 증거가 될 수 없습니다.`);
  if (count !== commitment.count) return fail('SLICE_COUNT_MISMATCH', `${where}: 공개된 조각 수 ${count}이(가) 사건 기록의 조각 수 ${commitment.count}와 다릅니다.`);
  if (index >= count) return fail('SLICE_INDEX_OUT_OF_RANGE', `${where}: 색인 ${index}이(가) 범위를 벗어났습니다(사건의 조각은 0–${count - 1}).`);
  const pathLength = inclusionProofPlan(index, count).ranges.length;
  if (path.length !== pathLength || !path.every((p) => HEX_NODE.test(p))) {
    return fail('SLICE_PATH_INVALID', `${where}: 경로 노드가 변경되었습니다 — 조각 ${count}개 중 색인 ${index}의 경로는 소문자 16진 해시(64자) ${pathLength}개여야 하는데, ${path.length}개이거나 해시가 아닌 값이 있습니다.`);
  }
  // The slice must be exactly the canonical text of a slice object: a changed byte that breaks that is named here.
  const parsed = sliceSchema.safeParse(parseJson(slice));
  if (!parsed.success || canonicalOrNull(parsed.data) !== slice) {
    return fail('SLICE_CHANGED', `${where}: 조각이 변경되었습니다 — 조각 텍스트가 조각 형식의 정규 JSON(RFC 8785)이 아닙니다.`);
  }
  if (subject && !sliceConcerns(parsed.data, subject)) {
    const names = [parsed.data.external_document_uuid, parsed.data.document_binder_uuid].filter((v) => v !== undefined).join(' / ');
    return fail('SLICE_OTHER_DOCUMENT', `${where}은(는) 다른 문서(${names})의 조각입니다. 이 번들의 대상 문서에 대한 조각이 아닙니다.`);
  }
  const leaf = sliceLeaf(slice);
  const nodes = path.map((p) => Buffer.from(p, 'hex'));
  const root = Buffer.from(commitment.root, 'hex');
  const computed = rootFromInclusionProof(index, count, leaf, nodes);
  if (computed?.equals(root)) return { ok: true, slice: parsed.data };
  // Where a path of the same length proves the slice at another index, the index is what changed.
  for (let other = 0; other < count; other++) {
    if (other === index || inclusionProofPlan(other, count).ranges.length !== path.length) continue;
    if (rootFromInclusionProof(other, count, leaf, nodes)?.equals(root)) {
      return fail('SLICE_INDEX_CHANGED', `${where}: 색인이 변경되었습니다 — 이 조각과 경로는 색인 ${other}에서 사건 기록의 root와 맞습니다.`);
    }
  }
  return fail(
    'SLICE_ROOT_MISMATCH',
    `${where}: 조각의 내용 또는 경로 노드가 변경되었습니다 — 조각과 경로로 계산한 root ${computed?.toString('hex') ?? '(계산 불가)'}이(가) 사건 기록의 root ${commitment.root}와 다릅니다.`,
  );
}
