// `docdesk landing serve`: the reference landing page for the institution's web host (issue 4 §4; reference
// kakaopay-edoc-api.md §7, evidence-and-audit.md §1–§2). KakaoPay redirects the recipient to the document link
// with document_binder_uuid, token and external_document_uuid; we
//   1. verify the token ONCE with docs-gw (a replay is refused and logged as page.failure token_reused);
//   2. ask the user to confirm (page.ack) — 진입 시 확인 이력 (O1);
//   3. show the document; when the browser reports the page rendered (page.entry), call read-status, which is
//      what creates KakaoPay's read time (read_status, retried on ambiguous outcomes);
//   4. log every failure (page.failure) — 호출 실패 이력 (O2).
// Every step is a line in the landing JSON Lines format (landing-events.ts), written to a file (fsync'ed) and, when
// a data folder is attached, appended to the audit chain with the same line hash (so import-landing adds nothing).
// Nothing rebuilds a landing event after a crash (it is in no other database), so the page answers only once the
// event is durable in the chain (issue 13) and on disk: a recipient never sees a step that the evidence could lose.
// The chain gets a line before the file does, so a watched folder holding the file never finds a line the chain
// is still committing (it would add it a second time).
// The raw token never leaves this module: events carry its SHA-256 only, and the access log strips it.
// Run on its own (standalone.ts) it serves HTTPS with the institution's certificate, keeps the used tokens in its
// own folder and stops gracefully: requests under way finish (their events written) before it closes.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { CallOutcome } from '../docsgw/outcome.ts';
import { landingAuditEvent, type LandingEvent } from '../audit/landing-events.ts';
import type { AuditEventInput } from '../audit/event.ts';
import { dailyLineWriter, fileLineWriter, type EventLineWriter } from './event-lines.ts';
import { confirmPage, documentPage, errorPage, newNonce, pageHeaders } from './pages.ts';
import { memoryUsedTokens, type UsedTokens } from './used-tokens.ts';

export interface LandingGateway {
  verifyToken(binderUuid: string, token: string, correlation?: Record<string, string>): Promise<CallOutcome<unknown>>;
  readStatus(binderUuid: string, correlation?: Record<string, string>): Promise<CallOutcome<undefined>>;
}

export interface LandingServerOptions {
  gateway: LandingGateway;
  /** JSON Lines file receiving every event (the format `docdesk audit import-landing` reads). */
  eventsFile?: string;
  /** A folder receiving every event in daily files `landing-YYYY-MM-DD.jsonl` (the standalone server). */
  eventsDir?: string;
  /** Where used tokens are remembered (closed with the server); default: for this run only. */
  usedTokens?: UsedTokens;
  /** HTTPS with these PEM files' contents; plain HTTP without. */
  tls?: { cert: Buffer; key: Buffer };
  /** Behind a reverse proxy on this host: the visitor's address is the last X-Forwarded-For entry it added. */
  trustProxy?: boolean;
  /** Written as `host` in every line: which landing host wrote it. */
  hostName?: string;
  /** Append events straight into this data folder's audit chain too; resolves once the event is committed. */
  audit?: { appendDurable(e: AuditEventInput): Promise<number> };
  institution?: string;
  /** The served document for a binder (its SHA-256 should equal the `hash` sent to KakaoPay for 유통증명). */
  content?: (binderUuid: string, externalId: string | null) => string;
  host?: string;
  port?: number;
  readStatusAttempts?: number;
  /** Called after every docs-gw call, e.g. to write a buffered exchange record now, before the landing event. */
  afterGatewayCall?: () => Promise<void>;
}

