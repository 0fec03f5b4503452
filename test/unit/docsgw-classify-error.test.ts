// classifyError and the fail-over rule against real sockets: the heart of "never double-send".
// Each server produces one precise failure; the test checks the phase, whether the body may have been
// sent, what the exchange log says, and that an address is tried again only when nothing left.
import { afterEach, describe, expect, it } from 'vitest';
import { classifyError, markConnectPhaseError } from '../../main/http/classify-error.ts';
import { createServiceClient, type ServiceClient } from '../../main/http/service-client.ts';
import { SANDBOX_CA_FILE } from '../../main/sandbox/tls/paths.ts';
import { serviceEndpointSchema } from '../../shared/domain/profile.ts';
import { createMemoryExchangeSink, type MemoryExchangeSink } from '../helpers/sandbox-exchange-sink.ts';
import {
  closedPort,
  resetOnConnectServer,
  silentTcpServer,
  tlsServer,
  type RawServer,
} from '../helpers/sandbox-raw-servers.ts';

const HOST = 'docs-gw.sandbox.docdesk.test';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function keep(server: RawServer): RawServer {
  cleanups.push(() => server.close());
  return server;
}

function client(
  port: number,
  opts: { addresses?: string[]; host?: string; caFile?: string | null; timeoutMs?: number; localAddress?: string } = {},
): {
  http: ServiceClient;
  sink: MemoryExchangeSink;
} {
  const sink = createMemoryExchangeSink();
  const http = createServiceClient({
    service: 'docsgw',
    exchangeSink: sink,
    endpoint: serviceEndpointSchema.parse({
      host: opts.host ?? HOST,
      addresses: opts.addresses ?? ['127.0.0.1'],
      port,
      ...(opts.caFile === null ? {} : { caFile: opts.caFile ?? SANDBOX_CA_FILE }),
      connectTimeoutMs: 500,
      timeoutMs: opts.timeoutMs ?? 1_000,
      ...(opts.localAddress !== undefined ? { localAddress: opts.localAddress } : {}),
    }),
  });
  cleanups.push(() => http.close());
  return { http, sink };
}

const post = { endpoint: 'bulkSend', method: 'POST' as const, path: '/v1/documents/bulk', headers: { 'content-type': 'application/json' }, body: '{"documents":[]}' };

describe('classifyError with real sockets', () => {
  it('connection refused: connect phase, not sent', async () => {
    const port = await closedPort();
    const { http, sink } = client(port);
    const r = await http.request(post);
    expect(r.kind).toBe('failure');
    if (r.kind !== 'failure') return;
    expect(r.failure).toMatchObject({ phase: 'connect', code: 'ECONNREFUSED', bodySent: false });
    expect(sink.records).toHaveLength(1);
    expect(sink.records[0]).toMatchObject({ address: '127.0.0.1', status: null, failure: { phase: 'connect', bodySent: false } });
  });

  it('a server that accepts TCP and never answers: connect timeout, not sent', async () => {
    const server = keep(await silentTcpServer());
    const { http } = client(server.port);
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ phase: 'connect', code: 'UND_ERR_CONNECT_TIMEOUT', bodySent: false });
    expect(server.requests).toBe(0);
  });

  it('a reset during the TLS handshake: tls phase, not sent', async () => {
    const server = keep(await resetOnConnectServer());
    const { http } = client(server.port);
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ phase: 'tls', bodySent: false });
  });

  it('a TLS host-name mismatch: tls phase, not sent, certificate checked against the host name', async () => {
    const server = keep(await tlsServer('ok'));
    const { http } = client(server.port, { host: 'docs-gw.kakaopay.com' });
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ phase: 'tls', code: 'ERR_TLS_CERT_ALTNAME_INVALID', bodySent: false });
    expect(server.requests).toBe(0);
  });

  it('an untrusted CA (no caFile): tls phase, not sent; the system roots alone do not trust the test CA', async () => {
    const server = keep(await tlsServer('ok'));
    const { http } = client(server.port, { caFile: null });
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ phase: 'tls', bodySent: false });
    expect(server.requests).toBe(0);
  });

  it('the test CA added to the system roots: the request succeeds', async () => {
    const server = keep(await tlsServer('ok'));
    const { http, sink } = client(server.port);
    const r = await http.request(post);
    expect(r.kind).toBe('response');
    expect(r.kind === 'response' && r.response.status).toBe(200);
    expect(server.bodies).toEqual(['{"documents":[]}']);
    expect(sink.records[0]?.failure).toBeNull();
  });

  it('binds the local address when the profile names one (bulk traffic on its own line)', async () => {
    const server = keep(await tlsServer('ok'));
    const { http, sink } = client(server.port, { localAddress: '127.0.0.3' });
    const r = await http.request(post);
    expect(r.kind).toBe('response');
    expect(server.remotes).toEqual(['127.0.0.3']);
    expect(sink.records[0]?.requestHeaders['host']).toBe(`${HOST}:${server.port}`);
  });

  it('a server that reads the body and never answers: response phase, body sent (ambiguous)', async () => {
    const server = keep(await tlsServer('silentAfterBody'));
    const { http, sink } = client(server.port, { timeoutMs: 800 });
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ phase: 'response', code: 'UND_ERR_HEADERS_TIMEOUT', bodySent: true });
    expect(server.requests).toBe(1);
    expect(sink.records[0]?.failure?.bodySent).toBe(true);
  });

  it('a server that resets after reading the body: body sent (ambiguous)', async () => {
    const server = keep(await tlsServer('resetAfterBody'));
    const { http } = client(server.port);
    const r = await http.request(post);
    expect(r.kind).toBe('failure');
    if (r.kind !== 'failure') return;
    expect(r.failure.bodySent).toBe(true);
    expect(r.failure.phase).toBe('response');
    expect(server.requests).toBe(1);
  });

  it('a reset in the middle of the response body: body sent, status kept', async () => {
    const server = keep(await tlsServer('resetMidBody'));
    const { http, sink } = client(server.port);
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ phase: 'response', bodySent: true });
    expect(r.kind === 'failure' && r.status).toBe(200);
    expect(sink.records[0]?.status).toBe(200);
  });
});

