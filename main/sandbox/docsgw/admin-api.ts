// Wire format of the sandbox admin API (plain HTTP, JSON, 127.0.0.1 only), shared by admin-server.ts and
// admin-client.ts so a test or the CLI in another process can drive a running sandbox.
import { z } from 'zod';
import { ledgerItemSchema, ledgerRequestSchema, ledgerSummarySchema } from './ledger.ts';

export const ADMIN_PATHS = {
  info: '/v1/info',
  faults: '/v1/faults',
  summary: '/v1/ledger/summary',
  requests: '/v1/ledger/requests',
  items: '/v1/ledger/items', // ?external_document_uuid=…
  acceptedCounts: '/v1/ledger/accepted-counts',
  open: (binderUuid: string): string => `/v1/documents/${encodeURIComponent(binderUuid)}/open`,
  clock: '/v1/clock', // GET → now; POST {advanceMs}
} as const;

export const sandboxInfoSchema = z.object({
  host: z.string(),
  port: z.number(),
  addresses: z.array(z.string()),
  caFile: z.string(),
  adminUrl: z.string().nullable(),
  ledgerPath: z.string(),
  timeScale: z.number(),
});
export type DocsGwSandboxInfo = z.infer<typeof sandboxInfoSchema>;

export const openDocumentResultSchema = z.object({ token: z.string(), url: z.string() });
export const clockSchema = z.object({ nowMs: z.number() });
export const advanceClockSchema = z.strictObject({ advanceMs: z.number().int().min(0).max(10 * 365 * 24 * 3600 * 1000) });
export const requestsResultSchema = z.object({ requests: z.array(ledgerRequestSchema) });
export const itemsResultSchema = z.object({ items: z.array(ledgerItemSchema) });
export const acceptedCountsResultSchema = z.object({ counts: z.record(z.string(), z.number()) });
export const summaryResultSchema = ledgerSummarySchema;
export const adminErrorSchema = z.object({ error_code: z.string(), error_message: z.string() });
