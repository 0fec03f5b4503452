// Per-document slices inside exchange events (issue 17 item 2): the slices of a bulk send and a bulk status built
// from seed 001's own example bodies, their tree checked against an independent recomputation of RFC 9162 §2.1
// (test/helpers/naive-merkle.ts, node:crypto), the event's commitment, every tampering the verifier must refuse,
// and the Python 3 of docs/evidence-slices.md run as written.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { exchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import { canonicalize } from '../../main/audit/jcs.ts';
import { documentSlices } from '../../main/audit/slices/document-slices.ts';
import type { SliceDisclosure } from '../../main/audit/slices/slice-format.ts';
import { sliceTree } from '../../main/audit/slices/slice-tree.ts';
import { verifySliceDisclosure } from '../../main/audit/slices/verify-slice-disclosure.ts';
import { naiveMth, naivePath } from '../helpers/naive-merkle.ts';

// ---- seed 001 (카카오페이 전자문서 발송(bulk) 요청) §3.2.1 "전송 Body 예시": the two request items, with the trailing
// commas the seed prints removed (reference kakaopay-edoc-api.md §5: the example is not valid JSON as printed).
const SEED_BULK_SEND_REQUEST = {
  documents: [
    {
      title: '전.성.생 요청',
      common_categories: ['NOTICE'],
      read_expired_at: 1613986200,
      hash: '6EFE827AC88914DE471C621AE',
      receiver: { phone_number: '01012345678', name: '김페이', birthday: '19800101', is_required_verify_name: false },
      property: { link: 'https://www.kakaopay.com', payload: 'payload 파라미터 입니다.', message: '해당 안내문은 다음과 같습니다.', cs_number: '02-123-4567', cs_name: '콜센터', external_document_uuid: 'A0001' },
    },
    {
      title: 'CI 요청',
      common_categories: ['NOTICE'],
      read_expired_at: 1613986200,
      hash: '6EFE827AC88914DE471C621AE',
      receiver: { ci: 'dfasdfasdf2134234lkdjflaidjffisadjfi1231' },
      property: { link: 'https://www.kakaopay.com', payload: 'payload 파라미터 입니다.', message: '해당 안내문은 다음과 같습니다.', cs_number: '02-123-4567', cs_name: '콜센터', external_document_uuid: 'B0001' },
    },
  ],
};
// seed 001 §3.2.2 "응답예시" (its first block: A0001 accepted, B0001 refused).
const SEED_BULK_SEND_RESPONSE = {
  documents: [
    { external_document_uuid: 'A0001', document_binder_uuid: 'BIN-18d5c63d86f241eb9d6m3e694562f9ec' },
    { external_document_uuid: 'B0001', error_code: 'FORBIDDEN', error_message: '허용되지 않는 요청입니다. 수신거부된 사용자입니다.' },
  ],
};
// seed 001 §3.3.1 "발송 예시" and §3.3.2 "응답예시" (answered in another order; …8e is not answered at all).
const SEED_BULK_STATUS_REQUEST = {
  document_binder_uuids: [
    'BIN-c74f4b8a87a811ebbcd4acde48001122',
    'BIN-c74f4b8b87a811ebbcd4acde48001122',
    'BIN-c74f4b8c87a811ebbcd4acde48001122',
    'BIN-c74f4b8d87a811ebbcd4acde48001122',
    'BIN-c74f4b8e87a811ebbcd4acde48001122',
    'BIN-c74f4b8f87a811ebbcd4acde48001122',
  ],
};
const SEED_BULK_STATUS_RESPONSE = {
  documents: [
    { document_binder_uuid: 'BIN-c74f4b8a87a811ebbcd4acde48001122', error_code: 'NOT_FOUND', error_message: '요청 정보를 찾을 수 없습니다. documentBinder를 찾을 수 없습니다.' },
    { document_binder_uuid: 'BIN-c74f4b8c87a811ebbcd4acde48001122', error_code: 'NOT_FOUND', error_message: '요청 정보를 찾을 수 없습니다. documentBinder를 찾을 수 없습니다.' },
    {
      document_binder_uuid: 'BIN-c74f4b8b87a811ebbcd4acde48001122',
      status_data: { doc_box_status: 'SENT', doc_box_sent_at: 1499866132249, user_notified_at: 1499866132, payload: 'payload 파라미터 입니다' },
    },
    {
      document_binder_uuid: 'BIN-c74f4b8d87a811ebbcd4acde48001122',
      status_data: { doc_box_status: 'RECEIVED', doc_box_sent_at: 1499866132, doc_box_received_at: 1499866132, user_notified_at: 11223890 },
    },
    {
      document_binder_uuid: 'BIN-c74f4b8f87a811ebbcd4acde48001122',
      status_data: {
        doc_box_status: 'READ',
        doc_box_sent_at: 1499866132,
        doc_box_received_at: 1499866132,
        doc_box_read_at: 1499866132,
        authenticated_at: 1499866132,
        token_used_at: 1499866132,
        user_notified_at: 1499866132,
      },
    },
  ],
};

