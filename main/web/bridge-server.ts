// `docdesk web`: the built renderer plus a loopback-only bridge to the backend (issue 3 §4), so the UI runs in any
// browser on a machine without the Electron binary — and so the browser tests drive it. The bridge is a thin face:
// every call goes through the same contract handlers as Electron IPC (input and output validated).
//   POST /api/invoke/<channel>   JSON in, ContractResult out            (x-docdesk-token header)
//   GET  /api/events?token=…     Server-Sent Events: event: <channel> / data: <json>
//   POST /api/upload?name=…      raw body → <dataDir>/uploads/<random>-<name>  (x-docdesk-token header)
//   GET  /api/download?path=…&token=…   a regular file under <dataDir>/exports/ only
// No request can end the process: file errors become error responses (send-file.ts), malformed URLs a 400.
import { createWriteStream, existsSync, unlinkSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ContractResult, EventChannel } from '../../shared/ipc.ts';
import { resolveExportPath } from '../documents/export-paths.ts';
import { DocumentsError } from '../documents/errors.ts';
import { ensureOwnerOnlyDir } from '../store/owner-only.ts';
import { checkRequestSource, COMMON_HEADERS, newToken, PAGE_CSP, percentEncodingIsValid, sanitizeFileName, tokenMatches } from './security.ts';
import { openRegularFile, pipeOpenedFile } from './send-file.ts';
import { sweepUploads, uploadsRoot } from './uploads-folder.ts';

export type BridgeInvoke = (channel: string, input: unknown) => Promise<ContractResult<unknown>>;

export interface WebBridgeOptions {
  dataDir: string;
  /** The built renderer (renderer/dist); a short Korean page explains how to build it when missing. */
  staticDir: string;
  invoke: BridgeInvoke;
  /** 0 = a free port. Always bound to 127.0.0.1. */
  port?: number;
  /** A fixed token (tests); default: 32 random bytes per run. */
  token?: string;
  maxUploadBytes?: number;
  maxJsonBytes?: number;
}

export interface WebBridge {
  url: string;
  port: number;
  token: string;
  /** Pushes an event to every connected page (the contract's emit). */
  emit(event: EventChannel, payload: unknown): void;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

const NOT_BUILT_PAGE = `<!doctype html><html lang="ko"><meta charset="utf-8"><title>DocDesk</title>
<body><h1>DocDesk 화면이 아직 빌드되지 않았습니다</h1><p>저장소 폴더에서 <code>npx vite build</code>를 실행한 뒤 이 페이지를 새로 고치세요.</p></body></html>`;

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...COMMON_HEADERS, 'cache-control': 'no-store', ...headers });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8' });
}

