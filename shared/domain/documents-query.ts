// The status grid, the dashboard and the diagnostics screen as the contract sees them (issue 3 §3). Paging,
// sorting and filtering happen in SQLite (main/documents/); the UI only sends these inputs. Personal data in
// every output is masked (shared/domain/masking.ts): never a full phone number, name or CI.
import { z } from 'zod';
import { DOC_BOX_STATUSES } from './edoc.ts';
import { documentStateSchema } from './mailing.ts';

/** Largest page the grid may ask for: a virtualised grid never shows more at once. */
export const DOCUMENTS_PAGE_MAX = 500;
/** Largest export of one view: a day's pre-review volume (an .xlsx sheet holds 1,048,576 rows). */
export const DOCUMENTS_EXPORT_MAX = 500_000;

/** Sortable columns, whitelisted: the renderer can never inject SQL through a column name. */
export const DOCUMENT_SORT_COLUMNS = ['id', 'mailingId', 'sourceRow', 'state', 'stateAt', 'docBoxStatus', 'errorCode', 'acceptedAt', 'readAt'] as const;
export const documentSortColumnSchema = z.enum(DOCUMENT_SORT_COLUMNS);

export const documentsFilterSchema = z.strictObject({
  mailingId: z.string().min(1).max(64).optional(),
  /** Our states (DRAFT … CANCELLED); empty or absent = all. */
  states: z.array(documentStateSchema).max(16).optional(),
  /** Gateway statuses of accepted documents; SENT includes accepted documents not yet polled. */
  docBoxStatuses: z.array(z.enum(DOC_BOX_STATUSES)).max(8).optional(),
  errorCode: z.string().min(1).max(64).optional(),
  /**
   * Name (prefix), phone (full, prefix, or the last 4 digits; dashes ignored), external document id (prefix)
   * or binder uuid (prefix). Matching is on normalised, indexed columns (migration 4).
   */
  search: z.string().trim().max(100).optional(),
});
export type DocumentsFilter = z.infer<typeof documentsFilterSchema>;

export const documentsQueryInputSchema = documentsFilterSchema.extend({
  sort: documentSortColumnSchema.default('id'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(DOCUMENTS_PAGE_MAX).default(100),
});
export type DocumentsQueryInput = z.input<typeof documentsQueryInputSchema>;

export const documentRowSchema = z.object({
  id: z.number().int(),
  mailingId: z.string(),
  mailingName: z.string(),
  sourceRow: z.number().int(),
  /** Masked: 홍*동 010-****-5678, or CI abcd…wxyz. */
  recipient: z.string(),
  state: documentStateSchema,
  stateAt: z.number().int(),
  docBoxStatus: z.enum(DOC_BOX_STATUSES).nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  externalDocumentUuid: z.string().nullable(),
  documentBinderUuid: z.string().nullable(),
  acceptedAt: z.number().int().nullable(),
  readAt: z.number().int().nullable(),
  attemptNo: z.number().int(),
});
export type DocumentRow = z.infer<typeof documentRowSchema>;

/** Every column of a grid row, in display order (the export's column chooser uses the same keys). */
export const DOCUMENT_ROW_COLUMNS = [
  'id', 'mailingId', 'mailingName', 'sourceRow', 'recipient', 'state', 'stateAt', 'docBoxStatus', 'errorCode', 'errorMessage',
  'externalDocumentUuid', 'documentBinderUuid', 'acceptedAt', 'readAt', 'attemptNo',
] as const satisfies readonly (keyof DocumentRow)[];

export const documentsPageSchema = z.object({ total: z.number().int(), rows: z.array(documentRowSchema) });
export type DocumentsPage = z.infer<typeof documentsPageSchema>;

export const documentsExportInputSchema = documentsFilterSchema.extend({
  sort: documentSortColumnSchema.default('id'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  /** Columns to write, in order (the grid's visible columns); absent = all. */
  columns: z.array(z.enum(DOCUMENT_ROW_COLUMNS)).min(1).max(20).optional(),
});
export type DocumentsExportInput = z.input<typeof documentsExportInputSchema>;
/** filePath is under <dataDir>/exports/; truncated = the view had more than DOCUMENTS_EXPORT_MAX rows. */
export const documentsExportOutputSchema = z.object({ filePath: z.string(), rows: z.number().int(), truncated: z.boolean() });

export const dashboardSummarySchema = z.object({
  generatedAt: z.number().int(),
  today: z.object({
    /** Accepted since 00:00 Asia/Seoul, plus documents still waiting to be sent (DRAFT/QUEUED/IN_FLIGHT). */
    accepted: z.number().int(),
    pending: z.number().int(),
    planned: z.number().int(),
    /** seed 001 §2.1: 500,000 a day needs a pre-review request. */
    preReviewThreshold: z.number().int(),
    preReviewRequired: z.boolean(),
  }),
  /** Over every accepted document: SENT → RECEIVED → READ, or EXPIRED. A READ document was also received. */
  funnel: z.object({ accepted: z.number().int(), sent: z.number().int(), received: z.number().int(), read: z.number().int(), expired: z.number().int() }),
  /** Per Seoul calendar day (last 14 days with sends): documents accepted that day and how many of them are read now. */
  readRate: z.array(z.object({ day: z.string(), accepted: z.number().int(), read: z.number().int(), rate: z.number() })),
  recentErrors: z.array(
    z.object({ errorCode: z.string(), errorMessage: z.string().nullable(), count: z.number().int(), lastAt: z.number().int(), mailingId: z.string() }),
  ),
});
export type DashboardSummary = z.infer<typeof dashboardSummarySchema>;

export const DIAGNOSTIC_CHECKS = ['dns', 'tcp', 'tls', 'kcp'] as const;
export const diagnosticResultSchema = z.object({
  service: z.enum(['docsgw', 'payup', 'kcp']),
  check: z.enum(DIAGNOSTIC_CHECKS),
  target: z.string(),
  status: z.enum(['ok', 'warn', 'fail', 'skipped']),
  durationMs: z.number(),
  /** What was observed, in Korean (addresses, certificate subject, error). */
  detail: z.string(),
  /** What to do next, in Korean. */
  advice: z.string(),
});
export type DiagnosticResult = z.infer<typeof diagnosticResultSchema>;
export const diagnosticsReportSchema = z.object({
  profile: z.string(),
  kind: z.string(),
  startedAt: z.number().int(),
  results: z.array(diagnosticResultSchema),
});
export type DiagnosticsReport = z.infer<typeof diagnosticsReportSchema>;
