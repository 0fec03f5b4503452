// Whole-request errors and transport faults, end to end: what the client answers, and what the sandbox
// ledger proves actually happened (an "ambiguous" outcome must be one the gateway may really have processed).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { normalizeStatusTimes } from '../../main/docsgw/status-times.ts';
import { tlsServer } from '../helpers/sandbox-raw-servers.ts';
import { bulkItem, startTestSandbox, type TestSandbox } from '../helpers/sandbox-docsgw.ts';

let t: TestSandbox;
let n = 1000;
const items = (prefix: string, count = 2) =>
  Array.from({ length: count }, (_, i) => bulkItem(`${prefix}-${i}`, 'accepted', n++));

beforeAll(async () => {
  t = await startTestSandbox();
});
afterEach(async () => {
  await t.sandbox.clearFaults();
});
afterAll(async () => {
  await t.close();
});

describe('whole-request errors (reference §9)', () => {
  it('400 INVALID_VALUE → rejected; UNIDENTIFIED_USER is treated as INVALID_VALUE with the raw code kept', async () => {
    const { client } = t.client();
    await t.sandbox.setFaults({ wholeRequest: { status: 400, errorCode: 'INVALID_VALUE', count: 1 } });
    expect(await client.bulkSend({ documents: items('W400') })).toMatchObject({ kind: 'rejected', status: 400, errorCode: 'INVALID_VALUE' });
    await t.sandbox.setFaults({ wholeRequest: { status: 400, errorCode: 'UNIDENTIFIED_USER', errorMessage: '사용자를 식별할 수 없습니다.' } });
    expect(await client.bulkSend({ documents: items('WUU') })).toMatchObject({
      kind: 'rejected',
      status: 400,
      errorCode: 'INVALID_VALUE',
      rawErrorCode: 'UNIDENTIFIED_USER',
      message: '사용자를 식별할 수 없습니다.',
    });
    expect(t.sandbox.ledger.itemsFor('W400-0')).toEqual([]);
  });

  it('401 for a wrong access token, 404 for an unknown Contract-Uuid; nothing processed', async () => {
    const wrongToken = t.client({ credentials: { accessToken: 'not-the-token', contractUuid: t.sandbox.contractUuid } }).client;
    expect(await wrongToken.bulkSend({ documents: items('W401') })).toMatchObject({ kind: 'rejected', status: 401, errorCode: 'UNAUTHORIZED' });
    const wrongContract = t.client({ credentials: { accessToken: t.sandbox.accessToken, contractUuid: 'CON-00000000000000000000000000000000' } }).client;
    expect(await wrongContract.bulkSend({ documents: items('W404') })).toMatchObject({ kind: 'rejected', status: 404, errorCode: 'NOT_FOUND' });
    expect(t.sandbox.ledger.itemsFor('W401-0')).toEqual([]);
    expect(t.sandbox.ledger.itemsFor('W404-0')).toEqual([]);
    const outcomes = t.sandbox.ledger.requests().slice(-2).map((r) => [r.httpStatus, r.outcome]);
    expect(outcomes).toEqual([
      [401, 'UNAUTHORIZED'],
      [404, 'NOT_FOUND'],
    ]);
  });

  it('404 and 401 injected as faults are rejected too', async () => {
    const { client } = t.client();
    await t.sandbox.setFaults({ wholeRequest: { status: 404, errorCode: 'NOT_FOUND', count: 1 } });
    expect(await client.bulkStatus(['BIN-x'])).toMatchObject({ kind: 'rejected', status: 404, errorCode: 'NOT_FOUND' });
    await t.sandbox.setFaults({ wholeRequest: { status: 401, errorCode: 'UNAUTHORIZED', count: 1 } });
    expect(await client.singleStatus('BIN-x')).toMatchObject({ kind: 'rejected', status: 401, errorCode: 'UNAUTHORIZED' });
  });

  it('500 INTERNAL_ERROR and INTERNAL_SERVER_ERROR are both ambiguous, normalised to INTERNAL_ERROR', async () => {
    const { client } = t.client();
    await t.sandbox.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_ERROR', count: 1 } });
    expect(await client.bulkSend({ documents: items('W500A') })).toMatchObject({ kind: 'ambiguous', status: 500, code: 'INTERNAL_ERROR' });
    await t.sandbox.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_SERVER_ERROR', count: 1 } });
    const out = await client.bulkSend({ documents: items('W500B') });
    expect(out).toMatchObject({ kind: 'ambiguous', status: 500, code: 'INTERNAL_ERROR', rawErrorCode: 'INTERNAL_SERVER_ERROR' });
    expect(out.kind === 'ambiguous' && out.message).toBe('서버 에러입니다. 다시 시도해 주세요.');
  });

  it('a 500 after processing: the client says ambiguous, and the ledger shows why (items were accepted)', async () => {
    const { client } = t.client();
    await t.sandbox.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_SERVER_ERROR', processFirst: true, count: 1 } });
    expect((await client.bulkSend({ documents: items('W500P') })).kind).toBe('ambiguous');
    expect(t.sandbox.ledger.itemsFor('W500P-0')).toMatchObject([{ result: 'ACCEPTED' }]);
    expect(t.sandbox.ledger.requests().at(-1)).toMatchObject({ httpStatus: 200, fault: 'wholeRequest' });
  });

  it('a proxy HTML 502 is ambiguous (HTTP_502); an HTML 4xx is rejected (HTTP_4xx)', async () => {
    const { client, sink } = t.client();
    await t.sandbox.setFaults({ nonJsonError: { count: 1 } });
    expect(await client.bulkSend({ documents: items('W502') })).toMatchObject({ kind: 'ambiguous', status: 502, code: 'HTTP_502' });
    expect(sink.records.at(-1)?.responseBody).toContain('<html>');
    await t.sandbox.setFaults({ nonJsonError: { status: 403, count: 1 } });
    expect(await client.bulkStatus(['BIN-x'])).toMatchObject({ kind: 'rejected', status: 403, errorCode: 'HTTP_403' });
    expect(t.sandbox.ledger.itemsFor('W502-0')).toEqual([]);
  });
});

