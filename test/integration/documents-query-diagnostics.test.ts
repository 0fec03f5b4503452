// diagnostics:run against real loopback sockets: the embedded sandbox (all green), a closed port, a TLS server
// whose certificate does not match the profile's host, and a DNS answer that differs from the pinned addresses.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { runDiagnostics } from '../../main/diagnostics/run-diagnostics.ts';
import { profileSchema } from '../../shared/domain/profile.ts';
import type { DiagnosticsReport } from '../../shared/domain/documents-query.ts';
import { tempDir } from '../helpers/test-backend.ts';

let b: Backend;
beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir(), env: {} });
});
afterAll(async () => {
  await b?.close();
});

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

it('checks the embedded sandbox: DNS skipped, TCP and TLS ok on both pinned loopback addresses, KCP port reachable', async () => {
  const r = await createContractHandlers(b, () => {}).invoke('diagnostics:run', {});
  expect(r.ok).toBe(true);
  const report = (r as { value: DiagnosticsReport }).value;
  expect(report.profile).toBe('sandbox');
  const dns = report.results.find((x) => x.service === 'docsgw' && x.check === 'dns');
  expect(dns?.status).toBe('skipped');
  const tcp = report.results.filter((x) => x.service === 'docsgw' && x.check === 'tcp');
  expect(tcp.map((x) => x.status)).toEqual(['ok', 'ok']);
  const tlsResults = report.results.filter((x) => x.service === 'docsgw' && x.check === 'tls');
  expect(tlsResults.length).toBe(2);
  for (const t of tlsResults) {
    expect(t.status).toBe('ok');
    expect(t.detail).toContain('docs-gw.sandbox.docdesk.test');
  }
  for (const x of report.results) expect(x.advice).toMatch(/[가-힣]/);
  const kcp = report.results.find((x) => x.check === 'kcp');
  if (b.profile().kcp) expect(kcp?.status).toBe('ok');
});

it('reports a closed port, a certificate for another host and a DNS answer that differs from the pinned address, each with advice', async () => {
  const sandboxDocsgw = b.profile().docsgw;
  const port = await closedPort();
  const closed = profileSchema.parse({
    name: 'diag-closed',
    kind: 'test',
    docsgw: { host: 'docs-gw.example.test', addresses: ['127.0.0.1'], port },
    kcp: { transport: 'socket', host: '127.0.0.1', port, siteCd: 'T0000' },
  });
  const a = await runDiagnostics(closed, { resolve: async () => ['127.0.0.9'], timeoutMs: 3000 });
  const byCheck = (check: string) => a.results.filter((x) => x.check === check);
  expect(byCheck('dns')[0]).toMatchObject({ status: 'warn' });
  expect(byCheck('dns')[0]?.advice).toContain('고정 주소');
  expect(byCheck('tcp')[0]).toMatchObject({ status: 'fail', detail: expect.stringContaining('ECONNREFUSED') });
  expect(byCheck('tcp')[0]?.advice).toContain('포트');
  expect(byCheck('tls')).toHaveLength(0);
  expect(byCheck('kcp')[0]).toMatchObject({ status: 'fail' });
  expect(byCheck('kcp')[0]?.advice).toContain(String(port));

  // The sandbox's real TLS server, but the profile names a host its certificate does not cover.
  const wrongHost = profileSchema.parse({
    name: 'diag-wrong-host',
    kind: 'test',
    docsgw: { host: 'docs-gw.kakaopay.com', addresses: ['127.0.0.1'], port: sandboxDocsgw.port, caFile: sandboxDocsgw.caFile },
  });
  const w = await runDiagnostics(wrongHost, { resolve: async () => ['127.0.0.1'], timeoutMs: 3000 });
  expect(w.results.find((x) => x.check === 'dns')?.status).toBe('ok');
  expect(w.results.find((x) => x.check === 'tcp')?.status).toBe('ok');
  const t = w.results.find((x) => x.check === 'tls');
  expect(t?.status).toBe('fail');
  expect(t?.advice).toContain('인증서');

  // Without the sandbox CA the same server is untrusted.
  const noCa = profileSchema.parse({ ...wrongHost, name: 'diag-no-ca', docsgw: { ...wrongHost.docsgw, host: 'docs-gw.sandbox.docdesk.test', caFile: undefined } });
  const u = await runDiagnostics(noCa, { resolve: async () => ['127.0.0.1'], timeoutMs: 3000 });
  expect(u.results.find((x) => x.check === 'tls')?.status).toBe('fail');
});
