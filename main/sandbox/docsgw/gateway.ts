// The simulated docs-gw's request handling: routing, authentication, validation and the six endpoints
// (reference kakaopay-edoc-api.md §2–§9). Transport concerns (TLS listeners, faults) live in server.ts.
// Every request is written to the ledger; a send's items and documents in the same transaction.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { BulkDocumentItem, SingleDocument } from '../../../shared/domain/edoc.ts';
import type { SandboxEndpoint } from './faults.ts';
import type { DocsGwLedger, LedgerDocument } from './ledger.ts';
import { statusOf, statusWire, virtualSeconds } from './lifecycle.ts';
import { sandboxBehaviourOf, sandboxRecipientKey, type SandboxBehaviour } from './recipients.ts';
import {
  MAX_BINDER_LENGTH,
  MAX_TOKEN_LENGTH,
  invalidMessage,
  validateBulkSendBody,
  validateBulkStatusBody,
  validateReadStatusBody,
  validateSingleSendBody,
  type Invalid,
  type SingleSendForm,
} from './validate.ts';

export type GatewayConfig = {
  accessToken: string;
  contractUuid: string;
  timeScale: number;
  singleSendForm: SingleSendForm;
  /**
   * Recipients read through the institution's landing page (recipient-simulator.ts) instead of the sandbox
   * reading documents by itself: new ordinary documents are stored with behaviour LANDING_BEHAVIOUR, which
   * has no self-read schedule (lifecycle.ts), and `onAccepted` hands them to the simulator.
   */
  landingRecipients?: boolean;
  onAccepted?: (binderUuid: string) => void;
};

/** An ordinary recipient who opens documents through the landing page (never read by the sandbox itself). */
export const LANDING_BEHAVIOUR = 'accepted-landing';

export type GatewayContext = GatewayConfig & { ledger: DocsGwLedger; now: () => number };

export type GatewayRequest = {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The listening address (simulated IDC) the request arrived on. */
  address: string;
  /** The client's source address, recorded so tests see which line carried each request. */
  remoteAddress: string | null;
};
export type GatewayResponse = { status: number; json: unknown | null };

/** reference §9 messages. */
export const ERROR_MESSAGES = {
  INVALID_VALUE: '유효하지 않은 값입니다.',
  UNAUTHORIZED: '접근 권한이 없습니다.',
  FORBIDDEN: '허용되지 않는 요청입니다. 수신거부된 사용자입니다.',
  NOT_FOUND_USER: '요청 정보를 찾을 수 없습니다. 존재하지 않는 전화번호 입니다.',
  NOT_FOUND_BINDER: '요청 정보를 찾을 수 없습니다. documentBinder를 찾을 수 없습니다.',
  NOT_FOUND_TOKEN: '요청 정보를 찾을 수 없습니다. 유효하지 않은 토큰입니다.',
  NOT_FOUND_CONTRACT: '요청 정보를 찾을 수 없습니다. 계약 정보를 찾을 수 없습니다.',
  NOT_FOUND_EXPIRED: '요청 정보를 찾을 수 없습니다. 열람 기간이 만료된 문서입니다.',
  NOT_FOUND_PATH: '요청 정보를 찾을 수 없습니다.',
  INTERNAL_ERROR: '서버 에러입니다. 다시 시도해 주세요.',
} as const;

/** Sandbox OTT lifetime (real time): long enough for a human, short enough to test expiry. */
export const TOKEN_LIFETIME_MS = 10 * 60 * 1000;

const CONTRACT_REQUIRED: ReadonlySet<SandboxEndpoint> = new Set(['singleSend', 'bulkSend', 'singleStatus', 'bulkStatus']);

export type Route = { endpoint: SandboxEndpoint; binderUuid?: string; token?: string; methodAllowed: boolean };

