// The six docs-gw endpoints (reference kakaopay-edoc-api.md §2–§3): method, path and which ones carry the
// Contract-Uuid header. The spec omits Contract-Uuid on OTT verify and read status; `contractUuidOnAllCalls`
// (profile switch) sends it everywhere, as some integrators do.

export const DOCSGW_ENDPOINTS = {
  singleSend: { method: 'POST', contractUuid: true },
  bulkSend: { method: 'POST', contractUuid: true },
  verifyToken: { method: 'GET', contractUuid: false },
  readStatus: { method: 'POST', contractUuid: false },
  singleStatus: { method: 'GET', contractUuid: true },
  bulkStatus: { method: 'POST', contractUuid: true },
} as const;

export type DocsGwEndpoint = keyof typeof DOCSGW_ENDPOINTS;
export const DOCSGW_ENDPOINT_NAMES = Object.keys(DOCSGW_ENDPOINTS) as DocsGwEndpoint[];

/** reference §2: every call declares JSON in UTF-8. */
export const DOCSGW_CONTENT_TYPE = 'application/json;charset=UTF-8';

const seg = (v: string): string => encodeURIComponent(v);

export const docsGwPaths = {
  singleSend: (): string => '/v1/documents',
  bulkSend: (): string => '/v1/documents/bulk',
  /** reference §3 #3: not under /documents; GET since [SG] rev 1.0.3. */
  verifyToken: (binderUuid: string, token: string): string => `/v1/${seg(binderUuid)}/tokens/${seg(token)}`,
  readStatus: (binderUuid: string): string => `/v1/documents/${seg(binderUuid)}`,
  singleStatus: (binderUuid: string): string => `/v1/documents/${seg(binderUuid)}/status`,
  bulkStatus: (): string => '/v1/documents/bulk/status',
} as const;
