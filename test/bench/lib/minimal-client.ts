// The "minimal client" every DocDesk figure is divided by: a bare undici Pool with the same TLS settings as
// main/http/service-client.ts (servername = host, the sandbox test CA, HTTP/1.1, keep-alive), the same
// concurrency, no journal, no validation, no exchange log. It is what a hand-written script would reach.
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import type { DocsGwSandboxInfo } from '../../../main/sandbox/docsgw/admin-api.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID } from '../../../main/sandbox/credentials.ts';

export type MinimalClient = {
  /** POSTs a JSON body; resolves with the status and parsed body, rejects on any transport failure. */
  post(path: string, body: unknown): Promise<{ status: number; json: unknown }>;
  /** POSTs a body already serialised; resolves with the status and the response text (the durable client logs both). */
  postText(path: string, body: string): Promise<{ status: number; text: string }>;
  close(): Promise<void>;
};

export function createMinimalClient(info: DocsGwSandboxInfo, concurrency: number): MinimalClient {
  const address = info.addresses[0] ?? '127.0.0.1';
  const pool = new Pool(`https://${address}:${info.port}`, {
    connections: concurrency,
    pipelining: 1,
    allowH2: false,
    connect: { ca: readFileSync(info.caFile, 'utf8'), servername: info.host },
  });
  const host = `${info.host}:${info.port}`;
  const postText = async (path: string, body: string): Promise<{ status: number; text: string }> => {
    const res = await pool.request({
      method: 'POST',
      path,
      headers: {
        host,
        'content-type': 'application/json;charset=UTF-8',
        authorization: `Bearer ${SANDBOX_ACCESS_TOKEN}`,
        'contract-uuid': SANDBOX_CONTRACT_UUID,
      },
      body,
    });
    return { status: res.statusCode, text: await res.body.text() };
  };
  return {
    async post(path, body) {
      const res = await postText(path, JSON.stringify(body));
      return { status: res.status, json: JSON.parse(res.text) };
    },
    postText,
    close: () => pool.close(),
  };
}

/** Runs `jobs` with `concurrency` workers, each taking the next job as soon as its previous one finished. */
export async function runConcurrently<T>(jobs: readonly T[], concurrency: number, run: (job: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const job = jobs[next++] as T;
      await run(job);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

/** Splits into groups of at most `size` (the gateway's 100 per request, seed 001 §3.2.2). */
export function groupsOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
