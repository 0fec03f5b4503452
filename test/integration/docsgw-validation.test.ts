// The spec's letter, twice: the client refuses a bad request BEFORE sending (nothing on the wire, nothing
// in the log), and the sandbox refuses the same request sent raw with 400 INVALID_VALUE naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocsGwRequestError } from '../../main/docsgw/errors.ts';
import type { BulkDocumentItem } from '../../shared/domain/edoc.ts';
import { bulkItem, startTestSandbox, type TestSandbox } from '../helpers/sandbox-docsgw.ts';
import { rawRequest } from '../helpers/sandbox-raw-request.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});

const many = (count: number) => Array.from({ length: count }, (_, i) => bulkItem(`V-${i}`, 'accepted', i));
const withReceiver = (r: unknown): BulkDocumentItem => ({ ...bulkItem('V-R'), receiver: r as BulkDocumentItem['receiver'] });
const pastSeconds = () => Math.floor(Date.now() / 1000) - 60;

/** Bad documents, what the client must refuse, and the field the sandbox must name. */
const BAD: [string, () => unknown, string][] = [
  ['Hangul in the link', () => ({ ...bulkItem('V-H'), property: { ...bulkItem('V-H').property, link: 'https://기관.kr/doc' } }), 'documents[0].property.link'],
  ['an undocumented field', () => ({ ...bulkItem('V-U'), priority: 'high' }), 'documents[0].priority'],
  ['ci and phone together', () => withReceiver({ ci: 'x'.repeat(88), phone_number: '01012341234' }), 'documents[0].receiver'],
  ['identity form without is_required_verify_name', () => withReceiver({ phone_number: '01012341234', name: '김페이', birthday: '19800101' }), 'documents[0].receiver.is_required_verify_name'],
  ['both deadlines', () => ({ ...bulkItem('V-D'), read_expired_at: Math.floor(Date.now() / 1000) + 3600 }), 'read_expired_at'],
  ['no deadline', () => { const { read_expired_sec: _s, ...rest } = bulkItem('V-N'); return rest; }, 'read_expired_at'],
  ['a deadline in the past', () => { const { read_expired_sec: _s, ...rest } = bulkItem('V-P'); return { ...rest, read_expired_at: pastSeconds() }; }, 'documents[0].read_expired_at'],
  ['a title over 40 characters', () => ({ ...bulkItem('V-T'), title: '가'.repeat(41) }), 'documents[0].title'],
  ['an external id over 40 characters', () => bulkItem('X'.repeat(41)), 'documents[0].property.external_document_uuid'],
  ['cs_name over 10 characters', () => ({ ...bulkItem('V-C'), property: { ...bulkItem('V-C').property, cs_name: '고객센터고객센터고객센' } }), 'documents[0].property.cs_name'],
];

