// Every docs-gw endpoint, through the real client, over real TLS, against the sandbox (reference §3–§8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkSendResponse } from '../../shared/domain/edoc.ts';
import type { CallOutcome } from '../../main/docsgw/outcome.ts';
import { normalizeStatusTimes } from '../../main/docsgw/status-times.ts';
import { sandboxAutoReads, sandboxCi } from '../../main/sandbox/docsgw/recipients.ts';
import { bulkItem, singleDocument, startTestSandbox, type TestSandbox } from '../helpers/sandbox-docsgw.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});

function binderOf(outcome: CallOutcome<BulkSendResponse>, ext: string): string {
  const r = outcome.kind === 'ok' ? outcome.value.documents.find((d) => d.external_document_uuid === ext) : undefined;
  if (!r?.document_binder_uuid) throw new Error(`no binder for ${ext}`);
  return r.document_binder_uuid;
}

describe('bulk send (POST /v1/documents/bulk)', () => {
  it('returns one result per item, matched by external_document_uuid, with every per-item error code', async () => {
    const { client, sink } = t.client();
    const items = [
      bulkItem('E-OK', 'accepted', 1),
      bulkItem('E-404', 'notFound', 1),
      bulkItem('E-403', 'forbidden', 1),
      bulkItem('E-400', 'invalidValue', 1),
      bulkItem('E-500', 'internalErrorAlways', 1),
      bulkItem('E-CI', 'accepted', 2, { receiver: { ci: sandboxCi('accepted', 2) } }),
    ];
    const out = await client.bulkSend({ documents: items }, { chunkId: 'c-1' });
    expect(out.kind).toBe('ok');
    if (out.kind !== 'ok') return;
    const byExt = new Map(out.value.documents.map((d) => [d.external_document_uuid, d]));
    expect(byExt.get('E-OK')?.document_binder_uuid).toMatch(/^BIN-[0-9a-f]{32}$/);
    expect(byExt.get('E-CI')?.document_binder_uuid).toMatch(/^BIN-[0-9a-f]{32}$/);
    expect(byExt.get('E-404')).toMatchObject({ error_code: 'NOT_FOUND', error_message: expect.stringContaining('존재하지 않는 전화번호') });
    expect(byExt.get('E-403')).toMatchObject({ error_code: 'FORBIDDEN', error_message: expect.stringContaining('수신거부') });
    expect(byExt.get('E-400')?.error_code).toBe('INVALID_VALUE');
    expect(byExt.get('E-500')?.error_code).toBe('INTERNAL_ERROR');
    expect(out.address).toBe('127.0.0.1');
    // The exchange log has the call, with its correlation.
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({ endpoint: 'bulkSend', method: 'POST', path: '/v1/documents/bulk', status: 200, correlation: { chunkId: 'c-1' } });
    expect(sink.records[0]?.requestHeaders['content-type']).toBe('application/json;charset=UTF-8');
    expect(sink.records[0]?.requestHeaders['contract-uuid']).toBe('***');
    // The sandbox ledger saw every item once.
    expect(t.sandbox.ledger.itemsFor('E-OK')).toMatchObject([{ result: 'ACCEPTED' }]);
    expect(t.sandbox.ledger.itemsFor('E-403')).toMatchObject([{ result: 'FORBIDDEN', documentBinderUuid: null }]);
  });

  it('5000: INTERNAL_ERROR the first time the recipient is seen, accepted when resent as a new item', async () => {
    const { client } = t.client();
    const first = await client.bulkSend({ documents: [bulkItem('R-1', 'internalErrorOnce', 77)] });
    expect(first.kind === 'ok' && first.value.documents[0]?.error_code).toBe('INTERNAL_ERROR');
    const again = await client.bulkSend({ documents: [bulkItem('R-2', 'internalErrorOnce', 77)] });
    expect(again.kind === 'ok' && again.value.documents[0]?.document_binder_uuid).toMatch(/^BIN-/);
    expect(t.sandbox.ledger.acceptedCountsByExternalId().get('R-2')).toBe(1);
  });
});

