// The report's document story (issue 17 item 3): 발송 요청 / 접수 from the bulk send slice, then KakaoPay's own
// lifecycle timestamps from the bulk status slice, in KST — on slices copied from a real sandbox answer (a 59-document
// bulk send and a poll round of test/integration/audit-bundle-slices.test.ts, document 1 of the list, READ).
import { describe, expect, it } from 'vitest';
import { documentStory, gatewayKst, type DisclosedSlice } from '../../main/audit/bundle/document-story.ts';
import { reportHtml } from '../../main/audit/bundle/report.ts';
import { sliceSchema } from '../../main/audit/slices/slice-format.ts';

const SEND_SLICE = "{\"document_binder_uuid\":\"BIN-a8549de9fcdda183c98073ec21f9c474\",\"external_document_uuid\":\"DD8TCYK3QWTR-1-1\",\"request\":{\"property\":{\"cs_name\":\"고객센터\",\"cs_number\":\"02-123-4567\",\"external_document_uuid\":\"DD8TCYK3QWTR-1-1\",\"link\":\"https://docdesk.example/d\"},\"read_expired_sec\":2592000,\"receiver\":{\"birthday\":\"19831220\",\"is_required_verify_name\":false,\"name\":\"전현주\",\"phone_number\":\"01051158704\"},\"title\":\"고지서\"},\"response\":{\"document_binder_uuid\":\"BIN-a8549de9fcdda183c98073ec21f9c474\",\"external_document_uuid\":\"DD8TCYK3QWTR-1-1\"},\"salt\":\"ka7JN-nezbHNU8JfgI_bhA\",\"v\":1}";
const STATUS_SLICE = "{\"document_binder_uuid\":\"BIN-a8549de9fcdda183c98073ec21f9c474\",\"request\":\"BIN-a8549de9fcdda183c98073ec21f9c474\",\"response\":{\"document_binder_uuid\":\"BIN-a8549de9fcdda183c98073ec21f9c474\",\"status_data\":{\"authenticated_at\":1796464843,\"doc_box_read_at\":1796464848,\"doc_box_received_at\":1796420503,\"doc_box_sent_at\":1796420266,\"doc_box_status\":\"READ\",\"doc_distribution_received_at\":1796420266,\"token_used_at\":1796464846,\"user_notified_at\":1796420280}},\"salt\":\"izTcbZJpNj9iB5rXlkNB9w\",\"v\":1}";

const disclosed = (seq: number, index: number, ts: string, endpoint: string, text: string): DisclosedSlice => ({ seq, index, ts, endpoint, slice: sliceSchema.parse(JSON.parse(text)) });
const send = disclosed(7, 0, '2026-12-04T21:37:46.562Z', 'bulkSend', SEND_SLICE);
const status = disclosed(9, 0, '2026-12-04T21:37:51.829Z', 'bulkStatus', STATUS_SLICE);

describe('documentStory', () => {
  it('tells the READ document’s story with KakaoPay’s own timestamps in KST', () => {
    const story = documentStory([status, send]);
    expect(story.map((e) => [e.seq, e.label, e.time])).toEqual([
      [7, '발송 요청', '2026-12-05 06:37:46.562 KST'],
      [7, '접수', '2026-12-05 06:37:46.562 KST'],
      [9, '발송', '2026-12-05 06:37:46 KST'],
      [9, '수신', '2026-12-05 06:41:43 KST'],
      [9, '알림', '2026-12-05 06:38:00 KST'],
      [9, '인증', '2026-12-05 19:00:43 KST'],
      [9, '토큰 검증', '2026-12-05 19:00:46 KST'],
      [9, '열람', '2026-12-05 19:00:48 KST'],
    ]);
    expect(story[1]!.detail).toContain('바인더 BIN-a8549de9fcdda183c98073ec21f9c474');
    expect(story.at(-1)!.detail).toContain('doc_box_read_at=1796464848');
    expect(story.at(-1)!.detail).toContain('순번 9 조각 #0');
  });

  it('keeps the first answer’s time of each step, says 만료 when an answer says EXPIRED, and refuses to convert an implausible value', () => {
    const later = (seq: number, statusData: Record<string, unknown>) =>
      disclosed(seq, 3, '2027-01-04T00:00:00.000Z', 'bulkStatus', JSON.stringify({ ...JSON.parse(STATUS_SLICE), response: { document_binder_uuid: 'BIN-a8549de9fcdda183c98073ec21f9c474', status_data: statusData } }));
    const first = later(20, { doc_box_status: 'RECEIVED', doc_box_sent_at: 1796420266, doc_box_received_at: 1796420503, user_notified_at: 11223890 });
    const expired = later(30, { doc_box_status: 'EXPIRED', doc_box_sent_at: 1796420266, doc_box_received_at: 1796420999 });
    const story = documentStory([expired, first]);
    expect(story.map((e) => [e.seq, e.label])).toEqual([
      [20, '발송'],
      [20, '수신'],
      [20, '알림'],
      [30, '만료'],
    ]);
    expect(story[1]!.time).toBe(gatewayKst(1796420503));
    expect(story[2]!.time).toBe('비정상 값 11223890');
    expect(story.some((e) => e.label === '열람')).toBe(false);
    // Milliseconds (reference §10: ≥ 10^11) are read as such.
    expect(gatewayKst(1796464848000)).toBe(gatewayKst(1796464848));
  });

  it('a refused bulk send item is 접수 거부 with KakaoPay’s code', () => {
    const refused = disclosed(7, 0, send.ts, 'bulkSend', JSON.stringify({ ...JSON.parse(SEND_SLICE), document_binder_uuid: undefined, response: { external_document_uuid: 'DD8TCYK3QWTR-1-1', error_code: 'FORBIDDEN', error_message: '허용되지 않는 요청입니다. 수신거부된 사용자입니다.' } }));
    expect(documentStory([refused]).map((e) => [e.label, e.detail.split(' · ')[0]])).toEqual([
      ['발송 요청', '외부 문서 ID DD8TCYK3QWTR-1-1'],
      ['접수 거부', 'FORBIDDEN 허용되지 않는 요청입니다. 수신거부된 사용자입니다.'],
    ]);
  });

  it('report.html shows the story before the audit records, still marked NON-AUTHORITATIVE', () => {
    const html = reportHtml({ subject: '문서 DD8TCYK3QWTR-1-1', reason: '열람 부인', createdAt: '2026-12-05 07:00:00.000 KST' }, [
      { title: '문서 DD8TCYK3QWTR-1-1', story: documentStory([send, status]), entries: [{ seq: 9, time: '2026-12-05 06:37:51.829 KST', event: 'net.exchange', label: '카카오페이 상태 조회(대량)', detail: 'HTTP 200' }] },
    ]);
    expect(html).toContain('NON-AUTHORITATIVE');
    expect(html).toContain('<td>2026-12-05 19:00:48 KST</td><td>열람</td>');
    expect(html.indexOf('열람')).toBeLessThan(html.indexOf('HTTP 200'));
  });
});
