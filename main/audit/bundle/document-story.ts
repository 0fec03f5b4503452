// What KakaoPay answered about one document, read from the bundle's disclosed slices (slices.jsonl): 발송 요청 and
// 접수 from its bulk send item, then the lifecycle times of its status answers — KakaoPay's own timestamps
// (reference kakaopay-edoc-api.md §8, seconds per §10), shown in KST — and 만료 when a status answer said so.
// NON-AUTHORITATIVE like the rest of the report: the evidence is the slices and their proofs.
import { bulkSendResultItemSchema, bulkStatusResultItemSchema, gatewayEpochToMillis } from '../../../shared/domain/edoc.ts';
import type { Slice } from '../slices/slice-format.ts';
import { kst, type TimelineEntry } from './timeline.ts';

/** One disclosed slice with what its event says: seq, our clock (ts) and the exchange's endpoint. */
export interface DisclosedSlice {
  seq: number;
  index: number;
  ts: string;
  endpoint: string;
  slice: Slice;
}

/** status_data fields in lifecycle order, with their Korean step names. */
const STEPS = [
  ['doc_box_sent_at', '발송', '카카오페이 발송 처리'],
  ['doc_box_received_at', '수신', '내문서함 도착'],
  ['user_notified_at', '알림', '알림톡 수신'],
  ['authenticated_at', '인증', '수신자 본인 인증'],
  ['token_used_at', '토큰 검증', '랜딩 페이지의 OTT 검증 성공'],
  ['doc_box_read_at', '열람', '열람 처리(read-status) 성공 — 유통증명서의 열람 시각'],
] as const;

/** A gateway epoch (seconds; reference §10) in KST, to the second as KakaoPay gives it. */
export function gatewayKst(raw: number): string {
  const { ms } = gatewayEpochToMillis(raw);
  return ms === null ? `비정상 값 ${raw}` : kst(new Date(ms).toISOString()).replace(/\.\d{3} KST$/, ' KST');
}

const where = (s: DisclosedSlice) => `순번 ${s.seq} 조각 #${s.index}`;

function sendEntries(s: DisclosedSlice): TimelineEntry[] {
  const event = 'net.exchange bulkSend';
  const out: TimelineEntry[] = [];
  if (s.slice.request !== null) out.push({ seq: s.seq, time: kst(s.ts), event, label: '발송 요청', detail: `외부 문서 ID ${s.slice.external_document_uuid ?? ''} · ${where(s)}` });
  const answer = bulkSendResultItemSchema.safeParse(s.slice.response);
  if (!answer.success) out.push({ seq: s.seq, time: kst(s.ts), event, label: '접수 응답 없음', detail: `이 문서에 대한 대량 발송 응답 항목이 없습니다 · ${where(s)}` });
  else if (answer.data.document_binder_uuid) out.push({ seq: s.seq, time: kst(s.ts), event, label: '접수', detail: `바인더 ${answer.data.document_binder_uuid} · ${where(s)}` });
  else out.push({ seq: s.seq, time: kst(s.ts), event, label: '접수 거부', detail: `${answer.data.error_code ?? ''} ${answer.data.error_message ?? ''} · ${where(s)}`.trim() });
  return out;
}

/** The document's story from its slices, in lifecycle order; each KakaoPay time from the first answer that gave it. */
export function documentStory(slices: readonly DisclosedSlice[]): TimelineEntry[] {
  const ordered = [...slices].sort((a, b) => a.seq - b.seq || a.index - b.index);
  const out = ordered.filter((s) => s.endpoint === 'bulkSend').flatMap(sendEntries);
  const event = 'net.exchange bulkStatus';
  const seen = new Map<string, TimelineEntry>();
  let expired: TimelineEntry | null = null;
  for (const s of ordered) {
    if (s.endpoint !== 'bulkStatus') continue;
    const answer = bulkStatusResultItemSchema.safeParse(s.slice.response);
    if (!answer.success) continue;
    const status = answer.data.status_data;
    if (!status) {
      if (answer.data.error_code) out.push({ seq: s.seq, time: kst(s.ts), event, label: '상태 조회 오류', detail: `${answer.data.error_code} ${answer.data.error_message ?? ''} · ${where(s)}`.trim() });
      continue;
    }
    for (const [field, label, meaning] of STEPS) {
      const raw = status[field];
      if (raw === undefined || seen.has(field)) continue;
      seen.set(field, { seq: s.seq, time: gatewayKst(raw), event, label, detail: `${meaning} · 카카오페이 ${field}=${raw} · ${where(s)}` });
    }
    // status_data has no expiry time: the first answer that says EXPIRED is when we learnt it (our clock).
    if (status.doc_box_status === 'EXPIRED' && !expired) expired = { seq: s.seq, time: kst(s.ts), event, label: '만료', detail: `카카오페이 doc_box_status=EXPIRED (조회 시각, 우리 PC 기준) · ${where(s)}` };
  }
  for (const [field] of STEPS) {
    const e = seen.get(field);
    if (e) out.push(e);
  }
  if (expired) out.push(expired);
  return out;
}