function decodeSegment(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

export function routeOf(method: string, url: string): Route {
  const pathname = url.split('?')[0] ?? '';
  const raw = pathname.split('/').slice(1);
  const segs = raw.map(decodeSegment);
  if (segs.some((s) => s === null || s === '')) return { endpoint: 'unknown', methodAllowed: false };
  const s = segs as string[];
  const is = (m: string): boolean => method === m;
  if (s[0] !== 'v1') return { endpoint: 'unknown', methodAllowed: false };
  if (s.length === 2 && s[1] === 'documents') return { endpoint: 'singleSend', methodAllowed: is('POST') };
  if (s.length === 3 && s[1] === 'documents' && s[2] === 'bulk') return { endpoint: 'bulkSend', methodAllowed: is('POST') };
  if (s.length === 4 && s[1] === 'documents' && s[2] === 'bulk' && s[3] === 'status') return { endpoint: 'bulkStatus', methodAllowed: is('POST') };
  if (s.length === 3 && s[1] === 'documents') return { endpoint: 'readStatus', binderUuid: s[2] ?? '', methodAllowed: is('POST') };
  if (s.length === 4 && s[1] === 'documents' && s[3] === 'status') return { endpoint: 'singleStatus', binderUuid: s[2] ?? '', methodAllowed: is('GET') };
  if (s.length === 4 && s[2] === 'tokens') return { endpoint: 'verifyToken', binderUuid: s[1] ?? '', token: s[3] ?? '', methodAllowed: is('GET') };
  return { endpoint: 'unknown', methodAllowed: false };
}

/** The path as the ledger keeps it: the OTT token is a credential, even in the sandbox. */
export function ledgerPath(route: Route, url: string): string {
  const pathname = url.split('?')[0] ?? url;
  if (route.endpoint === 'verifyToken') return pathname.replace(/\/tokens\/[^/]*$/, '/tokens/***');
  return pathname.length > 300 ? `${pathname.slice(0, 300)}…` : pathname;
}

const flat = (status: number, code: string, message: string): GatewayResponse => ({
  status,
  json: { error_code: code, error_message: message },
});
const invalid = (inv: Invalid): GatewayResponse => flat(400, 'INVALID_VALUE', invalidMessage(inv));

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function newBinderUuid(): string {
  return `BIN-${randomBytes(16).toString('hex')}`;
}

export function newToken(): string {
  return `OTT${randomBytes(20).toString('hex')}`; // 43 characters ≤ 50 (reference §7.1)
}

/** Per-item result for a recipient behaviour (seed 001 §3.2.2); null = accepted. */
function itemErrorFor(behaviour: SandboxBehaviour, seenBefore: boolean): { code: string; message: string } | null {
  switch (behaviour) {
    case 'notFound':
      return { code: 'NOT_FOUND', message: ERROR_MESSAGES.NOT_FOUND_USER };
    case 'forbidden':
      return { code: 'FORBIDDEN', message: ERROR_MESSAGES.FORBIDDEN };
    case 'invalidValue':
      return { code: 'INVALID_VALUE', message: `${ERROR_MESSAGES.INVALID_VALUE} 수신자 정보를 확인할 수 없습니다.` };
    case 'internalErrorAlways':
      return { code: 'INTERNAL_ERROR', message: ERROR_MESSAGES.INTERNAL_ERROR };
    case 'internalErrorOnce':
      return seenBefore ? null : { code: 'INTERNAL_ERROR', message: ERROR_MESSAGES.INTERNAL_ERROR };
    default:
      return null;
  }
}

const STATUS_FOR_ITEM_ERROR: Record<string, number> = { NOT_FOUND: 404, FORBIDDEN: 403, INVALID_VALUE: 400, INTERNAL_ERROR: 500 };

function deadlineOf(doc: BulkDocumentItem | SingleDocument, sentAtS: number): number {
  return doc.read_expired_at ?? sentAtS + (doc.read_expired_sec ?? 0);
}

/** Processes send items inside the caller's transaction; returns one result per item, in order. */
function processItems(
  ctx: GatewayContext,
  requestId: number,
  items: { doc: BulkDocumentItem | SingleDocument; externalId: string | null }[],
  nowMs: number,
): { externalId: string | null; binderUuid: string | null; error: { code: string; message: string } | null }[] {
  const sentAtS = Math.floor(nowMs / 1000);
  return items.map(({ doc, externalId }) => {
    const recipientKey = sandboxRecipientKey(doc.receiver);
    const behaviour = sandboxBehaviourOf(doc.receiver);
    const seenBefore = ctx.ledger.seeRecipient(recipientKey, nowMs);
    const error = itemErrorFor(behaviour, seenBefore);
    let binderUuid: string | null = null;
    if (error === null) {
      binderUuid = newBinderUuid();
      ctx.ledger.insertDocument({
        binderUuid,
        externalDocumentUuid: externalId,
        requestId,
        recipientKey,
        behaviour: behaviour === 'accepted' && ctx.landingRecipients ? LANDING_BEHAVIOUR : behaviour,
        link: doc.property.link,
        payload: doc.property.payload ?? null,
        acceptedAtMs: nowMs,
        timeScale: ctx.timeScale,
        deadlineS: deadlineOf(doc, sentAtS),
      });
    }
    ctx.ledger.insertItem({
      requestId,
      externalDocumentUuid: externalId,
      recipientKey,
      result: error === null ? 'ACCEPTED' : error.code,
      documentBinderUuid: binderUuid,
    });
    if (binderUuid !== null && ctx.landingRecipients) ctx.onAccepted?.(binderUuid); // acted on asynchronously, after commit
    return { externalId, binderUuid, error };
  });
}

function parseJson(body: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body) };
  } catch {
    return { ok: false };
  }
}

