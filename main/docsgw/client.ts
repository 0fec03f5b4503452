// KakaoPay docs-gw client: the six endpoints of reference kakaopay-edoc-api.md §3 over the audited HTTPS
// plumbing of main/http. Requests are validated with the shared schemas BEFORE sending (a violation throws
// DocsGwRequestError and nothing leaves); every network result comes back as a CallOutcome (outcome.ts), so a
// thrown error never means "maybe sent". Nothing here retries: whether to resend is the caller's decision,
// and OTT verification must never be repeated (reference §7.2).
import type { z } from 'zod';
import {
  bulkSendResponseSchema,
  bulkStatusResponseSchema,
  ottResponseSchema,
  singleSendResponseSchema,
  statusDataSchema,
  type BulkSendRequest,
  type BulkSendResponse,
  type BulkStatusResponse,
  type OttResponse,
  type SingleDocument,
  type StatusData,
} from '../../shared/domain/edoc.ts';
import type { DocsgwService, ProfileKind } from '../../shared/domain/profile.ts';
import type { ExchangeSink } from '../http/exchange.ts';
import { createServiceClient, type ServiceLine } from '../http/service-client.ts';
import { DOCSGW_CONTENT_TYPE, DOCSGW_ENDPOINTS, docsGwPaths, type DocsGwEndpoint } from './endpoints.ts';
import { DocsGwConfigError } from './errors.ts';
import { jsonParser, noContentParser, parseOnce, parseProblem, toOutcome, type ResponseParser } from './map-response.ts';
import type { CallOutcome } from './outcome.ts';
import {
  validateBinderUuid,
  validateBulkSend,
  validateBulkStatusIds,
  validateSingleDocument,
  validateToken,
} from './validate-request.ts';

export type DocsGwCredentials = { accessToken: string; contractUuid: string };
export type SingleSendResponse = z.infer<typeof singleSendResponseSchema>;
export type Correlation = Record<string, string>;

export type DocsGwClientOptions = {
  profileKind: ProfileKind;
  service: DocsgwService;
  /** Read on every call, so a rotated credential is picked up without rebuilding the client. */
  credentials: () => DocsGwCredentials;
  exchangeSink: ExchangeSink;
  /** Clock for the "read_expired_at must be in the future" check (ms UTC). */
  now?: () => number;
};

export type DocsGwClient = {
  /** POST /v1/documents/bulk — ≤100 unwrapped items, results matched by external_document_uuid. */
  bulkSend(req: BulkSendRequest, correlation?: Correlation): Promise<CallOutcome<BulkSendResponse>>;
  /** POST /v1/documents/bulk/status — ≤100 ids; the answer's order differs from the request's. */
  /** `externalIds`: our ids of the same documents, recorded with the exchange (ExchangeRecord.externalIds). */
  bulkStatus(ids: string[], correlation?: Correlation, externalIds?: readonly string[]): Promise<CallOutcome<BulkStatusResponse>>;
  /** POST /v1/documents — wrapped in {"document": …} unless service.singleSendWrapper is 'none'. */
  singleSend(doc: SingleDocument, correlation?: Correlation): Promise<CallOutcome<SingleSendResponse>>;
  /** GET /v1/documents/{binder}/status */
  singleStatus(binderUuid: string, correlation?: Correlation): Promise<CallOutcome<StatusData>>;
  /**
   * GET /v1/{binder}/tokens/{token} — single use: call it ONCE per token, never retry (reference §7.2).
   * `ok` only says the gateway answered 200; render the page only when value.token_status === 'USED'.
   */
  verifyToken(binderUuid: string, token: string, correlation?: Correlation): Promise<CallOutcome<OttResponse>>;
  /** POST /v1/documents/{binder} {"document":{"is_detail_read":true}} — 204 (any 2xx) → ok with undefined. */
  readStatus(binderUuid: string, correlation?: Correlation): Promise<CallOutcome<undefined>>;
  /** Waits for running calls, then closes the connections. */
  close(): Promise<void>;
};

/** seed 000 §2.2: the gateway accepts port 443 only; a production profile on any other port is a mistake. */
export function assertProductionPort(profileKind: ProfileKind, service: DocsgwService): void {
  if (profileKind === 'production' && service.port !== 443) {
    throw new DocsGwConfigError(
      'DOCSGW_PRODUCTION_PORT',
      `운영(production) 프로필의 카카오페이 문서 게이트웨이는 443 포트만 쓸 수 있습니다 (설정값: ${service.port}). 프로필의 docsgw.port를 443으로 고친 뒤 다시 시도하세요.`,
    );
  }
}