function refuse(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } });
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export async function startWebBridge(o: WebBridgeOptions): Promise<WebBridge> {
  const token = o.token ?? newToken();
  const maxUpload = o.maxUploadBytes ?? 200 * 1024 * 1024;
  const maxJson = o.maxJsonBytes ?? 4 * 1024 * 1024;
  const staticRoot = path.resolve(o.staticDir);
  const uploadsDir = uploadsRoot(o.dataDir);
  const sseClients = new Set<ServerResponse>();
  let port = 0;

  async function serveStatic(url: URL, res: ServerResponse): Promise<void> {
    const pageHeaders = { 'content-security-policy': PAGE_CSP };
    // Well-formed: handle() refused malformed %-escapes before this.
    let rel = decodeURIComponent(url.pathname);
    if (rel.includes('\0')) return refuse(res, 400, 'BAD_URL', '주소가 올바르지 않습니다. DocDesk를 시작할 때 받은 주소로 다시 여세요.');
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = path.resolve(staticRoot, `.${rel}`);
    if (file !== staticRoot && !file.startsWith(staticRoot + path.sep)) return refuse(res, 404, 'NOT_FOUND', '없는 경로입니다.');
    let target = file;
    let opened = await openRegularFile(target);
    if (!opened.ok) {
      // A path without a file extension is a screen of the single-page app: answer with index.html.
      if (path.extname(rel)) return refuse(res, 404, 'NOT_FOUND', '없는 파일입니다.');
      target = path.join(staticRoot, 'index.html');
      opened = await openRegularFile(target);
      if (!opened.ok) return send(res, 200, NOT_BUILT_PAGE, { 'content-type': 'text/html; charset=utf-8', ...pageHeaders });
    }
    res.writeHead(200, {
      ...COMMON_HEADERS,
      ...pageHeaders,
      'content-type': MIME[path.extname(target)] ?? 'application/octet-stream',
      'content-length': String(opened.size),
      // Hashed asset names never change; the page itself is always fetched fresh.
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    pipeOpenedFile(opened, res);
  }

  async function handleInvoke(channel: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    // JSON only: a cross-site HTML form cannot send application/json, so this closes the classic CSRF path too.
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      return refuse(res, 415, 'UNSUPPORTED_MEDIA_TYPE', 'application/json 요청만 받습니다.');
    }
    const body = await readBody(req, maxJson);
    if (!body) return refuse(res, 413, 'TOO_LARGE', '요청이 너무 큽니다.');
    let input: unknown = {};
    if (body.length > 0) {
      try {
        input = JSON.parse(body.toString('utf8')) as unknown;
      } catch {
        return refuse(res, 400, 'INVALID_JSON', '요청 본문이 올바른 JSON이 아닙니다.');
      }
    }
    const result = await o.invoke(channel, input);
    sendJson(res, 200, result);
  }

  function handleEvents(res: ServerResponse): void {
    res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': docdesk events\n\n');
    sseClients.add(res);
    res.on('close', () => sseClients.delete(res));
  }

  async function handleUpload(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const name = sanitizeFileName(url.searchParams.get('name') ?? 'upload');
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxUpload) return refuse(res, 413, 'TOO_LARGE', `파일이 너무 큽니다(최대 ${Math.round(maxUpload / 1024 / 1024)}MB).`);
    ensureOwnerOnlyDir(uploadsDir);
    // A long-running session sweeps what abandoned screens left, not only each start-up (issue 14 §7).
    sweepUploads(o.dataDir);
    const filePath = path.join(uploadsDir, `${randomBytes(8).toString('hex')}-${name}`);
    let size = 0;
    let tooLarge = false;
    const out = createWriteStream(filePath, { flags: 'wx', mode: 0o600 });
    try {
      await pipeline(
        req,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > maxUpload) {
              tooLarge = true;
              throw new Error('too large');
            }
            yield chunk;
          }
        },
        out,
      );
    } catch {
      if (existsSync(filePath)) unlinkSync(filePath);
      if (tooLarge) return refuse(res, 413, 'TOO_LARGE', `파일이 너무 큽니다(최대 ${Math.round(maxUpload / 1024 / 1024)}MB).`);
      return refuse(res, 400, 'UPLOAD_FAILED', '파일을 받는 중 연결이 끊겼습니다. 다시 시도하세요.');
    }
    sendJson(res, 200, { ok: true, value: { filePath } });
  }

  async function handleDownload(url: URL, res: ServerResponse): Promise<void> {
    let file: string;
    try {
      file = resolveExportPath(o.dataDir, url.searchParams.get('path') ?? '');
    } catch (err) {
      if (!(err instanceof DocumentsError)) throw err;
      return refuse(res, err.code === 'FILE_NOT_FOUND' ? 404 : 403, err.code, err.message);
    }
    // Checked above by path; what is opened is checked again by its descriptor (it may have changed since).
    const opened = await openRegularFile(file);
    if (!opened.ok) {
      return opened.reason === 'missing'
        ? refuse(res, 404, 'FILE_NOT_FOUND', '파일을 찾을 수 없습니다. 내보내기를 다시 실행하세요.')
        : refuse(res, 403, 'PATH_NOT_ALLOWED', '내보내기 폴더의 일반 파일만 내려받을 수 있습니다(폴더나 특수 파일은 안 됩니다).');
    }
    const name = path.basename(file);
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'cache-control': 'no-store',
      'content-type': MIME[path.extname(name)] ?? 'application/octet-stream',
      'content-length': String(opened.size),
      // RFC 6266/5987: an ASCII fallback plus the Korean name.
      'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
    pipeOpenedFile(opened, res);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refusal = checkRequestSource(req, port);
    if (refusal) return refuse(res, refusal.status, refusal.code, refusal.message);
    const target = req.url ?? '/';
    const url = URL.parse(target, `http://127.0.0.1:${port}`);
    if (!url || !percentEncodingIsValid(target)) {
      return refuse(res, 400, 'BAD_URL_ENCODING', '주소의 % 인코딩이 잘못되었습니다. DocDesk를 시작할 때 받은 주소로 다시 여세요.');
    }
    if (!url.pathname.startsWith('/api/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'METHOD_NOT_ALLOWED', '허용되지 않는 요청입니다.');
      return serveStatic(url, res);
    }
    // EventSource and downloads cannot set headers, so those two accept the token in the query string.
    const given = req.headers['x-docdesk-token'] ?? url.searchParams.get('token');
    if (!tokenMatches(token, Array.isArray(given) ? given[0] : given)) {
      return refuse(res, 401, 'UNAUTHORIZED', '접속 토큰이 없거나 맞지 않습니다. DocDesk를 시작할 때 받은 주소(토큰 포함)로 다시 여세요.');
    }
    const invoke = /^\/api\/invoke\/([a-zA-Z]+:[a-zA-Z]+)$/.exec(url.pathname);
    if (invoke && req.method === 'POST') return handleInvoke(invoke[1] ?? '', req, res);
    if (url.pathname === '/api/events' && req.method === 'GET') return handleEvents(res);
    if (url.pathname === '/api/upload' && req.method === 'POST') return handleUpload(url, req, res);
    if (url.pathname === '/api/download' && req.method === 'GET') return handleDownload(url, res);
    return refuse(res, 404, 'NOT_FOUND', '없는 API입니다.');
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) refuse(res, 500, 'INTERNAL', `내부 오류: ${err instanceof Error ? err.message : String(err)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  // Keeps idle proxies and the browser from closing a quiet event stream.
  const heartbeat = setInterval(() => {
    for (const c of sseClients) c.write(': ping\n\n');
  }, 15_000);
  heartbeat.unref();

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    emit(event, payload) {
      const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const c of sseClients) c.write(frame);
    },
    async close() {
      clearInterval(heartbeat);
      for (const c of sseClients) c.end();
      sseClients.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
