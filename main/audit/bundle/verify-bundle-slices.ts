// The slices.jsonl check of a format-2 bundle, in process (verify.py does the same, same codes): each line is a
// disclosure whose leaf and path reach the `data.slices.root` of the events.jsonl line with its seq, at an index in
// range, about the bundle's subject; and no event that commits to slices and names a subject document lacks them. The event line itself is proven into the checkpoint by verify-bundle-v2.ts.
// The byte-level rules are ../slices/verify-slice-disclosure.ts's (docs/evidence-slices.md); this maps its verdicts
// onto the bundle's problem codes.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { SliceSubject } from '../slices/slice-format.ts';
import type { SliceVerifyCode } from '../slices/verify-slice-disclosure.ts';
import { verifySliceDisclosure } from '../slices/verify-slice-disclosure.ts';
import { sliceLeaf } from '../slices/slice-tree.ts';
import { SLICES_FILE, sliceLineSchema, type BundleInfoV2 } from './bundle-format.ts';
import type { BundleProblem, BundleProblemCode } from './bundle-problem.ts';

const BUNDLE_CODE: Record<SliceVerifyCode, BundleProblemCode> = {
  SLICE_EVENT_INVALID: 'SLICE_EVENT',
  SLICE_EVENT_MISMATCH: 'SLICE_EVENT',
  SLICE_NONE_IN_EVENT: 'SLICE_EVENT',
  SLICE_COUNT_MISMATCH: 'SLICE_EVENT',
  SLICE_DISCLOSURE_INVALID: 'SLICE_FORMAT',
  SLICE_INDEX_OUT_OF_RANGE: 'SLICE_INDEX',
  SLICE_CHANGED: 'SLICE_CHANGED',
  SLICE_OTHER_DOCUMENT: 'SLICE_OTHER_DOCUMENT',
  SLICE_PATH_INVALID: 'SLICE_PROOF',
  SLICE_INDEX_CHANGED: 'SLICE_PROOF',
  SLICE_ROOT_MISMATCH: 'SLICE_PROOF',
};

/** Checks every line of slices.jsonl against `events` (events.jsonl's lines by seq). */
export function verifyBundleSlices(dir: string, info: BundleInfoV2, events: ReadonlyMap<number, Buffer>, problems: BundleProblem[]): number {
  const file = path.join(dir, SLICES_FILE);
  const subject = { externalIds: info.slice_subject?.external_document_uuids ?? [], binderUuids: info.slice_subject?.document_binder_uuids ?? [] };
  // A bundle from before slices.jsonl has none, and no slice_subject: nothing is then owed.
  const rows = existsSync(file) ? readFileSync(file, 'utf8').split('\n') : [];
  if (rows.at(-1) === '') rows.pop();
  let checked = 0;
  const disclosedFor = new Set<number>();
  rows.forEach((raw, i) => {
    const n = i + 1;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const line = sliceLineSchema.safeParse(parsed);
    if (!line.success) {
      problems.push({ code: 'SLICE_FORMAT', message: `${SLICES_FILE} ${n}번째 줄이 공개 조각 형식({seq, index, count, leaf, slice, path})이 아닙니다.` });
      return;
    }
    checked++;
    const { leaf, ...disclosure } = line.data;
    disclosedFor.add(disclosure.seq);
    const event = events.get(disclosure.seq);
    if (!event) {
      problems.push({ code: 'SLICE_EVENT', message: `${SLICES_FILE} ${n}번째 줄: 순번 ${disclosure.seq}의 사건 기록이 events.jsonl에 없습니다. 조각은 묶음에 있는 사건에 대해서만 증거가 됩니다.` });
      return;
    }
    const leafDiffers = sliceLeaf(disclosure.slice).toString('hex') !== leaf;
    const changed = `${SLICES_FILE} ${n}번째 줄(순번 ${disclosure.seq}의 조각 #${disclosure.index}): 조각이 변경되었습니다 — SHA-256(0x00 ‖ 조각)이 줄의 leaf와 다릅니다.`;
    const v = verifySliceDisclosure(event.toString('utf8'), disclosure, subject);
    if (v.ok) {
      if (leafDiffers) problems.push({ code: 'SLICE_CHANGED', message: changed });
      return;
    }
    const code = BUNDLE_CODE[v.code];
    // Which of the slice and its path changed: the line's own leaf tells (as an inclusion entry's leaf does).
    if (code === 'SLICE_PROOF' && leafDiffers) problems.push({ code: 'SLICE_CHANGED', message: changed });
    else problems.push({ code, message: `${SLICES_FILE} ${n}번째 줄: ${v.message}` });
  });
  for (const [seq, line] of events) {
    if (!disclosedFor.has(seq) && slicedEventAbout(line, subject)) {
      problems.push({ code: 'SLICE_MISSING', message: `순번 ${seq}의 사건은 이 묶음의 대상 문서를 포함한 문서별 조각(data.slices)을 약속하지만 ${SLICES_FILE}에 그 조각이 없습니다. 카카오페이 응답 중 이 문서의 부분이 빠졌습니다.` });
    }
  }
  return checked;
}

const idList = z.union([z.string(), z.array(z.string())]).optional();
const slicedEventSchema = z.looseObject({
  subj: z.looseObject({ external_document_uuid: idList, document_binder_uuid: idList }),
  data: z.looseObject({ slices: z.looseObject({}) }),
});

/** An event line that commits to slices and names one of the subject's documents: its slices must be disclosed. */
function slicedEventAbout(line: Buffer, subject: SliceSubject): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line.toString('utf8'));
  } catch {
    return false;
  }
  const event = slicedEventSchema.safeParse(parsed);
  if (!event.success) return false;
  const ids = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return ids(event.data.subj.external_document_uuid).some((e) => subject.externalIds.includes(e)) || ids(event.data.subj.document_binder_uuid).some((b) => subject.binderUuids.includes(b));
}