const HMAC_KEY = Buffer.alloc(32, 7);

function exchange(endpoint: string, request: unknown, response: unknown, over: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    service: 'docsgw',
    endpoint,
    method: 'POST',
    host: 'docs-gw.kakaopay.com',
    path: endpoint === 'bulkSend' ? '/v1/documents/bulk' : '/v1/documents/bulk/status',
    address: '127.0.0.1',
    port: 443,
    requestHeaders: {},
    requestBody: request === null ? null : JSON.stringify(request),
    status: 200,
    responseHeaders: {},
    responseBody: response === null ? null : JSON.stringify(response),
    startedAt: 1_780_000_000_000,
    durationMs: 12,
    failure: null,
    correlation: {},
    ...over,
  };
}

/** Independent leaf: SHA-256(0x00 ‖ UTF-8 bytes), with node:crypto. */
const naiveLeaf = (text: string): Buffer => createHash('sha256').update(Buffer.of(0)).update(Buffer.from(text, 'utf8')).digest();

/** The stored record an exchange event becomes (what the verifier is given), at `seq`. */
function recordJcs(r: ExchangeRecord, seq: number): string {
  const e = exchangeAuditEvent(r, HMAC_KEY);
  const blobs = Object.fromEntries(
    Object.entries(e.blobs ?? {}).map(([k, v]) => {
      const b = Buffer.from(v);
      return [k, { sha256: createHash('sha256').update(b).digest('hex'), size: b.length }];
    }),
  );
  return canonicalize({ v: 1, seq, ts: new Date(r.startedAt).toISOString(), ev: e.ev, actor: { type: 'system', id: 'docdesk' }, subj: e.subj, data: { ...e.data, blobs }, salt: 'AAAAAAAAAAAAAAAAAAAAAA' });
}

/** The disclosure of slice `index` as discloseSlices makes it (computed here from the pure parts). */
function disclosure(r: ExchangeRecord, seq: number, index: number): SliceDisclosure {
  const s = documentSlices(r, HMAC_KEY)!;
  const texts = s.texts;
  return { seq, index, count: texts.length, slice: texts[index]!, path: naivePath(index, texts.map(naiveLeaf)).map((h) => h.toString('hex')) };
}

const send = exchange('bulkSend', SEED_BULK_SEND_REQUEST, SEED_BULK_SEND_RESPONSE);
const status = exchange('bulkStatus', SEED_BULK_STATUS_REQUEST, SEED_BULK_STATUS_RESPONSE);

