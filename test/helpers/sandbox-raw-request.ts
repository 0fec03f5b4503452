// Sends a hand-built HTTPS request to the sandbox docs-gw, bypassing the client's own validation, to test
// what the simulated gateway accepts and refuses.
import fs from 'node:fs';
import tls from 'node:tls';
import { Client } from 'undici';
import type { DocsGwSandbox } from '../../main/sandbox/docsgw/sandbox.ts';

export type RawResponse = { status: number; body: string; json: unknown };

export async function rawRequest(
  sandbox: DocsGwSandbox,
  req: { method: string; path: string; headers?: Record<string, string>; body?: string; address?: string; auth?: boolean },
): Promise<RawResponse> {
  const address = req.address ?? sandbox.addresses[0] ?? '127.0.0.1';
  const client = new Client(`https://${address}:${sandbox.port}`, {
    connect: { servername: sandbox.host, ca: [...tls.rootCertificates, fs.readFileSync(sandbox.caFile, 'utf8')] },
  });
  try {
    const headers: Record<string, string> = {
      host: `${sandbox.host}:${sandbox.port}`,
      ...(req.auth === false ? {} : { authorization: `Bearer ${sandbox.accessToken}`, 'contract-uuid': sandbox.contractUuid }),
      ...(req.body !== undefined ? { 'content-type': 'application/json;charset=UTF-8' } : {}),
      ...req.headers,
    };
    const res = await client.request({ method: req.method as 'GET' | 'POST', path: req.path, headers, body: req.body ?? null });
    const body = await res.body.text();
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    return { status: res.statusCode, body, json };
  } finally {
    await client.close();
  }
}