// Header values must be a single visible line; a stray newline from a pasted secret would otherwise surface
// as an obscure transport error.
function checkCredential(name: string, value: string): string {
  const hasControl = [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (value.length === 0 || hasControl) {
    throw new DocsGwConfigError(
      'DOCSGW_CREDENTIAL_INVALID',
      `${name} 값이 비어 있거나 줄바꿈 같은 제어 문자가 들어 있습니다. 설정에서 ${name}을(를) 다시 입력하세요.`,
    );
  }
  return value;
}

export function createDocsGwClient(opts: DocsGwClientOptions): DocsGwClient {
  const { service } = opts;
  assertProductionPort(opts.profileKind, service);
  const now = opts.now ?? Date.now;
  // Bulk send and bulk status travel on the bulk-only line when the profile names one (seed 001 §2.2).
  const http = createServiceClient({
    service: 'docsgw',
    endpoint: service,
    exchangeSink: opts.exchangeSink,
    ...(service.bulkLocalAddress !== undefined ? { bulkLocalAddress: service.bulkLocalAddress } : {}),
  });

  async function call<T>(
    endpoint: DocsGwEndpoint,
    args: { path: string; logPath?: string; body?: unknown; parser: ResponseParser<T>; correlation?: Correlation; externalIds?: readonly string[]; secrets?: string[]; line?: ServiceLine },
  ): Promise<CallOutcome<T>> {
    const creds = opts.credentials();
    const accessToken = checkCredential('access token', creds.accessToken);
    const contractUuid = checkCredential('Contract-Uuid', creds.contractUuid);
    const headers: Record<string, string> = {
      'Content-Type': DOCSGW_CONTENT_TYPE,
      Authorization: `Bearer ${accessToken}`,
    };
    if (DOCSGW_ENDPOINTS[endpoint].contractUuid || service.contractUuidOnAllCalls) headers['Contract-Uuid'] = contractUuid;
    const secrets = [accessToken, contractUuid, ...(args.secrets ?? [])];
    const parser = parseOnce(args.parser);
    const result = await http.request({
      endpoint,
      method: DOCSGW_ENDPOINTS[endpoint].method,
      path: args.path,
      ...(args.logPath !== undefined ? { logPath: args.logPath } : {}),
      headers,
      ...(args.body !== undefined ? { body: JSON.stringify(args.body) } : {}),
      ...(args.correlation !== undefined ? { correlation: args.correlation } : {}),
      ...(args.externalIds !== undefined ? { externalIds: args.externalIds } : {}),
      secrets,
      ...(args.line !== undefined ? { line: args.line } : {}),
      checkResponse: parseProblem(parser),
    });
    return toOutcome(result, parser, { host: service.host, secrets });
  }

  return {
    async bulkSend(req, correlation) {
      const body = validateBulkSend(req, now());
      return call('bulkSend', { path: docsGwPaths.bulkSend(), body, parser: jsonParser(bulkSendResponseSchema), line: 'bulk', ...(correlation ? { correlation } : {}) });
    },
    async bulkStatus(ids, correlation, externalIds) {
      const valid = validateBulkStatusIds(ids);
      return call('bulkStatus', {
        path: docsGwPaths.bulkStatus(),
        body: { document_binder_uuids: valid },
        parser: jsonParser(bulkStatusResponseSchema),
        line: 'bulk',
        ...(correlation ? { correlation } : {}),
        ...(externalIds ? { externalIds } : {}),
      });
    },
    async singleSend(doc, correlation) {
      const valid = validateSingleDocument(doc, now());
      const body = service.singleSendWrapper === 'document' ? { document: valid } : valid;
      return call('singleSend', { path: docsGwPaths.singleSend(), body, parser: jsonParser(singleSendResponseSchema), ...(correlation ? { correlation } : {}) });
    },
    async singleStatus(binderUuid, correlation) {
      const id = validateBinderUuid('singleStatus', binderUuid);
      return call('singleStatus', { path: docsGwPaths.singleStatus(id), parser: jsonParser(statusDataSchema), ...(correlation ? { correlation } : {}) });
    },
    async verifyToken(binderUuid, token, correlation) {
      const id = validateBinderUuid('verifyToken', binderUuid);
      const t = validateToken(token);
      return call('verifyToken', {
        path: docsGwPaths.verifyToken(id, t),
        // The token is a credential for one page view: only `***` reaches the log (evidence-and-audit §9).
        logPath: docsGwPaths.verifyToken(id, '***'),
        parser: jsonParser(ottResponseSchema),
        secrets: [t],
        ...(correlation ? { correlation } : {}),
      });
    },
    async readStatus(binderUuid, correlation) {
      const id = validateBinderUuid('readStatus', binderUuid);
      return call('readStatus', {
        path: docsGwPaths.readStatus(id),
        body: { document: { is_detail_read: true } },
        parser: noContentParser,
        ...(correlation ? { correlation } : {}),
      });
    },
    close: () => http.close(),
  };
}