describe('slices of seed 001 bulk exchanges', () => {
  it('bulk send: one slice per request item, the answer matched by external id, the tree as RFC 9162 recomputed', () => {
    const s = documentSlices(send, HMAC_KEY)!;
    expect(s.texts).toHaveLength(2);
    const [a, b] = s.texts.map((t) => JSON.parse(t) as Record<string, unknown>);
    expect(a).toMatchObject({ v: 1, external_document_uuid: 'A0001', document_binder_uuid: 'BIN-18d5c63d86f241eb9d6m3e694562f9ec', request: SEED_BULK_SEND_REQUEST.documents[0], response: SEED_BULK_SEND_RESPONSE.documents[0] });
    expect(b).toMatchObject({ v: 1, external_document_uuid: 'B0001', request: SEED_BULK_SEND_REQUEST.documents[1], response: SEED_BULK_SEND_RESPONSE.documents[1] });
    expect(b).not.toHaveProperty('document_binder_uuid');
    // The blob is the JCS array of exactly these texts, as UTF-8 bytes.
    expect(s.blob.toString('utf8')).toBe(`[${s.texts.join(',')}]`);
    expect(canonicalize(JSON.parse(s.blob.toString('utf8')))).toBe(s.blob.toString('utf8'));
    expect(s.root.equals(naiveMth(s.texts.map(naiveLeaf)))).toBe(true);
  });

  it('a slice is the RFC 8785 text of its members, byte for byte', () => {
    const s = documentSlices(status, HMAC_KEY)!;
    const salt = (JSON.parse(s.texts[0]!) as { salt: string }).salt;
    expect(salt).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // Members sorted by UTF-16 code units, no whitespace, Hangul as literal UTF-8 (RFC 8785 §3.2).
    expect(s.texts[0]).toBe(
      `{"document_binder_uuid":"BIN-c74f4b8a87a811ebbcd4acde48001122","request":"BIN-c74f4b8a87a811ebbcd4acde48001122","response":{"document_binder_uuid":"BIN-c74f4b8a87a811ebbcd4acde48001122","error_code":"NOT_FOUND","error_message":"요청 정보를 찾을 수 없습니다. documentBinder를 찾을 수 없습니다."},"salt":"${salt}","v":1}`,
    );
  });

  it('bulk status: request order whatever the answer order; an unanswered id has response null', () => {
    const s = documentSlices(status, HMAC_KEY)!;
    const slices = s.texts.map((t) => JSON.parse(t) as { document_binder_uuid: string; request: unknown; response: { status_data?: { doc_box_status: string } } | null });
    expect(slices.map((x) => x.document_binder_uuid)).toEqual(SEED_BULK_STATUS_REQUEST.document_binder_uuids);
    expect(slices.map((x) => x.request)).toEqual(SEED_BULK_STATUS_REQUEST.document_binder_uuids);
    expect(slices[1]!.response?.status_data?.doc_box_status).toBe('SENT');
    expect(slices[4]!.response).toBeNull();
    expect(slices[5]!.response).toEqual(SEED_BULK_STATUS_RESPONSE.documents[4]);
    expect(s.root.equals(naiveMth(s.texts.map(naiveLeaf)))).toBe(true);
  });

  it('paths equal RFC 9162 PATH(m, D[n]) recomputed for every size 1–40 and every index', () => {
    for (let n = 1; n <= 40; n++) {
      const leaves = Array.from({ length: n }, () => randomBytes(32));
      const tree = sliceTree(leaves);
      expect(tree.root.equals(naiveMth(leaves))).toBe(true);
      for (let m = 0; m < n; m++) expect(tree.path(m).map((h) => h.toString('hex'))).toEqual(naivePath(m, leaves).map((h) => h.toString('hex')));
    }
  });

  it('salts are unguessable without the audit HMAC key, and the same record gives the same slices (pure)', () => {
    const once = documentSlices(send, HMAC_KEY)!;
    expect(documentSlices(send, HMAC_KEY)!.texts).toEqual(once.texts);
    const salts = once.texts.map((t) => (JSON.parse(t) as { salt: string }).salt);
    expect(new Set(salts).size).toBe(salts.length);
    const other = documentSlices(send, Buffer.alloc(32, 8))!;
    expect(other.texts.map((t) => (JSON.parse(t) as { salt: string }).salt)).not.toContain(salts[0]);
    // Past one HKDF call's 500 salts, still one distinct salt per slice.
    const many = documentSlices(exchange('bulkStatus', { document_binder_uuids: Array.from({ length: 1_100 }, (_, i) => `B-${i}`) }, null), HMAC_KEY)!;
    expect(new Set(many.texts.map((t) => (JSON.parse(t) as { salt: string }).salt)).size).toBe(1_100);
    // An id of any length from the gateway (HKDF's info is bounded) still slices.
    expect(documentSlices(exchange('bulkStatus', { document_binder_uuids: ['B'.repeat(5_000)] }, null), HMAC_KEY)?.texts).toHaveLength(1);
    // Two calls in the same millisecond (concurrency 4) get different salts.
    const twin = documentSlices(exchange('bulkStatus', { document_binder_uuids: ['B-0', 'B-1'] }, null), HMAC_KEY)!;
    const twin2 = documentSlices(exchange('bulkStatus', { document_binder_uuids: ['B-7', 'B-1'] }, null), HMAC_KEY)!;
    expect((JSON.parse(twin.texts[1]!) as { salt: string }).salt).not.toBe((JSON.parse(twin2.texts[1]!) as { salt: string }).salt);
  });

  it('repeated and unasked ids keep their own slices', () => {
    const req = { document_binder_uuids: ['B-1', 'B-1', 'B-2'] };
    const ans = { documents: [{ document_binder_uuid: 'B-9', error_code: 'NOT_FOUND' }, { document_binder_uuid: 'B-1', status_data: { doc_box_status: 'SENT' } }, { document_binder_uuid: 'B-1', status_data: { doc_box_status: 'READ' } }] };
    const s = documentSlices(exchange('bulkStatus', req, ans), HMAC_KEY)!;
    const slices = s.texts.map((t) => JSON.parse(t) as { document_binder_uuid: string; request: unknown; response: { status_data?: { doc_box_status: string } } | null });
    expect(slices.map((x) => [x.document_binder_uuid, x.request, x.response?.status_data?.doc_box_status ?? null])).toEqual([
      ['B-1', 'B-1', 'SENT'],
      ['B-1', 'B-1', 'READ'],
      ['B-2', 'B-2', null],
      ['B-9', null, null],
    ]);
  });
});

