// Client of the sandbox admin API (admin-server.ts), for tests and the CLI driving a sandbox that runs in
// another process. Loopback HTTP only.
import type { z } from 'zod';
import {
  ADMIN_PATHS,
  acceptedCountsResultSchema,
  adminErrorSchema,
  clockSchema,
  itemsResultSchema,
  openDocumentResultSchema,
  requestsResultSchema,
  sandboxInfoSchema,
  summaryResultSchema,
  type DocsGwSandboxInfo,
} from './admin-api.ts';
import { sandboxFaultsSchema, type SandboxFaults } from './faults.ts';
import type { LedgerItem, LedgerRequest, LedgerSummary } from './ledger.ts';

export class SandboxAdminError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'SandboxAdminError';
    this.status = status;
    this.code = code;
  }
}

export type DocsGwSandboxAdminClient = {
  info(): Promise<DocsGwSandboxInfo>;
  setFaults(f: SandboxFaults): Promise<SandboxFaults>;
  clearFaults(): Promise<void>;
  faults(): Promise<SandboxFaults>;
  summary(): Promise<LedgerSummary>;
  requests(): Promise<LedgerRequest[]>;
  itemsFor(externalDocumentUuid: string): Promise<LedgerItem[]>;
  acceptedCountsByExternalId(): Promise<Map<string, number>>;
  openDocument(binderUuid: string): Promise<{ token: string; url: string }>;
  now(): Promise<number>;
  advanceClock(ms: number): Promise<number>;
};

export function createDocsGwSandboxAdminClient(adminUrl: string): DocsGwSandboxAdminClient {
  const base = new URL(adminUrl);
  if (base.hostname !== '127.0.0.1' && base.hostname !== 'localhost') {
    throw new Error('샌드박스 관리 API 주소는 127.0.0.1 이어야 합니다.');
  }

  async function call<T>(schema: z.ZodType<T>, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, base), {
      method,
      ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const json: unknown = await res.json();
    if (!res.ok) {
      const e = adminErrorSchema.safeParse(json);
      throw new SandboxAdminError(res.status, e.success ? e.data.error_code : `HTTP_${res.status}`, e.success ? e.data.error_message : '');
    }
    return schema.parse(json);
  }

  return {
    info: () => call(sandboxInfoSchema, 'GET', ADMIN_PATHS.info),
    setFaults: (f) => call(sandboxFaultsSchema, 'PUT', ADMIN_PATHS.faults, f),
    clearFaults: async () => {
      await call(sandboxFaultsSchema, 'DELETE', ADMIN_PATHS.faults);
    },
    faults: () => call(sandboxFaultsSchema, 'GET', ADMIN_PATHS.faults),
    summary: () => call(summaryResultSchema, 'GET', ADMIN_PATHS.summary),
    requests: async () => (await call(requestsResultSchema, 'GET', ADMIN_PATHS.requests)).requests,
    itemsFor: async (ext) =>
      (await call(itemsResultSchema, 'GET', `${ADMIN_PATHS.items}?external_document_uuid=${encodeURIComponent(ext)}`)).items,
    acceptedCountsByExternalId: async () =>
      new Map(Object.entries((await call(acceptedCountsResultSchema, 'GET', ADMIN_PATHS.acceptedCounts)).counts)),
    openDocument: (binderUuid) => call(openDocumentResultSchema, 'POST', ADMIN_PATHS.open(binderUuid), {}),
    now: async () => (await call(clockSchema, 'GET', ADMIN_PATHS.clock)).nowMs,
    advanceClock: async (ms) => (await call(clockSchema, 'POST', ADMIN_PATHS.clock, { advanceMs: ms })).nowMs,
  };
}
