// TLS is verified against the profile's HOST NAME, whatever address is pinned; a mismatch never sends.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDocsGwClient } from '../../main/docsgw/client.ts';
import { DocsGwConfigError } from '../../main/docsgw/errors.ts';
import { docsgwServiceSchema } from '../../shared/domain/profile.ts';
import { createMemoryExchangeSink } from '../helpers/sandbox-exchange-sink.ts';
import { bulkItem, startTestSandbox, type TestSandbox } from '../helpers/sandbox-docsgw.ts';

let t: TestSandbox;
beforeAll(async () => {
  t = await startTestSandbox();
});
afterAll(async () => {
  await t.close();
});

describe('TLS host-name verification', () => {
  it('docs-gw.kakaopay.com pinned to 127.0.0.1 against the sandbox: refused as not-sent, nothing reached it', async () => {
    const before = t.sandbox.ledger.summary().requests;
    const { client, sink } = t.client({ service: { host: 'docs-gw.kakaopay.com', addresses: ['127.0.0.1'] } });
    const out = await client.bulkSend({ documents: [bulkItem('TLS-1')] });
    expect(out).toMatchObject({ kind: 'not-sent', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({ host: 'docs-gw.kakaopay.com', address: '127.0.0.1', failure: { phase: 'tls', bodySent: false } });
    expect(t.sandbox.ledger.summary().requests).toBe(before);
  });

  it('a certificate failure is "never left", so the next address is tried too', async () => {
    const { client, sink } = t.client({ service: { host: 'docs-gw.kakaopay.com' } });
    const out = await client.singleStatus('BIN-x');
    expect(out.kind).toBe('not-sent');
    expect(sink.records.map((r) => [r.address, r.failure?.phase])).toEqual([
      ['127.0.0.1', 'tls'],
      ['127.0.0.2', 'tls'],
    ]);
  });

  it('without the test CA the sandbox is not trusted', async () => {
    const sink = createMemoryExchangeSink();
    const { caFile: _unused, ...noCa } = t.service();
    const client = createDocsGwClient({
      profileKind: 'test',
      service: docsgwServiceSchema.parse(noCa),
      credentials: () => ({ accessToken: t.sandbox.accessToken, contractUuid: t.sandbox.contractUuid }),
      exchangeSink: sink,
    });
    try {
      expect(await client.singleStatus('BIN-x')).toMatchObject({ kind: 'not-sent' });
      expect(sink.records[0]?.failure?.phase).toBe('tls');
    } finally {
      await client.close();
    }
  });

  it('empty addresses: connects by host name (DNS) and still verifies the certificate', async () => {
    const { client, sink } = t.client({ service: { host: 'localhost', addresses: [] } });
    const out = await client.singleStatus('BIN-x');
    expect(out).toMatchObject({ kind: 'rejected', status: 404 });
    expect(sink.records[0]).toMatchObject({ host: 'localhost', address: null });
  });
});

describe('production profile rule', () => {
  const service = (port: number) => docsgwServiceSchema.parse({ host: 'docs-gw.kakaopay.com', addresses: ['113.29.182.90'], port });
  const build = (port: number) =>
    createDocsGwClient({
      profileKind: 'production',
      service: service(port),
      credentials: () => ({ accessToken: 'x', contractUuid: 'y' }),
      exchangeSink: createMemoryExchangeSink(),
    });

  it('refuses port 8443 at construction with a clear Korean message', () => {
    expect(() => build(8443)).toThrow(DocsGwConfigError);
    expect(() => build(8443)).toThrow(/443 포트만/);
  });

  it('accepts port 443 (no connection is opened at construction)', async () => {
    const c = build(443);
    await c.close();
  });
});