describe('fail-over follows classifyError', () => {
  it('moves to the next address only when the request never left, and logs both attempts', async () => {
    const good = keep(await tlsServer('ok', '127.0.0.2'));
    // Nothing listens on 127.0.0.1 at that port.
    const { http, sink } = client(good.port, { addresses: ['127.0.0.1', '127.0.0.2'] });
    const r = await http.request(post);
    expect(r.kind === 'response' && r.response.address).toBe('127.0.0.2');
    expect(sink.records.map((x) => [x.address, x.failure?.code ?? x.status])).toEqual([
      ['127.0.0.1', 'ECONNREFUSED'],
      ['127.0.0.2', 200],
    ]);
    // The next call starts with the address that worked.
    expect(http.addressOrder()).toEqual(['127.0.0.2', '127.0.0.1']);
    await http.request(post);
    expect(sink.records[2]?.address).toBe('127.0.0.2');
  });

  it('never tries another address after the body may have been sent', async () => {
    const bad = keep(await tlsServer('resetAfterBody', '127.0.0.1'));
    const good = keep(await tlsServer('ok', '127.0.0.2', bad.port));
    const { http, sink } = client(bad.port, { addresses: ['127.0.0.1', '127.0.0.2'] });
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure.bodySent).toBe(true);
    expect(bad.requests).toBe(1);
    expect(good.requests).toBe(0);
    expect(sink.records).toHaveLength(1);
  });

  it('refused everywhere: not sent, one record per address', async () => {
    const port = await closedPort('127.0.0.2');
    const { http, sink } = client(port, { addresses: ['127.0.0.1', '127.0.0.2'] });
    const r = await http.request(post);
    expect(r.kind === 'failure' && r.failure).toMatchObject({ bodySent: false, code: 'ECONNREFUSED' });
    expect(sink.records.map((x) => x.address)).toEqual(['127.0.0.1', '127.0.0.2']);
  });
});

describe('classifyError on error values', () => {
  const err = (code: string, message = code): Error => Object.assign(new Error(message), { code });

  it('DNS failures are not sent', () => {
    expect(classifyError(err('ENOTFOUND', 'getaddrinfo ENOTFOUND docs-gw.kakaopay.com'))).toMatchObject({ phase: 'dns', bodySent: false });
    expect(classifyError(err('EAI_AGAIN'))).toMatchObject({ phase: 'dns', bodySent: false });
  });

  it('a reset is ambiguous unless the connector saw it while connecting', () => {
    expect(classifyError(err('ECONNRESET'))).toMatchObject({ phase: 'response', bodySent: true });
    const during = err('ECONNRESET');
    markConnectPhaseError(during);
    expect(classifyError(during)).toMatchObject({ phase: 'tls', bodySent: false });
  });

  it('unreachable is trusted as not-sent only from the connector', () => {
    expect(classifyError(err('EHOSTUNREACH')).bodySent).toBe(true);
    const during = err('EHOSTUNREACH');
    markConnectPhaseError(during);
    expect(classifyError(during)).toMatchObject({ phase: 'connect', bodySent: false });
  });

  it('timeouts after connecting and broken pipes may have sent the body', () => {
    expect(classifyError(err('UND_ERR_HEADERS_TIMEOUT'))).toMatchObject({ phase: 'response', bodySent: true });
    expect(classifyError(err('UND_ERR_BODY_TIMEOUT'))).toMatchObject({ phase: 'response', bodySent: true });
    expect(classifyError(err('EPIPE'))).toMatchObject({ phase: 'send', bodySent: true });
    expect(classifyError(err('UND_ERR_SOCKET', 'other side closed'))).toMatchObject({ bodySent: true });
  });

  it('a refusal by undici itself before dispatch is not sent', () => {
    expect(classifyError(err('UND_ERR_INVALID_ARG'))).toMatchObject({ phase: 'send', bodySent: false });
  });

  it('once the response started, even a connect-looking code is ambiguous', () => {
    expect(classifyError(err('ECONNREFUSED'), true).bodySent).toBe(true);
  });

  it('an AggregateError of refused attempts (Happy Eyeballs) is not sent', () => {
    const agg = new AggregateError([err('ECONNREFUSED'), err('ECONNREFUSED')], 'connect failed');
    expect(classifyError(agg)).toMatchObject({ phase: 'connect', code: 'ECONNREFUSED', bodySent: false });
  });

  it('unknown values are ambiguous', () => {
    expect(classifyError('boom')).toMatchObject({ code: 'UNKNOWN_ERROR', bodySent: true });
  });
});
