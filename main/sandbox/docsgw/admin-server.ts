// The sandbox admin API: plain HTTP on 127.0.0.1 only, JSON in and out (admin-api.ts). It can change faults,
// read the ledger, open documents as a recipient and move the sandbox clock, so it refuses anything that
// does not look like a local program: a Host other than 127.0.0.1/localhost (DNS rebinding) and writes
// without a JSON Content-Type (cross-site form posts).
import http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { z } from 'zod';
import { ADMIN_PATHS, advanceClockSchema } from './admin-api.ts';
import type { DocsGwSandboxInfo } from './admin-api.ts';
import { sandboxFaultsSchema, type SandboxFaults } from './faults.ts';
import type { DocsGwLedgerReader } from './ledger.ts';

export type AdminTarget = {
  info(): DocsGwSandboxInfo;
  setFaults(f: SandboxFaults): Promise<void>;
  clearFaults(): Promise<void>;
  faults(): SandboxFaults;
  ledger: DocsGwLedgerReader;
  openDocument(binderUuid: string): { token: string; url: string };
  now(): number;
  advanceClock(ms: number): number;
};

export type AdminServer = { url: string; close(): Promise<void> };

class AdminHttpError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': body.length }).end(body);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
    throw new AdminHttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type: application/json 이 필요합니다.');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += b.length;
    if (size > 1024 * 1024) throw new AdminHttpError(413, 'TOO_LARGE', '요청 본문이 너무 큽니다.');
    chunks.push(b);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? {} : JSON.parse(text);
  } catch {
    throw new AdminHttpError(400, 'INVALID_JSON', '요청 본문이 JSON이 아닙니다.');
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new AdminHttpError(400, 'INVALID_VALUE', `잘못된 값입니다: ${first ? `${first.path.join('.')} ${first.message}` : ''}`);
  }
  return r.data;
}

export async function startAdminServer(target: AdminTarget, port: number): Promise<AdminServer> {
  const sockets = new Set<Socket>();
  let actualPort = port;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${actualPort}` && host !== `localhost:${actualPort}`) {
      throw new AdminHttpError(403, 'FORBIDDEN_HOST', '관리 API는 127.0.0.1에서만 쓸 수 있습니다.');
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${actualPort}`);
    const method = req.method ?? 'GET';
    const p = url.pathname;
    if (method === 'GET' && p === ADMIN_PATHS.info) return json(res, 200, target.info());
    if (p === ADMIN_PATHS.faults) {
      if (method === 'GET') return json(res, 200, target.faults());
      if (method === 'PUT' || method === 'POST') {
        await target.setFaults(parse(sandboxFaultsSchema, await readJson(req)));
        return json(res, 200, target.faults());
      }
      if (method === 'DELETE') {
        await target.clearFaults();
        return json(res, 200, {});
      }
    }
    if (method === 'GET' && p === ADMIN_PATHS.summary) return json(res, 200, target.ledger.summary());
    if (method === 'GET' && p === ADMIN_PATHS.requests) return json(res, 200, { requests: target.ledger.requests() });
    if (method === 'GET' && p === ADMIN_PATHS.items) {
      const ext = url.searchParams.get('external_document_uuid');
      if (ext === null) throw new AdminHttpError(400, 'INVALID_VALUE', 'external_document_uuid 쿼리 값이 필요합니다.');
      return json(res, 200, { items: target.ledger.itemsFor(ext) });
    }
    if (method === 'GET' && p === ADMIN_PATHS.acceptedCounts) {
      return json(res, 200, { counts: Object.fromEntries(target.ledger.acceptedCountsByExternalId()) });
    }
    const open = /^\/v1\/documents\/([^/]+)\/open$/.exec(p);
    if (method === 'POST' && open !== null) {
      await readJson(req);
      return json(res, 200, target.openDocument(decodeURIComponent(open[1] ?? '')));
    }
    if (p === ADMIN_PATHS.clock) {
      if (method === 'GET') return json(res, 200, { nowMs: target.now() });
      if (method === 'POST') {
        const { advanceMs } = parse(advanceClockSchema, await readJson(req));
        return json(res, 200, { nowMs: target.advanceClock(advanceMs) });
      }
    }
    throw new AdminHttpError(404, 'NOT_FOUND', `없는 관리 API입니다: ${method} ${p}`);
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      if (err instanceof AdminHttpError) return json(res, err.status, { error_code: err.code, error_message: err.message });
      const code = typeof (err as { code?: unknown }).code === 'string' ? String((err as { code: string }).code) : 'ERROR';
      json(res, code === 'NOT_FOUND' ? 404 : 409, { error_code: code, error_message: err instanceof Error ? err.message : String(err) });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const addr = server.address();
  actualPort = typeof addr === 'object' && addr !== null ? addr.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}
