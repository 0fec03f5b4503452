// `docdesk landing serve`: the reference landing page for the institution's web host (issue 4 §4; reference
// kakaopay-edoc-api.md §7, evidence-and-audit.md §1–§2). KakaoPay redirects the recipient to the document link
// with document_binder_uuid, token and external_document_uuid; we
//   1. verify the token ONCE with docs-gw (a replay is refused and logged as page.failure token_reused);
//   2. ask the user to confirm (page.ack) — 진입 시 확인 이력 (O1);
//   3. show the document; when the browser reports the page rendered (page.entry), call read-status, which is
//      what creates KakaoPay's read time (read_status, retried on ambiguous outcomes);
//   4. log every failure (page.failure) — 호출 실패 이력 (O2).
// Every step is a line in the landing JSON Lines format (landing-events.ts), written to a file and, when a data
// folder is attached, appended to the audit chain with the same line hash (so import-landing adds nothing).
// Nothing rebuilds a landing event after a crash (it is in no other database), so the page answers only once the
// event is durable in the chain (issue 13): a recipient never sees a step that the evidence could lose.
// The raw token never leaves this module: events carry its SHA-256 only, and the access log strips it.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallOutcome } from '../docsgw/outcome.ts';
import { landingAuditEvent, type LandingEvent } from '../audit/landing-events.ts';
import type { AuditEventInput } from '../audit/event.ts';
import { confirmPage, documentPage, errorPage, newNonce, pageHeaders } from './pages.ts';

export interface LandingGateway {
  verifyToken(binderUuid: string, token: string, correlation?: Record<string, string>): Promise<CallOutcome<unknown>>;
  readStatus(binderUuid: string, correlation?: Record<string, string>): Promise<CallOutcome<undefined>>;
}

export interface LandingServerOptions {
  gateway: LandingGateway;
  /** JSON Lines file receiving every event (the format `docdesk audit import-landing` reads). */
  eventsFile?: string;
  /** Append events straight into this data folder's audit chain too; resolves once the event is committed. */
  audit?: { appendDurable(e: AuditEventInput): Promise<number> };
  institution?: string;
  /** The served document for a binder (its SHA-256 should equal the `hash` sent to KakaoPay for 유통증명). */
  content?: (binderUuid: string, externalId: string | null) => string;
  host?: string;
  port?: number;
  readStatusAttempts?: number;
  /** Called after every docs-gw call, e.g. to write a buffered exchange record now, before the landing event. */
  afterGatewayCall?: () => void;
}

interface Session {
  id: string;
  binder: string;
  ext: string | null;
  ip: string;
  ua: string;
  confirmed: boolean;
  rendered: boolean;
  contentSha?: string;
}

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > 8192) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