describe('the exchange event commits to its slices', () => {
  it('data.slices holds the root and count; the slices blob is referenced like the bodies', () => {
    const e = exchangeAuditEvent(send, HMAC_KEY, 41);
    const s = documentSlices(send, HMAC_KEY)!;
    expect(e.data?.['slices']).toEqual({ root: s.root.toString('hex'), count: 2 });
    expect(e.blobs?.['slices']).toEqual(s.blob);
    expect(e.blobs?.['request_body']).toBe(send.requestBody);
  });

  it('an exchange that is not about several documents, or a body of another shape, gives no slices — and is still an event', () => {
    const cases: ExchangeRecord[] = [
      exchange('singleStatus', null, { doc_box_status: 'SENT' }, { method: 'GET', path: '/v1/documents/BIN-1/status' }),
      exchange('bulkSend', SEED_BULK_SEND_REQUEST, SEED_BULK_SEND_RESPONSE, { service: 'payup' }),
      { ...exchange('bulkSend', null, null), requestBody: '{"documents": [ {"title": "x",}, ]}' },
      exchange('bulkSend', { documents: [{ title: 'no external id', property: {} }] }, SEED_BULK_SEND_RESPONSE),
      exchange('bulkStatus', { document_binder_uuids: [] }, { documents: [] }),
      // A float in an answer item cannot be canonicalised (reference evidence-and-audit.md §3).
      { ...exchange('bulkStatus', { document_binder_uuids: ['B-1'] }, null), responseBody: '{"documents":[{"document_binder_uuid":"B-1","status_data":{"doc_box_status":"SENT","doc_box_sent_at":1.5}}]}' },
    ];
    for (const r of cases) {
      expect(documentSlices(r, HMAC_KEY)).toBeNull();
      const e = exchangeAuditEvent(r, HMAC_KEY);
      expect(e.ev).toBe('net.exchange');
      expect(e.data).not.toHaveProperty('slices');
      expect(e.blobs).not.toHaveProperty('slices');
    }
  });

  it('a whole-request error or no answer at all: the request items are still sliced, each with response null', () => {
    for (const r of [
      exchange('bulkSend', SEED_BULK_SEND_REQUEST, { error_code: 'UNAUTHORIZED', error_message: '접근 권한이 없습니다.' }, { status: 401 }),
      exchange('bulkSend', SEED_BULK_SEND_REQUEST, null, { status: null, failure: { phase: 'response', code: 'UND_ERR_HEADERS_TIMEOUT', message: 'timeout', bodySent: true } }),
    ]) {
      const s = documentSlices(r, HMAC_KEY)!;
      expect(s.texts.map((t) => (JSON.parse(t) as { response: unknown }).response)).toEqual([null, null]);
      expect(exchangeAuditEvent(r, HMAC_KEY).data?.['slices']).toMatchObject({ count: 2 });
    }
  });
});