describe('client validation before sending', () => {
  it('refuses 101 documents: typed error, nothing sent, nothing logged', async () => {
    const { client, sink } = t.client();
    const before = t.sandbox.ledger.summary().requests;
    const err = await client.bulkSend({ documents: many(101) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocsGwRequestError);
    expect((err as DocsGwRequestError).issues[0]?.path).toBe('documents');
    expect((err as DocsGwRequestError).message).toContain('100');
    expect(sink.records).toEqual([]);
    expect(t.sandbox.ledger.summary().requests).toBe(before);
  });

  it.each(BAD)('refuses %s', async (_name, doc, field) => {
    const { client, sink } = t.client();
    const err = await client.bulkSend({ documents: [doc() as BulkDocumentItem] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocsGwRequestError);
    expect((err as DocsGwRequestError).issues.map((i) => i.path).join(' ')).toContain(field.replace(/^documents\[0\]\./, ''));
    expect(sink.records).toEqual([]);
  });

  it('refuses duplicate external ids within one request', async () => {
    const { client } = t.client();
    const err = await client.bulkSend({ documents: [bulkItem('DUP', 'accepted', 1), bulkItem('DUP', 'accepted', 2)] }).catch((e: unknown) => e);
    expect((err as DocsGwRequestError).issues[0]?.path).toBe('documents[1].property.external_document_uuid');
  });

  it('refuses 101 status ids and an over-long binder uuid', async () => {
    const { client } = t.client();
    await expect(client.bulkStatus(Array.from({ length: 101 }, (_, i) => `BIN-${i}`))).rejects.toBeInstanceOf(DocsGwRequestError);
    await expect(client.singleStatus('B'.repeat(41))).rejects.toBeInstanceOf(DocsGwRequestError);
    await expect(client.verifyToken('BIN-x', '')).rejects.toBeInstanceOf(DocsGwRequestError);
  });
});

describe('sandbox validation of raw requests', () => {
  const send = (body: unknown, headers: Record<string, string> = {}) =>
    rawRequest(t.sandbox, { method: 'POST', path: '/v1/documents/bulk', body: JSON.stringify(body), headers });

  it('refuses a raw 101-document request with 400 INVALID_VALUE', async () => {
    const r = await send({ documents: many(101) });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'INVALID_VALUE', error_message: expect.stringContaining('documents') });
    expect(t.sandbox.ledger.requests().at(-1)).toMatchObject({ endpoint: 'bulkSend', itemCount: 101, httpStatus: 400, outcome: 'INVALID_VALUE' });
    expect(t.sandbox.ledger.itemsFor('V-0')).toEqual([]);
  });

  it('accepts exactly 100 documents', async () => {
    const docs = many(100).map((d, i) => ({ ...d, property: { ...d.property, external_document_uuid: `H-${i}` } }));
    const r = await send({ documents: docs });
    expect(r.status).toBe(200);
    expect((r.json as { documents: unknown[] }).documents).toHaveLength(100);
  });

  it('refuses an empty documents array', async () => {
    expect((await send({ documents: [] })).status).toBe(400);
  });

  it.each(BAD)('refuses %s, naming the field', async (_name, doc, field) => {
    const r = await send({ documents: [doc()] });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'INVALID_VALUE' });
    expect((r.json as { error_message: string }).error_message).toContain(field);
  });

  it('refuses duplicate external ids within one request', async () => {
    const r = await send({ documents: [bulkItem('RD', 'accepted', 1), bulkItem('RD', 'accepted', 2)] });
    expect(r.status).toBe(400);
    expect((r.json as { error_message: string }).error_message).toContain('documents[1].property.external_document_uuid');
  });

  it('checks the method, path, credentials, Contract-Uuid, Content-Type and JSON', async () => {
    const ok = { documents: [bulkItem('RH-1')] };
    expect((await rawRequest(t.sandbox, { method: 'POST', path: '/v1/documents/bulk', body: JSON.stringify(ok), auth: false })).status).toBe(401);
    expect((await send(ok, { authorization: 'Bearer wrong' })).json).toMatchObject({ error_code: 'UNAUTHORIZED' });
    expect((await send(ok, { 'contract-uuid': 'CON-00000000000000000000000000000000' })).status).toBe(404);
    const noContract = await rawRequest(t.sandbox, {
      method: 'POST',
      path: '/v1/documents/bulk',
      body: JSON.stringify(ok),
      auth: false,
      headers: { authorization: `Bearer ${t.sandbox.accessToken}` },
    });
    expect(noContract).toMatchObject({ status: 400, json: { error_code: 'INVALID_VALUE', error_message: expect.stringContaining('Contract-Uuid') } });
    expect((await send(ok, { 'content-type': 'text/plain' })).status).toBe(400);
    expect((await rawRequest(t.sandbox, { method: 'POST', path: '/v1/documents/bulk', body: '{"documents": [' })).status).toBe(400);
    expect((await rawRequest(t.sandbox, { method: 'GET', path: '/v1/documents/bulk' })).status).toBe(405);
    expect((await rawRequest(t.sandbox, { method: 'GET', path: '/v2/whatever' })).json).toMatchObject({ error_code: 'NOT_FOUND' });
    expect(t.sandbox.ledger.itemsFor('RH-1')).toEqual([]);
  });

  it('read status wants exactly {"document":{"is_detail_read":true}}', async () => {
    const r = await rawRequest(t.sandbox, { method: 'POST', path: '/v1/documents/BIN-x', body: JSON.stringify({ is_detail_read: true }) });
    expect(r.status).toBe(400);
    expect((r.json as { error_message: string }).error_message).toContain('document');
  });
});