describe('timestamps', () => {
  it('13-digit millisecond timestamps parse and normalise to the same instants as seconds', async () => {
    const { client } = t.client();
    const sent = await client.bulkSend({ documents: [bulkItem('TS-1', 'accepted', n++)] });
    const id = sent.kind === 'ok' ? (sent.value.documents[0]?.document_binder_uuid ?? '') : '';
    const secs = await client.singleStatus(id);
    await t.sandbox.setFaults({ timestampsInMillis: { endpoints: ['singleStatus', 'bulkStatus'] } });
    const millis = await client.singleStatus(id);
    const bulk = await client.bulkStatus([id]);
    if (secs.kind !== 'ok' || millis.kind !== 'ok' || bulk.kind !== 'ok') throw new Error('status failed');
    expect(String(secs.value.doc_box_sent_at)).toHaveLength(10);
    expect(String(millis.value.doc_box_sent_at)).toHaveLength(13);
    expect(normalizeStatusTimes(millis.value).times.doc_box_sent_at?.ms).toBe(normalizeStatusTimes(secs.value).times.doc_box_sent_at?.ms);
    expect(String(bulk.value.documents[0]?.status_data?.doc_box_sent_at)).toHaveLength(13);
  });
});

describe('transport faults', () => {
  it('timeout after the body → ambiguous, and the gateway did accept the items', async () => {
    const { client, sink } = t.client({ service: { timeoutMs: 800 } });
    await t.sandbox.setFaults({ timeoutAfterBody: { endpoints: ['bulkSend'], count: 1 } });
    const out = await client.bulkSend({ documents: items('TO') });
    expect(out).toMatchObject({ kind: 'ambiguous', code: 'UND_ERR_HEADERS_TIMEOUT', status: null });
    expect(sink.records).toHaveLength(1); // never sent to the other address
    expect(sink.records[0]?.failure).toMatchObject({ phase: 'response', bodySent: true });
    expect(t.sandbox.ledger.itemsFor('TO-0')).toMatchObject([{ result: 'ACCEPTED' }]);
    expect(t.sandbox.ledger.requests().at(-1)?.fault).toBe('timeoutAfterBody');
  });

  it('reset mid-response → ambiguous, and the gateway did accept the items', async () => {
    const { client, sink } = t.client();
    await t.sandbox.setFaults({ resetMidResponse: { endpoints: ['bulkSend'], count: 1 } });
    const out = await client.bulkSend({ documents: items('RS') });
    expect(out).toMatchObject({ kind: 'ambiguous', status: 200 });
    expect(sink.records).toHaveLength(1);
    expect(t.sandbox.ledger.itemsFor('RS-1')).toMatchObject([{ result: 'ACCEPTED' }]);
    // The next call works normally.
    expect((await client.bulkStatus(['BIN-x'])).kind).toBe('ok');
  });

  it('latency delays but does not break a call; a counted fault is used up', async () => {
    const { client } = t.client();
    await t.sandbox.setFaults({ latencyMs: { ms: 200, count: 1 } });
    expect((await client.singleStatus('BIN-x')).kind).toBe('rejected');
    expect(t.sandbox.faults()).toEqual({});
  });

  it('fail-over: one address refuses connections; the exchange log shows both attempts', async () => {
    await t.sandbox.setFaults({ refuseAddresses: ['127.0.0.1'] });
    const { client, sink } = t.client();
    const out = await client.bulkSend({ documents: items('FO') });
    expect(out).toMatchObject({ kind: 'ok', address: '127.0.0.2' });
    expect(sink.records.map((r) => [r.address, r.failure?.phase ?? r.status, r.failure?.bodySent ?? null])).toEqual([
      ['127.0.0.1', 'connect', false],
      ['127.0.0.2', 200, null],
    ]);
    expect(t.sandbox.ledger.requests().at(-1)?.address).toBe('127.0.0.2');
    // Once 127.0.0.1 is back, the client keeps using the address that worked last.
    await t.sandbox.clearFaults();
    await client.bulkStatus(['BIN-x']);
    expect(sink.records.at(-1)?.address).toBe('127.0.0.2');
    expect(t.sandbox.ledger.acceptedCountsByExternalId().get('FO-0')).toBe(1);
  });

  it('connection refused on every address → not-sent; nothing reached the gateway', async () => {
    await t.sandbox.setFaults({ refuseAddresses: ['127.0.0.1', '127.0.0.2'] });
    const before = t.sandbox.ledger.summary().requests;
    const { client, sink } = t.client();
    const out = await client.bulkSend({ documents: items('RF') });
    expect(out).toMatchObject({ kind: 'not-sent', code: 'ECONNREFUSED' });
    expect(out.kind === 'not-sent' && out.message).toContain('127.0.0.2');
    expect(sink.records.map((r) => r.address)).toEqual(['127.0.0.1', '127.0.0.2']);
    expect(t.sandbox.ledger.summary().requests).toBe(before);
    // Listening again once cleared: the same client now gets through.
    await t.sandbox.clearFaults();
    expect((await client.bulkSend({ documents: items('RF2') })).kind).toBe('ok');
  });

  it('an unparsable 2xx is ambiguous and logged as a parse failure', async () => {
    const server = await tlsServer('ok'); // answers 200 {"ok":true} with the sandbox certificate
    try {
      const { client, sink } = t.client({ service: { addresses: ['127.0.0.1'], port: server.port } });
      const out = await client.bulkSend({ documents: items('UP') });
      expect(out).toMatchObject({ kind: 'ambiguous', code: 'UNPARSABLE_RESPONSE', status: 200 });
      expect(sink.records[0]?.failure).toMatchObject({ phase: 'parse', bodySent: true });
    } finally {
      await server.close();
    }
  });
});