interface Session {
  id: string;
  createdAt: number;
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

/** A session lives from the confirmation page to the rendered report; an abandoned one is dropped after this. */
const SESSION_MS = 30 * 60_000;
/** Events kept in memory for `events()` (tests, the CLI's summary); every event is on disk or in the chain. */
const RECENT_EVENTS = 1_000;
/** How long a graceful stop waits for requests under way. */
const STOP_WAIT_MS = 15_000;

export interface LandingServer {
  url: string;
  port: number;
  /** Stops accepting, lets requests under way finish (at most 15 s), then closes the event files and tokens. */
  close(): Promise<void>;
  /** The latest events (at most 1,000). */
  events(): LandingEvent[];
  /** Every event recorded since start. */
  eventCount(): number;
}

export async function startLandingServer(o: LandingServerOptions): Promise<LandingServer> {
  const sessions = new Map<string, Session>();
  const usedTokens = o.usedTokens ?? memoryUsedTokens();
  const writer: EventLineWriter | null = o.eventsDir ? dailyLineWriter(o.eventsDir, 'landing') : o.eventsFile ? fileLineWriter(o.eventsFile) : null;
  const recent: LandingEvent[] = [];
  let recorded = 0;
  const attempts = o.readStatusAttempts ?? 3;
  const inFlight = new Set<Promise<void>>();

  async function record(e: LandingEvent): Promise<void> {
    const line = JSON.stringify(e);
    recent.push(e);
    if (recent.length > RECENT_EVENTS) recent.shift();
    recorded++;
    try {
      await o.audit?.appendDurable(landingAuditEvent(e, sha(line)));
    } finally {
      // On disk even when the chain refused it: the watched folder or import-landing can bring it in later.
      writer?.write(line);
    }
  }
  function visitorIp(req: IncomingMessage): string {
    const forwarded = o.trustProxy ? req.headers['x-forwarded-for'] : undefined;
    const last = (Array.isArray(forwarded) ? forwarded.join(',') : forwarded)?.split(',').at(-1)?.trim();
    return (last || req.socket.remoteAddress || '').slice(0, 64);
  }
  const base = (req: IncomingMessage, binder?: string, ext?: string | null) => ({
    at: new Date().toISOString(),
    ...(binder ? { document_binder_uuid: binder } : {}),
    ...(ext ? { external_document_uuid: ext } : {}),
    ip: visitorIp(req),
    ...(req.headers['user-agent'] ? { user_agent: String(req.headers['user-agent']).slice(0, 512) } : {}),
    ...(o.hostName ? { host: o.hostName } : {}),
  });

  function send(res: ServerResponse, status: number, html: (nonce: string) => string): void {
    const nonce = newNonce();
    res.writeHead(status, { ...pageHeaders(nonce), ...(o.tls ? { 'strict-transport-security': 'max-age=31536000' } : {}) });
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
    if (!usedTokens.claim(tokenSha)) {
      // Single use (reference kakaopay-edoc-api.md §7.2): never call docs-gw twice with one token.
      await record({ ...base(req, binder, ext), type: 'page.failure', reason: 'token_reused', detail: '이미 사용된 토큰' });
      send(res, 403, (n) => errorPage(n, '이미 사용된 주소입니다. 카카오톡에서 문서를 다시 열어 주세요.'));
      return;
    }
    const r = await o.gateway.verifyToken(binder, token, { landing: 'entry' });
    await o.afterGatewayCall?.();
    const status = r.kind === 'ok' ? r.status : r.kind === 'rejected' ? r.status : r.kind === 'ambiguous' ? r.status : null;
    await record({ ...base(req, binder, ext), type: 'ott.verify', token_sha256: tokenSha, result: r.kind === 'ok' ? 'USED' : r.kind === 'rejected' ? r.errorCode : r.code, http_status: status });
    if (r.kind !== 'ok') {
      const reason = r.kind === 'rejected' ? 'token_invalid' : r.kind === 'ambiguous' && /TIMEOUT/i.test(r.code) ? 'ott_timeout' : 'ott_error';
      await record({ ...base(req, binder, ext), type: 'page.failure', reason, detail: r.kind === 'rejected' ? r.errorCode : r.code });
      send(res, r.kind === 'rejected' ? 403 : 502, (n) => errorPage(n, r.kind === 'rejected' ? '만료되었거나 올바르지 않은 주소입니다. 카카오톡에서 문서를 다시 열어 주세요.' : '일시적인 오류입니다. 잠시 후 카카오톡에서 다시 열어 주세요.'));
      return;
    }
    const session = randomBytes(18).toString('base64url');
    sessions.set(session, { id: session, createdAt: Date.now(), binder, ext, ip: visitorIp(req), ua: String(req.headers['user-agent'] ?? ''), confirmed: false, rendered: false });
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
    const s = sessions.get(new URLSearchParams(await readBody(req)).get('session') ?? '');
    if (!s || !s.confirmed || s.rendered) {
      res.writeHead(s?.rendered ? 204 : 400).end();
      return;
    }
    s.rendered = true;
    await record({ ...base(req, s.binder, s.ext), type: 'page.entry', ...(s.contentSha ? { content_sha256: s.contentSha } : {}), rendered_at: new Date().toISOString() });
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const r = await o.gateway.readStatus(s.binder, { landing: 'read_status', attempt: String(attempt) });
      await o.afterGatewayCall?.();
      const status = r.kind === 'ok' || r.kind === 'rejected' ? r.status : r.kind === 'ambiguous' ? r.status : null;
      await record({ ...base(req, s.binder, s.ext), type: 'read_status', http_status: status, attempt, result: r.kind === 'ok' ? 'OK' : r.kind === 'rejected' ? r.errorCode : r.code });
      // read-status is idempotent for the gateway: retrying an ambiguous or unsent call is safe.
      if (r.kind === 'ok' || r.kind === 'rejected') break;
    }
    res.writeHead(204).end();
  }

  const handle: RequestListener = (req, res) => {
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
    const task = run().catch(async (err: unknown) => {
      try {
        await record({ ...base(req), type: 'page.failure', reason: 'backend_down', detail: err instanceof Error ? err.message.slice(0, 200) : 'error' });
      } catch {
        // the failure is already surfacing as a 500 below
      }
      if (!res.headersSent) send(res, 500, (n) => errorPage(n, '일시적인 오류입니다. 잠시 후 다시 시도하세요.'));
      else res.end();
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };
  const server: Server = o.tls ? createHttpsServer({ cert: o.tls.cert, key: o.tls.key }, handle) : createServer(handle);
  // Abandoned sessions (a confirmation page never followed) do not pile up in a server that runs for months.
  const sweeper = setInterval(() => {
    const cutoff = Date.now() - SESSION_MS;
    for (const [id, s] of sessions) if (s.createdAt < cutoff) sessions.delete(id);
  }, 60_000);
  sweeper.unref();
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
    });
  } catch (err) {
    clearInterval(sweeper);
    writer?.close();
    usedTokens.close();
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  const host = o.host ?? '127.0.0.1';
  let closing: Promise<void> | null = null;
  return {
    url: `${o.tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    events: () => [...recent],
    eventCount: () => recorded,
    close: () =>
      (closing ??= (async () => {
        clearInterval(sweeper);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((resolve) => (timer = setTimeout(resolve, STOP_WAIT_MS)))]);
        clearTimeout(timer);
        server.closeAllConnections();
        await stopped;
        writer?.close();
        usedTokens.close();
      })()),
  };
}
