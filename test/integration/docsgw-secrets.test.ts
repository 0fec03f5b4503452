// Secrets never reach the exchange log: planted marker values for the access token, the Contract-Uuid and
// an OTT token are searched for in every serialized record, across successes, rejections and failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bulkItem, singleDocument, startTestSandbox, type TestSandbox } from '../helpers/sandbox-docsgw.ts';

const TOKEN = 'MARKER-ACCESS-TOKEN-9d1f7c2e5a';
const CONTRACT = 'CON-feedfacefeedfacefeedfacefeedface';
let t: TestSandbox;

beforeAll(async () => {
  t = await startTestSandbox({ accessToken: TOKEN, contractUuid: CONTRACT });
});
afterAll(async () => {
  await t.close();
});

describe('secrets in the exchange log', () => {
  it('never contains the access token, the Contract-Uuid or the OTT token', async () => {
    const { client, sink } = t.client({ service: { contractUuidOnAllCalls: true, timeoutMs: 800 } });
    const sent = await client.bulkSend({ documents: [bulkItem('S-1', 'neverRead', 1), bulkItem('S-2', 'forbidden', 2)] });
    const id = sent.kind === 'ok' ? (sent.value.documents[0]?.document_binder_uuid ?? '') : '';
    await client.singleSend(singleDocument('accepted', 3));
    await client.bulkStatus([id]);
    await client.singleStatus(id);
    t.sandbox.advanceClock(15 * 60_000);
    const { token } = t.sandbox.openDocument(id);
    await client.verifyToken(id, token);
    await client.verifyToken(id, token); // rejected reuse
    await client.readStatus(id);
    await t.sandbox.setFaults({ timeoutAfterBody: { count: 1 } });
    await client.singleStatus(id); // ambiguous
    await t.sandbox.clearFaults();
    // A wrong token (401) with its own marker.
    const wrong = t.client({ credentials: { accessToken: 'MARKER-WRONG-TOKEN-4b2a', contractUuid: CONTRACT } });
    await wrong.client.singleStatus(id);

    const all = sink.serialized() + wrong.sink.serialized();
    expect(sink.records).toHaveLength(8);
    for (const secret of [TOKEN, CONTRACT, token, 'MARKER-WRONG-TOKEN-4b2a']) expect(all).not.toContain(secret);
    expect(all).not.toContain('MARKER');
    expect(sink.records.every((r) => r.requestHeaders['authorization'] === 'Bearer ***')).toBe(true);
    expect(sink.records.every((r) => r.requestHeaders['contract-uuid'] === '***')).toBe(true);
    // Only allow-listed headers are kept; the response Date is one of them.
    const names = new Set(sink.records.flatMap((r) => Object.keys(r.requestHeaders)));
    expect([...names].sort()).toEqual(['authorization', 'content-length', 'content-type', 'contract-uuid', 'host']);
    expect(sink.records.find((r) => r.status === 200)?.responseHeaders['date']).toMatch(/GMT$/);
  });
});