/** Documents (bulk send) or ids (bulk status) in the request as received, valid or not; 1 for single calls. */
function rawItemCount(endpoint: SandboxEndpoint, body: string): number {
  if (endpoint === 'unknown') return 0;
  if (endpoint !== 'bulkSend' && endpoint !== 'bulkStatus') return 1;
  const parsed = parseJson(body);
  if (!parsed.ok || typeof parsed.value !== 'object' || parsed.value === null) return 0;
  const list =
    endpoint === 'bulkSend'
      ? (parsed.value as { documents?: unknown }).documents
      : (parsed.value as { document_binder_uuids?: unknown }).document_binder_uuids;
  return Array.isArray(list) ? list.length : 0;
}

/** Checks shared by every endpoint: method, credentials, Contract-Uuid, Content-Type, JSON body. */
function precheck(ctx: GatewayContext, route: Route, req: GatewayRequest): GatewayResponse | { body: unknown } {
  if (route.endpoint === 'unknown') return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_PATH);
  if (!route.methodAllowed) return flat(405, 'METHOD_NOT_ALLOWED', `허용되지 않는 메서드입니다: ${req.method}`);
  const auth = header(req.headers, 'authorization') ?? '';
  const m = /^Bearer (.+)$/i.exec(auth);
  if (m === null || !safeEqual(m[1] ?? '', ctx.accessToken)) return flat(401, 'UNAUTHORIZED', ERROR_MESSAGES.UNAUTHORIZED);
  const contract = header(req.headers, 'contract-uuid');
  if (contract === undefined) {
    if (CONTRACT_REQUIRED.has(route.endpoint)) return invalid({ ok: false, field: 'Contract-Uuid', reason: 'required header missing' });
  } else if (!safeEqual(contract, ctx.contractUuid)) {
    // Sent where it is optional (contractUuidOnAllCalls) it must still be the right one.
    return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_CONTRACT);
  }
  if (req.method !== 'POST') return { body: null };
  const contentType = (header(req.headers, 'content-type') ?? '').toLowerCase();
  if (!/^application\/json\s*(;|$)/.test(contentType)) {
    return invalid({ ok: false, field: 'Content-Type', reason: 'must be application/json;charset=UTF-8' });
  }
  const parsed = parseJson(req.body);
  if (!parsed.ok) return invalid({ ok: false, field: '(body)', reason: 'not valid JSON' });
  return { body: parsed.value };
}

function docFor(ctx: GatewayContext, binderUuid: string | undefined): LedgerDocument | null {
  if (binderUuid === undefined || binderUuid.length > MAX_BINDER_LENGTH) return null;
  return ctx.ledger.document(binderUuid);
}

/**
 * Handles one request (already past any fault that answers without processing). Returns the ledger
 * request id so a post-processing fault can be noted on it.
 */
