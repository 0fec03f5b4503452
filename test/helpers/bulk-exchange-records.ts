// Real-shaped bulk exchange records for slice tests: a 100-document bulk status as a poll round makes it (the
// gateway's answers in their own order and member order — status_data's members unsorted — with errors in Korean and
// ids never answered) and a bulk send with Hangul, NFD names and unknown members. Deterministic (a fixed LCG).
import type { ExchangeRecord } from '../../main/http/exchange.ts';

function lcg(seed: number): (n: number) => number {
  let x = seed;
  return (n) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
}

const hex = (next: (n: number) => number, n: number) => Array.from({ length: n }, () => '0123456789abcdef'[next(16)]).join('');

function record(endpoint: 'bulkSend' | 'bulkStatus', request: unknown, response: unknown): ExchangeRecord {
  return {
    service: 'docsgw',
    endpoint,
    method: 'POST',
    host: 'docs-gw.sandbox.docdesk.test',
    path: endpoint === 'bulkSend' ? '/v1/documents/bulk' : '/v1/documents/bulk/status',
    address: '127.0.0.1',
    port: 34629,
    requestHeaders: { 'content-type': 'application/json;charset=UTF-8', authorization: 'Bearer ***' },
    requestBody: JSON.stringify(request),
    status: 200,
    responseHeaders: { 'content-type': 'application/json;charset=UTF-8' },
    responseBody: JSON.stringify(response),
    startedAt: 1_796_466_300_123,
    durationMs: 41.7,
    failure: null,
    correlation: { mailingId: 'M-1' },
  };
}

/** A poll round's bulk status of `count` documents. */
export function pollBulkStatus(count = 100, seed = 16): ExchangeRecord {
  const next = lcg(seed);
  const ids = Array.from({ length: count }, () => `BIN-${hex(next, 32)}`);
  const documents = ids.flatMap((id, i): Record<string, unknown>[] => {
    if (i % 37 === 5) return []; // not answered
    if (i % 23 === 3) return [{ document_binder_uuid: id, error_code: 'NOT_FOUND', error_message: '요청 정보를 찾을 수 없습니다. documentBinder를 찾을 수 없습니다.' }];
    const sent = 1_796_466_275 + next(5);
    return [
      {
        document_binder_uuid: id,
        status_data: {
          doc_box_status: ['SENT', 'RECEIVED', 'READ'][next(3)],
          doc_box_sent_at: sent,
          ...(next(4) === 0 ? { user_notified_at: sent + 5 } : {}),
          doc_distribution_received_at: sent,
        },
      },
    ];
  });
  // The gateway answers in its own order (seed 001 §3.3.2).
  for (let i = documents.length - 1; i > 0; i--) {
    const j = next(i + 1);
    [documents[i], documents[j]] = [documents[j]!, documents[i]!];
  }
  return record('bulkStatus', { document_binder_uuids: ids }, { documents });
}

/** A bulk send of `count` documents: Hangul titles and names (some NFD), nested arrays, unknown members. */
export function hangulBulkSend(count = 20, seed = 17): ExchangeRecord {
  const next = lcg(seed);
  const documents = Array.from({ length: count }, (_, i) => ({
    title: `${['전자고지', '납부 안내', '계약 갱신'][next(3)]} ${i}호`,
    common_categories: ['NOTICE', 'BILL'].slice(0, 1 + next(2)),
    read_expired_at: 1_613_986_200 + i,
    hash: hex(next, 25).toUpperCase(),
    receiver: { phone_number: `010${String(10_000_000 + next(89_999_999))}`, name: i % 3 === 0 ? '김페이'.normalize('NFD') : '이철수', birthday: '19800101', is_required_verify_name: i % 2 === 0 },
    property: { link: 'https://www.kakaopay.com', payload: `payload "${i}"\n\t끝`, message: '해당 안내문은 다음과 같습니다.', cs_number: '02-123-4567', cs_name: '콜센터', external_document_uuid: `EXT-${i}` },
    extra_unknown: { z: [1, { b: 2, a: [3, null, true] }], a: -0 },
  }));
  const answers = documents.map((d, i) =>
    i % 5 === 4
      ? { external_document_uuid: d.property.external_document_uuid, error_code: 'FORBIDDEN', error_message: '허용되지 않는 요청입니다. 수신거부된 사용자입니다.' }
      : { external_document_uuid: d.property.external_document_uuid, document_binder_uuid: `BIN-${hex(next, 32)}` },
  );
  return record('bulkSend', { documents }, { documents: answers.reverse() });
}