describe('verifySliceDisclosure', () => {
  const seq = 1234;
  const sendRecord = recordJcs(send, seq);
  const statusRecord = recordJcs(status, seq + 1);
  const subjectA = { externalIds: ['A0001'], binderUuids: ['BIN-18d5c63d86f241eb9d6m3e694562f9ec'] };

  it('accepts every slice of both events, and gives the slice back parsed', () => {
    for (let i = 0; i < 2; i++) expect(verifySliceDisclosure(sendRecord, disclosure(send, seq, i)).ok).toBe(true);
    for (let i = 0; i < 6; i++) expect(verifySliceDisclosure(statusRecord, disclosure(status, seq + 1, i)).ok).toBe(true);
    const ok = verifySliceDisclosure(sendRecord, disclosure(send, seq, 0), subjectA);
    expect(ok.ok && ok.slice.document_binder_uuid).toBe('BIN-18d5c63d86f241eb9d6m3e694562f9ec');
  });

  const refused = (result: ReturnType<typeof verifySliceDisclosure>) => {
    expect(result.ok).toBe(false);
    return result.ok ? { code: '', message: '' } : result;
  };

  it('a changed slice byte: inside a value (still canonical) → root mismatch naming the slice; breaking the canonical form → a changed slice', () => {
    const d = disclosure(status, seq + 1, 5);
    const inValue = refused(verifySliceDisclosure(statusRecord, { ...d, slice: d.slice.replace('"READ"', '"REAL"') }));
    expect(inValue.code).toBe('SLICE_ROOT_MISMATCH');
    expect(inValue.message).toContain('조각의 내용 또는 경로 노드가 변경되었습니다');
    expect(inValue.message).toContain('#5');
    const form = refused(verifySliceDisclosure(statusRecord, { ...d, slice: d.slice.replace('{"document_binder_uuid"', '{ "document_binder_uuid"') }));
    expect(form.code).toBe('SLICE_CHANGED');
    expect(form.message).toContain('조각이 변경되었습니다');
    // Hangul in another Unicode form (NFD) is another byte string: not the committed slice.
    const nfd = refused(verifySliceDisclosure(sendRecord, { ...disclosure(send, seq, 0), slice: disclosure(send, seq, 0).slice.normalize('NFD') }));
    expect(nfd.code).toBe('SLICE_CHANGED');
  });

  it('a changed path node → root mismatch naming the path; a node that is no hash or a missing one → a changed path node', () => {
    const d = disclosure(status, seq + 1, 2);
    const flipped = d.path.map((p, i) => (i === 1 ? `${p[0] === '0' ? '1' : '0'}${p.slice(1)}` : p));
    const node = refused(verifySliceDisclosure(statusRecord, { ...d, path: flipped }));
    expect(node.code).toBe('SLICE_ROOT_MISMATCH');
    expect(node.message).toContain('경로 노드');
    expect(refused(verifySliceDisclosure(statusRecord, { ...d, path: d.path.slice(1) })).code).toBe('SLICE_PATH_INVALID');
    expect(refused(verifySliceDisclosure(statusRecord, { ...d, path: d.path.map((p) => p.toUpperCase()) })).message).toContain('경로 노드가 변경되었습니다');
  });

  it('a swapped index → the index changed, naming where the slice really is; beyond the count → out of range', () => {
    const d = disclosure(send, seq, 0);
    const swapped = refused(verifySliceDisclosure(sendRecord, { ...d, index: 1 }));
    expect(swapped.code).toBe('SLICE_INDEX_CHANGED');
    expect(swapped.message).toContain('색인 0');
    const s = disclosure(status, seq + 1, 4);
    expect(refused(verifySliceDisclosure(statusRecord, { ...s, index: 5 })).code).toBe('SLICE_INDEX_CHANGED');
    const out = refused(verifySliceDisclosure(statusRecord, { ...s, index: 6 }));
    expect(out.code).toBe('SLICE_INDEX_OUT_OF_RANGE');
    expect(out.message).toContain('범위를 벗어났습니다');
  });

  it("a slice of another document: refused for the subject, and another document's slice under this one's path does not verify", () => {
    const other = refused(verifySliceDisclosure(sendRecord, disclosure(send, seq, 1), subjectA));
    expect(other.code).toBe('SLICE_OTHER_DOCUMENT');
    expect(other.message).toContain('B0001');
    const mixed = refused(verifySliceDisclosure(sendRecord, { ...disclosure(send, seq, 0), slice: disclosure(send, seq, 1).slice }));
    expect(mixed.code).toBe('SLICE_ROOT_MISMATCH');
  });

  it('the wrong event, an event without slices, a wrong count or a malformed disclosure are named', () => {
    expect(refused(verifySliceDisclosure(statusRecord, disclosure(send, seq, 0))).code).toBe('SLICE_EVENT_MISMATCH');
    const old = canonicalize({ v: 1, seq, ts: '2026-01-01T00:00:00.000Z', ev: 'net.exchange', actor: { type: 'system', id: 'docdesk' }, subj: {}, data: { endpoint: 'bulkSend' }, salt: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(refused(verifySliceDisclosure(old, disclosure(send, seq, 0))).code).toBe('SLICE_NONE_IN_EVENT');
    expect(refused(verifySliceDisclosure(sendRecord, { ...disclosure(send, seq, 0), count: 3 })).code).toBe('SLICE_COUNT_MISMATCH');
    expect(refused(verifySliceDisclosure(sendRecord, { seq, index: 0 })).code).toBe('SLICE_DISCLOSURE_INVALID');
    expect(refused(verifySliceDisclosure('not json', disclosure(send, seq, 0))).code).toBe('SLICE_EVENT_INVALID');
    // A different root in the event (a record from another log, or edited) with an untouched disclosure.
    const otherRoot = sendRecord.replace(/"root":"[0-9a-f]{64}"/, `"root":"${'ab'.repeat(32)}"`);
    expect(refused(verifySliceDisclosure(otherRoot, disclosure(send, seq, 0))).code).toBe('SLICE_ROOT_MISMATCH');
  });
});

// docs/evidence-slices.md's Python is what a bundle's dependency-free verifier follows: it must agree with this code.
// python3 is a test dependency (.ci/run installs it; the bundle tests run verify.py), so a missing one fails here.
describe('docs/evidence-slices.md', () => {
  it('its Python 3 accepts what verifySliceDisclosure accepts and refuses the tampered disclosures', () => {
    const md = readFileSync(new URL('../../docs/evidence-slices.md', import.meta.url), 'utf8');
    const code = /```python\n([\s\S]*?)```/.exec(md)?.[1];
    expect(code).toBeTruthy();
    const seq = 77;
    const record = recordJcs(status, seq);
    const good = Array.from({ length: 6 }, (_, i) => disclosure(status, seq, i));
    const d = good[5]!;
    const bad = [
      { ...d, slice: d.slice.replace('"READ"', '"REAL"') },
      { ...d, slice: d.slice.replace('{"document_binder_uuid"', '{ "document_binder_uuid"') },
      { ...d, path: d.path.map((p, i) => (i === 0 ? `${p[0] === '0' ? '1' : '0'}${p.slice(1)}` : p)) },
      { ...d, index: 4 },
      { ...d, index: 6 },
      { ...d, slice: good[0]!.slice },
    ];
    const driver = `${code!}\nimport sys\nq = json.load(sys.stdin)\nprint(json.dumps([slice_disclosure_ok(q["record"], x) for x in q["disclosures"]]))\n`;
    const run = spawnSync('python3', ['-c', driver], { input: JSON.stringify({ record, disclosures: [...good, ...bad] }), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([...good.map(() => true), ...bad.map(() => false)]);
    for (const x of good) expect(verifySliceDisclosure(record, x).ok).toBe(true);
    for (const x of bad) expect(verifySliceDisclosure(record, x).ok).toBe(false);
  });
});