describe('status progression (bulk and single status)', () => {
  it('SENT → RECEIVED → READ / EXPIRED in virtual time, answered out of request order', async () => {
    const { client, sink } = t.client();
    const readExt = Array.from({ length: 50 }, (_, i) => `P-${i}`).find((e) => sandboxAutoReads(e)) ?? '';
    const unreadExt = Array.from({ length: 50 }, (_, i) => `P-${i}`).find((e) => !sandboxAutoReads(e)) ?? '';
    const sent = await client.bulkSend({
      documents: [
        bulkItem(readExt, 'accepted', 101),
        bulkItem(unreadExt, 'accepted', 102),
        bulkItem('P-7777', 'neverMember', 103),
        bulkItem('P-6666', 'neverRead', 104),
      ],
    });
    expect(sent.kind).toBe('ok');
    const ids = [readExt, unreadExt, 'P-7777', 'P-6666'].map((e) => binderOf(sent, e));
    const statusOf = async (): Promise<Map<string, string>> => {
      const out = await client.bulkStatus([...ids, 'BIN-ffffffffffffffffffffffffffffffff']);
      if (out.kind !== 'ok') throw new Error(out.kind);
      return new Map(out.value.documents.map((d) => [d.document_binder_uuid, d.status_data?.doc_box_status ?? d.error_code ?? '?']));
    };

    let s = await statusOf();
    expect(ids.map((id) => s.get(id))).toEqual(['SENT', 'SENT', 'SENT', 'SENT']);
    expect(s.get('BIN-ffffffffffffffffffffffffffffffff')).toBe('NOT_FOUND');
    // The order differs from the request's (seed 001 §3.3.2).
    const last = await client.bulkStatus(ids);
    expect(last.kind === 'ok' && last.value.documents.map((d) => d.document_binder_uuid)).not.toEqual(ids);

    t.sandbox.advanceClock(11 * MINUTE);
    s = await statusOf();
    expect(ids.map((id) => s.get(id))).toEqual(['RECEIVED', 'RECEIVED', 'SENT', 'RECEIVED']);

    t.sandbox.advanceClock(2 * DAY);
    s = await statusOf();
    expect(ids.map((id) => s.get(id))).toEqual(['READ', 'RECEIVED', 'SENT', 'RECEIVED']);
    const single = await client.singleStatus(ids[0] ?? '');
    expect(single.kind === 'ok' && single.value).toMatchObject({ doc_box_status: 'READ', payload: `row-${readExt}` });
    if (single.kind === 'ok') {
      const n = normalizeStatusTimes(single.value);
      expect(n.times.doc_box_read_at?.ms).toBe((single.value.doc_box_read_at ?? 0) * 1000);
      expect(String(single.value.doc_box_sent_at)).toHaveLength(10);
      // The undocumented field is in the raw body (kept for evidence) but not in the parsed value.
      expect(single.value).not.toHaveProperty('doc_distribution_received_at');
      expect(sink.records.at(-1)?.responseBody).toContain('doc_distribution_received_at');
    }

    t.sandbox.advanceClock(30 * DAY);
    s = await statusOf();
    expect(ids.map((id) => s.get(id))).toEqual(['READ', 'EXPIRED', 'EXPIRED', 'EXPIRED']);
  });

  it('a fast time scale moves documents on by itself', async () => {
    const fast = await startTestSandbox({ timeScale: 1_000_000 });
    try {
      const { client } = fast.client();
      const sent = await client.bulkSend({ documents: [bulkItem('F-1', 'neverRead', 5)] });
      const id = binderOf(sent, 'F-1');
      // 10 virtual minutes take 0.6 ms; 30 virtual days take 2.6 s. Wait at least the former.
      await new Promise((r) => setTimeout(r, 50));
      const s = await client.singleStatus(id);
      expect(s.kind === 'ok' && ['RECEIVED', 'EXPIRED']).toContain(s.kind === 'ok' ? s.value.doc_box_status : '');
    } finally {
      await fast.close();
    }
  });

  it('single status of an unknown document is rejected NOT_FOUND', async () => {
    const { client } = t.client();
    const out = await client.singleStatus('BIN-00000000000000000000000000000000');
    expect(out).toMatchObject({ kind: 'rejected', status: 404, errorCode: 'NOT_FOUND' });
  });
});

describe('single send (POST /v1/documents)', () => {
  it('sends the wrapped form by default and gets a binder uuid', async () => {
    const { client, sink } = t.client();
    const out = await client.singleSend(singleDocument('accepted', 300));
    expect(out.kind === 'ok' && out.value.document_binder_uuid).toMatch(/^BIN-/);
    expect(JSON.parse(sink.records[0]?.requestBody ?? '{}')).toHaveProperty('document.title');
  });

  it('maps recipient refusals to whole-request errors', async () => {
    const { client } = t.client();
    expect(await client.singleSend(singleDocument('notFound', 301))).toMatchObject({ kind: 'rejected', status: 404, errorCode: 'NOT_FOUND' });
    expect(await client.singleSend(singleDocument('forbidden', 302))).toMatchObject({ kind: 'rejected', status: 403, errorCode: 'FORBIDDEN' });
    expect(await client.singleSend(singleDocument('internalErrorAlways', 303))).toMatchObject({ kind: 'ambiguous', status: 500, code: 'INTERNAL_ERROR' });
  });

  it('the unwrapped form is refused by the default sandbox, and accepted by one told to expect it', async () => {
    const { client } = t.client({ service: { singleSendWrapper: 'none' } });
    const out = await client.singleSend(singleDocument('accepted', 304));
    expect(out).toMatchObject({ kind: 'rejected', status: 400, errorCode: 'INVALID_VALUE', message: expect.stringContaining('document') });
    const other = await startTestSandbox({ singleSendForm: 'none' });
    try {
      const c = other.client({ service: { singleSendWrapper: 'none' } }).client;
      const ok = await c.singleSend(singleDocument('accepted', 305));
      expect(ok.kind).toBe('ok');
    } finally {
      await other.close();
    }
  });
});