export function handleGatewayRequest(
  ctx: GatewayContext,
  req: GatewayRequest,
  opts: { timestampsInMillis: boolean },
): { requestId: number; endpoint: SandboxEndpoint; response: GatewayResponse } {
  const route = routeOf(req.method, req.url);
  const nowMs = ctx.now();
  const pre = precheck(ctx, route, req);
  const body = 'body' in pre ? pre.body : null;

  return ctx.ledger.tx(() => {
    const requestId = ctx.ledger.insertRequest({
      endpoint: route.endpoint,
      method: req.method,
      path: ledgerPath(route, req.url),
      address: req.address,
      remoteAddress: req.remoteAddress,
      receivedAt: nowMs,
      itemCount: rawItemCount(route.endpoint, req.body),
      httpStatus: null,
      outcome: 'PENDING',
    });
    const response = 'status' in pre ? pre : dispatch(ctx, route, body, requestId, nowMs, opts.timestampsInMillis);
    const outcome =
      response.status < 300 ? 'OK' : ((response.json as { error_code?: string } | null)?.error_code ?? `HTTP_${response.status}`);
    ctx.ledger.finishRequest(requestId, response.status, outcome);
    return { requestId, endpoint: route.endpoint, response };
  });
}

function dispatch(ctx: GatewayContext, route: Route, body: unknown, requestId: number, nowMs: number, millis: boolean): GatewayResponse {
  switch (route.endpoint) {
    case 'bulkSend': {
      const v = validateBulkSendBody(body, nowMs);
      if (!v.ok) return invalid(v);
      const results = processItems(
        ctx,
        requestId,
        v.value.documents.map((doc) => ({ doc, externalId: doc.property.external_document_uuid })),
        nowMs,
      );
      return {
        status: 200,
        json: {
          documents: results.map((r) =>
            r.error === null
              ? { external_document_uuid: r.externalId, document_binder_uuid: r.binderUuid }
              : { external_document_uuid: r.externalId, error_code: r.error.code, error_message: r.error.message },
          ),
        },
      };
    }
    case 'singleSend': {
      const v = validateSingleSendBody(body, ctx.singleSendForm, nowMs);
      if (!v.ok) return invalid(v);
      const [r] = processItems(ctx, requestId, [{ doc: v.value, externalId: null }], nowMs);
      if (r === undefined) return flat(500, 'INTERNAL_ERROR', ERROR_MESSAGES.INTERNAL_ERROR);
      if (r.error !== null) return flat(STATUS_FOR_ITEM_ERROR[r.error.code] ?? 400, r.error.code, r.error.message);
      return { status: 200, json: { document_binder_uuid: r.binderUuid } };
    }
    case 'bulkStatus': {
      const v = validateBulkStatusBody(body);
      if (!v.ok) return invalid(v);
      // seed 001 §3.3.2: the answer's order differs from the request's; reversed here, on purpose.
      const documents = [...v.value].reverse().map((id) => {
        const doc = ctx.ledger.document(id);
        const status = doc === null ? null : statusOf(doc, nowMs);
        ctx.ledger.insertStatusAsk(requestId, id, status?.doc_box_status ?? null);
        if (status === null) return { document_binder_uuid: id, error_code: 'NOT_FOUND', error_message: ERROR_MESSAGES.NOT_FOUND_BINDER };
        return { document_binder_uuid: id, status_data: statusWire(status, millis) };
      });
      return { status: 200, json: { documents } };
    }
    case 'singleStatus': {
      const doc = docFor(ctx, route.binderUuid);
      const status = doc === null ? null : statusOf(doc, nowMs);
      if (route.binderUuid !== undefined) ctx.ledger.insertStatusAsk(requestId, route.binderUuid.slice(0, MAX_BINDER_LENGTH), status?.doc_box_status ?? null);
      if (status === null) return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_BINDER);
      return { status: 200, json: statusWire(status, millis) };
    }
    case 'verifyToken':
      return verifyToken(ctx, route, nowMs, millis);
    case 'readStatus': {
      const v = validateReadStatusBody(body);
      if (!v.ok) return invalid(v);
      const doc = docFor(ctx, route.binderUuid);
      if (doc === null) return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_BINDER);
      const status = statusOf(doc, nowMs);
      if (status.doc_box_status === 'EXPIRED') return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_EXPIRED);
      // reference §7.3: only the first success counts.
      if (doc.docBoxReadAt === null) ctx.ledger.setDocumentTimes(doc.binderUuid, { docBoxReadAt: Math.floor(virtualSeconds(doc, nowMs)) });
      return { status: 204, json: null };
    }
    default:
      return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_PATH);
  }
}