export async function startLandingServer(o: LandingServerOptions): Promise<{ url: string; port: number; close(): Promise<void>; events(): LandingEvent[] }> {
  const sessions = new Map<string, Session>();
  const usedTokens = new Set<string>();
  const written: LandingEvent[] = [];
  const attempts = o.readStatusAttempts ?? 3;

  async function record(e: LandingEvent): Promise<void> {
    const line = JSON.stringify(e);
    if (o.eventsFile) appendFileSync(o.eventsFile, `${line}\n`);
    written.push(e);
    await o.audit?.appendDurable(landingAuditEvent(e, sha(line)));
  }
  const base = (req: IncomingMessage, binder?: string, ext?: string | null) => ({
    at: new Date().toISOString(),
    ...(binder ? { document_binder_uuid: binder } : {}),
    ...(ext ? { external_document_uuid: ext } : {}),
    ip: req.socket.remoteAddress ?? '',
    ...(req.headers['user-agent'] ? { user_agent: String(req.headers['user-agent']).slice(0, 512) } : {}),
  });

  function send(res: ServerResponse, status: number, html: (nonce: string) => string): void {
    const nonce = newNonce();
    res.writeHead(status, pageHeaders(nonce));
    res.end(html(nonce));
  }

  async function entry(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const binder = url.searchParams.get('document_binder_uuid') ?? '';
    const token = url.searchParams.get('token') ?? '';
    const ext = url.searchParams.get('external_document_uuid');
    if (!binder || !token || binder.length > 40 || token.length > 200) {
      await record({ ...base(req, binder || undefined, ext), type: 'page.failure', reason: 'bad_request', detail: '필수 값(document_binder_uuid, token)이 없습니다' });
      send(res, 400, (n) => errorPage(n, '잘못된 주소입니다. 카카오톡의 문서 알림에서 다시 열어 주세요.'));
      return;
    }
    const tokenSha = sha(token);
    if (usedTokens.has(tokenSha)) {
      // Single use (reference kakaopay-edoc-api.md §7.2): never call docs-gw twice with one token.
      await record({ ...base(req, binder, ext), type: 'page.failure', reason: 'token_reused', detail: '이미 사용된 토큰' });
      send(res, 403, (n) => errorPage(n, '이미 사용된 주소입니다. 카카오톡에서 문서를 다시 열어 주세요.'));
      return;
    }
    usedTokens.add(tokenSha);
    const r = await o.gateway.verifyToken(binder, token, { landing: 'entry' });
    o.afterGatewayCall?.();
    const status = r.kind === 'ok' ? r.status : r.kind === 'rejected' ? r.status : r.kind === 'ambiguous' ? r.status : null;
    await record({ ...base(req, binder, ext), type: 'ott.verify', token_sha256: tokenSha, result: r.kind === 'ok' ? 'USED' : r.kind === 'rejected' ? r.errorCode : r.code, http_status: status });
    if (r.kind !== 'ok') {
      const reason = r.kind === 'rejected' ? 'token_invalid' : r.kind === 'ambiguous' && /TIMEOUT/i.test(r.code) ? 'ott_timeout' : 'ott_error';
      await record({ ...base(req, binder, ext), type: 'page.failure', reason, detail: r.kind === 'rejected' ? r.errorCode : r.code });
      send(res, r.kind === 'rejected' ? 403 : 502, (n) => errorPage(n, r.kind === 'rejected' ? '만료되었거나 올바르지 않은 주소입니다. 카카오톡에서 문서를 다시 열어 주세요.' : '일시적인 오류입니다. 잠시 후 카카오톡에서 다시 열어 주세요.'));
      return;
    }
    const session = randomBytes(18).toString('base64url');
    sessions.set(session, { id: session, binder, ext, ip: req.socket.remoteAddress ?? '', ua: String(req.headers['user-agent'] ?? ''), confirmed: false, rendered: false });
    send(res, 200, (n) => confirmPage(n, session, o.institution ?? '기관'));
  }

  async function confirm(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const s = sessions.get(new URLSearchParams(await readBody(req)).get('session') ?? '');
    if (!s) {
      await record({ ...base(req), type: 'page.failure', reason: 'bad_request', detail: '세션 없음(확인)' });
      send(res, 400, (n) => errorPage(n, '세션이 만료되었습니다. 카카오톡에서 문서를 다시 열어 주세요.'));
      return;
    }
    s.confirmed = true;
    await record({ ...base(req, s.binder, s.ext), type: 'page.ack', control: 'confirm' });
    let content: string;
    try {
      content = o.content ? o.content(s.binder, s.ext) : `<h1>전자문서</h1><p>문서 ${s.ext ?? s.binder}</p>`;
    } catch (err) {
      await record({ ...base(req, s.binder, s.ext), type: 'page.failure', reason: 'render_error', detail: err instanceof Error ? err.message.slice(0, 200) : 'render' });
      send(res, 500, (n) => errorPage(n, '문서를 표시하지 못했습니다. 잠시 후 다시 시도하거나 기관 고객센터에 문의하세요.'));
      return;
    }
    s.contentSha = sha(content);
    send(res, 200, (n) => documentPage(n, s.id, content));
  }

  async function rendered(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const s = sessions.get(new URLSearchParams(await readBody(req)).get('session') ?? '') as Session | undefined;
    if (!s || !s.confirmed || s.rendered) {
      res.writeHead(s?.rendered ? 204 : 400).end();
      return;
    }
    s.rendered = true;
    await record({ ...base(req, s.binder, s.ext), type: 'page.entry', ...(s.contentSha ? { content_sha256: s.contentSha } : {}), rendered_at: new Date().toISOString() });
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const r = await o.gateway.readStatus(s.binder, { landing: 'read_status', attempt: String(attempt) });
      o.afterGatewayCall?.();
      const status = r.kind === 'ok' || r.kind === 'rejected' ? r.status : r.kind === 'ambiguous' ? r.status : null;
      await record({ ...base(req, s.binder, s.ext), type: 'read_status', http_status: status, attempt, result: r.kind === 'ok' ? 'OK' : r.kind === 'rejected' ? r.errorCode : r.code });
      // read-status is idempotent for the gateway: retrying an ambiguous or unsent call is safe.
      if (r.kind === 'ok' || r.kind === 'rejected') break;
    }
    res.writeHead(204).end();
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://landing.invalid');
    const run = async () => {
      if (req.method === 'POST' && url.pathname === '/landing/confirm') return confirm(req, res);
      if (req.method === 'POST' && url.pathname === '/landing/rendered') return rendered(req, res);
      if (req.method === 'GET' && url.searchParams.has('document_binder_uuid')) return entry(req, res, url);
      if (req.method === 'GET' && url.pathname === '/healthz') {
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
    };
    run().catch(async (err: unknown) => {
      try {
        await record({ ...base(req), type: 'page.failure', reason: 'backend_down', detail: err instanceof Error ? err.message.slice(0, 200) : 'error' });
      } catch {
        // the failure is already surfacing as a 500 below
      }
      if (!res.headersSent) send(res, 500, (n) => errorPage(n, '일시적인 오류입니다. 잠시 후 다시 시도하세요.'));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host ?? '127.0.0.1'}:${port}`,
    port,
    events: () => [...written],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