describe('landing page calls: OTT verify and read status', () => {
  async function receivedDocument(ext: string, n: number): Promise<string> {
    const { client } = t.client();
    const sent = await client.bulkSend({ documents: [bulkItem(ext, 'neverRead', n)] });
    t.sandbox.advanceClock(11 * MINUTE);
    return binderOf(sent, ext);
  }

  it('a token verifies once (USED), a second use is NOT_FOUND; read status answers 204 and makes it READ', async () => {
    const id = await receivedDocument('L-1', 400);
    const { client, sink } = t.client();
    const opened = t.sandbox.openDocument(id);
    expect(opened.token.length).toBeLessThanOrEqual(50);
    const url = new URL(opened.url);
    expect(url.origin + url.pathname).toBe('https://landing.docdesk.test/doc');
    expect(Object.fromEntries(url.searchParams)).toEqual({ document_binder_uuid: id, token: opened.token, external_document_uuid: 'L-1' });

    const v1 = await client.verifyToken(id, opened.token);
    expect(v1.kind === 'ok' && v1.value).toMatchObject({ token_status: 'USED', payload: 'row-L-1' });
    if (v1.kind === 'ok') expect(v1.value.token_used_at).toBeGreaterThanOrEqual(v1.value.authenticated_at ?? Infinity);
    expect(await client.verifyToken(id, opened.token)).toMatchObject({ kind: 'rejected', status: 404, errorCode: 'NOT_FOUND' });
    expect(await client.verifyToken(id, 'OTT-never-issued')).toMatchObject({ kind: 'rejected', status: 404 });

    const before = await client.singleStatus(id);
    expect(before.kind === 'ok' && before.value.doc_box_status).toBe('RECEIVED');
    const read = await client.readStatus(id);
    expect(read).toEqual({ kind: 'ok', value: undefined, status: 204, address: '127.0.0.1' });
    const after = await client.singleStatus(id);
    expect(after.kind === 'ok' && after.value).toMatchObject({ doc_box_status: 'READ' });
    // Only the first read counts; a retry is harmless.
    const again = await client.readStatus(id);
    expect(again.kind).toBe('ok');
    const after2 = await client.singleStatus(id);
    expect(after2.kind === 'ok' && after.kind === 'ok' && after2.value.doc_box_read_at).toBe(after.kind === 'ok' ? after.value.doc_box_read_at : -1);

    // The OTT path is logged without the token; Contract-Uuid is not sent on OTT / read status by default.
    const ott = sink.records.filter((r) => r.endpoint === 'verifyToken');
    expect(ott[0]?.path).toBe(`/v1/${id}/tokens/***`);
    expect(sink.serialized()).not.toContain(opened.token);
    expect(ott[0]?.requestHeaders).not.toHaveProperty('contract-uuid');
    expect(sink.records.find((r) => r.endpoint === 'readStatus')?.requestHeaders).not.toHaveProperty('contract-uuid');
    expect(sink.records.find((r) => r.endpoint === 'singleStatus')?.requestHeaders['contract-uuid']).toBe('***');
  });

  it('a token of another document is NOT_FOUND', async () => {
    const a = await receivedDocument('L-2', 401);
    const b = await receivedDocument('L-3', 402);
    const { client } = t.client();
    const token = t.sandbox.openDocument(a).token;
    expect(await client.verifyToken(b, token)).toMatchObject({ kind: 'rejected', errorCode: 'NOT_FOUND' });
  });

  it('read status without the OTT verification records the read but does not make it READ', async () => {
    const id = await receivedDocument('L-4', 403);
    const { client } = t.client();
    expect((await client.readStatus(id)).kind).toBe('ok');
    const s = await client.singleStatus(id);
    expect(s.kind === 'ok' && s.value).toMatchObject({ doc_box_status: 'RECEIVED' });
    expect(s.kind === 'ok' && s.value.doc_box_read_at).toBeGreaterThan(0);
  });

  it('contractUuidOnAllCalls sends the Contract-Uuid on OTT and read status too', async () => {
    const id = await receivedDocument('L-5', 404);
    const { client, sink } = t.client({ service: { contractUuidOnAllCalls: true } });
    const v = await client.verifyToken(id, t.sandbox.openDocument(id).token);
    expect(v.kind).toBe('ok');
    expect((await client.readStatus(id)).kind).toBe('ok');
    expect(sink.records.map((r) => r.requestHeaders['contract-uuid'])).toEqual(['***', '***']);
  });

  it('a document that has not arrived (SENT) cannot be opened', async () => {
    const { client } = t.client();
    const sent = await client.bulkSend({ documents: [bulkItem('L-6', 'neverMember', 405)] });
    expect(() => t.sandbox.openDocument(binderOf(sent, 'L-6'))).toThrow(/SENT/);
  });
});