function verifyToken(ctx: GatewayContext, route: Route, nowMs: number, millis: boolean): GatewayResponse {
  const doc = docFor(ctx, route.binderUuid);
  const token = route.token ?? '';
  const t = token.length > 0 && token.length <= MAX_TOKEN_LENGTH ? ctx.ledger.token(token) : null;
  // reference §7.2: unknown token, another document's token, an expired or already used token → 404.
  if (doc === null || t === null || t.binderUuid !== doc.binderUuid || t.usedAtMs !== null || nowMs >= t.expiresAtMs) {
    return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_TOKEN);
  }
  const before = statusOf(doc, nowMs);
  if (before.doc_box_status === 'EXPIRED') return flat(404, 'NOT_FOUND', ERROR_MESSAGES.NOT_FOUND_EXPIRED);
  const usedAt = Math.floor(virtualSeconds(doc, nowMs));
  ctx.ledger.useToken(token, nowMs);
  if (doc.tokenUsedAt === null) ctx.ledger.setDocumentTimes(doc.binderUuid, { tokenUsedAt: usedAt });
  const after = statusOf({ ...doc, tokenUsedAt: doc.tokenUsedAt ?? usedAt }, nowMs);
  const scale = (s: number): number => (millis ? s * 1000 : s);
  // The token's remaining real lifetime, counted from the document's current virtual time (a fast time
  // scale must not turn a 10-minute token into one that "expires" years later).
  const expiresAt = usedAt + Math.max(0, Math.floor((t.expiresAtMs - nowMs) / 1000));
  const json: Record<string, string | number> = {
    token_status: 'USED',
    token_expires_at: scale(expiresAt),
    token_used_at: scale(usedAt),
    doc_box_sent_at: scale(after.doc_box_sent_at),
  };
  if (after.doc_box_received_at !== undefined) json['doc_box_received_at'] = scale(after.doc_box_received_at);
  if (after.authenticated_at !== undefined) json['authenticated_at'] = scale(after.authenticated_at);
  if (after.user_notified_at !== undefined) json['user_notified_at'] = scale(after.user_notified_at);
  if (after.payload !== undefined) json['payload'] = after.payload;
  return { status: 200, json };
}

export class SandboxDocumentError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'SandboxDocumentError';
    this.code = code;
  }
}

/**
 * A recipient authenticates in KakaoTalk and opens the document: a fresh single-use token is issued,
 * authenticated_at is set (first time), and the landing URL KakaoPay would open is returned (reference §7.1).
 */
export function openDocument(ctx: GatewayContext, binderUuid: string): { token: string; url: string } {
  const nowMs = ctx.now();
  return ctx.ledger.tx(() => {
    const doc = ctx.ledger.document(binderUuid);
    if (doc === null) throw new SandboxDocumentError('NOT_FOUND', `문서를 찾을 수 없습니다: ${binderUuid}`);
    const status = statusOf(doc, nowMs);
    if (status.doc_box_status === 'EXPIRED') {
      throw new SandboxDocumentError('EXPIRED', '열람 기간이 지난 문서는 열 수 없습니다. 새 문서로 다시 보내야 합니다.');
    }
    if (status.doc_box_status === 'SENT') {
      throw new SandboxDocumentError(
        'NOT_RECEIVED',
        '아직 수신자의 내문서함에 도착하지 않은 문서입니다(SENT). 잠시 후 다시 열거나, 카카오페이 회원이 아닌 수신자(끝자리 7777)인지 확인하세요.',
      );
    }
    const token = newToken();
    ctx.ledger.insertToken({ token, binderUuid, issuedAtMs: nowMs, expiresAtMs: nowMs + TOKEN_LIFETIME_MS });
    if (doc.authenticatedAt === null && status.authenticated_at === undefined) {
      ctx.ledger.setDocumentTimes(binderUuid, { authenticatedAt: Math.floor(virtualSeconds(doc, nowMs)) });
    }
    const url = new URL(doc.link);
    url.searchParams.append('document_binder_uuid', binderUuid);
    url.searchParams.append('token', token);
    if (doc.externalDocumentUuid !== null) url.searchParams.append('external_document_uuid', doc.externalDocumentUuid);
    return { token, url: url.toString() };
  });
}
