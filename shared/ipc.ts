// THE contract (DESIGN §3): everything the UI can ask of the backend. Channel names are `domain:verb`; each has
// a zod input and output schema. Main validates both directions; the preload builds named functions from this
// list; the test bridge serves the same list. Secrets are write-only: no output schema carries a secret value.
import { z } from 'zod';
import { columnMappingSchema, importProgressSchema, importReportSchema, mailingDefaultsSchema, mappingPresetSchema, rowErrorSchema } from './domain/import.ts';
import { documentDetailSchema, mailingSummarySchema, preReviewFormSchema, stateCountsSchema, unknownResolutionSchema } from './domain/mailing.ts';
import { profileImportPreviewSchema, profileKindSchema, profileSchema } from './domain/profile.ts';
import { secretKeySchema, secretStatusSchema } from './domain/secrets.ts';
import {
  auditCheckpointsSchema,
  auditEventsInputSchema,
  auditEventsPageSchema,
  auditExportInputSchema,
  auditExportResultSchema,
  auditSettingsInputSchema,
  auditSettingsSchema,
  auditVerifyInputSchema,
  auditVerifyReportSchema,
} from './domain/audit.ts';
import {
  dashboardSummarySchema,
  diagnosticsReportSchema,
  documentsExportInputSchema,
  documentsExportOutputSchema,
  documentsPageSchema,
  documentsQueryInputSchema,
} from './domain/documents-query.ts';
import { bankSchema } from './domain/banks.ts';
import { followUpExportInputSchema, followUpExportResultSchema, followUpOverviewInputSchema, mailingChartSchema, mailingDeadlineSchema } from './domain/follow-up.ts';
import { payupBatchPreviewSchema, payupBatchRunSchema, payupCancelInputSchema, payupCancelResultSchema, payupCancelRowSchema, payupCancelStateSchema, payupProgressSchema, payupStateCountsSchema } from './domain/payup.ts';
import { kcpBatchPreviewSchema, kcpBatchProgressSchema, kcpBatchResultSchema, kcpVerificationResultSchema, kcpVerifyInputSchema } from './domain/kcp-verification.ts';

const mailingId = z.strictObject({ mailingId: z.string().min(1).max(64) });
const empty = z.strictObject({});

export const channels = {
  'mailing:import': {
    input: z.strictObject({
      filePath: z.string().min(1).max(4096),
      sheet: z.string().max(255).optional(),
      mapping: columnMappingSchema.optional(),
      defaults: mailingDefaultsSchema,
      name: z.string().min(1).max(200).optional(),
      preset: z.string().min(1).max(100).optional(),
      savePreset: z.string().min(1).max(100).optional(),
    }),
    output: z.object({ mailingId: z.string().nullable(), report: importReportSchema }),
  },
  'mailing:presets': { input: empty, output: z.array(mappingPresetSchema) },
  'mailing:savePreset': { input: mappingPresetSchema, output: mappingPresetSchema },
  // Import wizard (issue 3 §3): the sheets of a chosen file, a dry-run validation that creates nothing, and the
  // validation report's error list as .xlsx under <dataDir>/exports/.
  'mailing:sheets': { input: z.strictObject({ filePath: z.string().min(1).max(4096) }), output: z.array(z.string()) },
  'mailing:validate': {
    input: z.strictObject({
      filePath: z.string().min(1).max(4096),
      sheet: z.string().max(255).optional(),
      mapping: columnMappingSchema.optional(),
      defaults: mailingDefaultsSchema,
      preset: z.string().min(1).max(100).optional(),
    }),
    output: importReportSchema,
  },
  'mailing:exportErrors': {
    input: z.strictObject({ fileName: z.string().min(1).max(255), errors: z.array(rowErrorSchema).max(50_000) }),
    output: z.object({ filePath: z.string() }),
  },
  'mailing:send': {
    input: mailingId.extend({ acknowledgePreReview: z.boolean().default(false) }),
    output: z.object({ mailingId: z.string(), stopped: z.enum(['done', 'paused', 'cancelled']), counts: stateCountsSchema, chunks: z.number().int(), elapsedMs: z.number() }),
  },
  'mailing:pause': { input: mailingId, output: z.object({ paused: z.boolean() }) },
  'mailing:cancel': { input: mailingId, output: z.object({ cancelled: z.number().int() }) },
  'mailing:resolve': { input: mailingId.extend({ resolution: unknownResolutionSchema }), output: z.object({ documents: z.number().int() }) },
  'mailing:list': { input: empty, output: z.array(mailingSummarySchema) },
  'mailing:status': { input: mailingId, output: mailingSummarySchema },
  'mailing:preReview': { input: mailingId, output: preReviewFormSchema },
  'mailing:poll': {
    input: mailingId,
    output: z.object({ polled: z.number().int(), changed: z.number().int(), errors: z.number().int(), remaining: z.number().int(), nextDueAt: z.number().nullable() }),
  },
  'documents:show': { input: z.strictObject({ ref: z.string().min(1).max(64) }), output: documentDetailSchema.nullable() },
  'profiles:list': {
    input: empty,
    output: z.array(z.object({ name: z.string(), kind: profileKindSchema, label: z.string(), builtin: z.boolean(), active: z.boolean() })),
  },
  'profiles:show': { input: z.strictObject({ name: z.string().min(1).max(64) }), output: profileSchema },
  /** What importing a profile file would add or change (the confirmation shows it); changes nothing. */
  'profiles:previewImport': { input: z.strictObject({ filePath: z.string().min(1).max(4096) }), output: profileImportPreviewSchema },
  /** Replacing an existing profile needs confirmReplace = the preview's digest (the exact profile shown). Audited. */
  'profiles:import': {
    input: z.strictObject({ filePath: z.string().min(1).max(4096), confirmReplace: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
    output: z.object({ name: z.string(), kind: profileKindSchema, replaced: z.boolean(), changes: z.number().int() }),
  },
  'profiles:use': {
    input: z.strictObject({ name: z.string().min(1).max(64), confirmProduction: z.boolean().default(false) }),
    output: z.object({ active: z.string(), kind: profileKindSchema }),
  },
  'settings:setSecret': { input: z.strictObject({ key: secretKeySchema, value: z.string().min(1).max(4096) }), output: secretStatusSchema },
  'settings:clearSecret': { input: z.strictObject({ key: secretKeySchema }), output: secretStatusSchema },
  'settings:secretStatus': { input: empty, output: z.array(secretStatusSchema) },
  /** The data folder and how its keys are protected (settings screen). No key material. */
  'settings:info': {
    input: empty,
    output: z.object({ dataDir: z.string(), protection: z.string() }),
  },
  // Audit screen (issue 4 §7): verify, search events, checkpoints and key fingerprint, evidence export.
  'audit:verify': { input: auditVerifyInputSchema, output: auditVerifyReportSchema },
  'audit:events': { input: auditEventsInputSchema, output: auditEventsPageSchema },
  'audit:checkpoints': { input: empty, output: auditCheckpointsSchema },
  'audit:export': { input: auditExportInputSchema, output: auditExportResultSchema },
  'audit:settings': { input: auditSettingsInputSchema, output: auditSettingsSchema },
  // Status grid, export, dashboard, diagnostics (issue 3 §3): paging, sorting and filtering happen in SQLite.
  'documents:query': { input: documentsQueryInputSchema, output: documentsPageSchema },
  'documents:export': { input: documentsExportInputSchema, output: documentsExportOutputSchema },
  'dashboard:summary': { input: empty, output: dashboardSummarySchema },
  'diagnostics:run': { input: empty, output: diagnosticsReportSchema },
  // Deadlines and the next channel (issue 14 items 2 and 9): every mailing's read deadline and follow-up counts,
  // the unread and failed recipients as .xlsx under <dataDir>/exports/ (reason audited), per-mailing charts.
  'followUp:overview': { input: followUpOverviewInputSchema, output: z.array(mailingDeadlineSchema) },
  'followUp:export': { input: followUpExportInputSchema, output: followUpExportResultSchema },
  'dashboard:mailing': { input: mailingId, output: mailingChartSchema },
  // Native file dialogs (Electron only; the web bridge answers NOT_AVAILABLE and uses /api/upload, /api/download).
  'files:pickOpen': {
    input: z.strictObject({ purpose: z.enum(['recipients', 'profile', 'kcp', 'payup']).default('recipients') }),
    output: z.object({ filePath: z.string().nullable() }),
  },
  /** Copies a file DocDesk wrote under <dataDir>/exports/ to a place the user picks in a save dialog. */
  'files:saveAs': { input: z.strictObject({ filePath: z.string().min(1).max(4096) }), output: z.object({ savedTo: z.string().nullable() }) },
  // KCP account verification (issue 5): account numbers and names come back masked only.
  'kcp:banks': {
    input: empty,
    output: z.object({ banks: z.array(bankSchema), legacy: z.array(z.object({ code: z.string(), to: z.string(), nameKo: z.string() })) }),
  },
  'kcp:verify': { input: kcpVerifyInputSchema, output: kcpVerificationResultSchema },
  'kcp:verifyBatch': {
    input: z.strictObject({
      filePath: z.string().min(1).max(4096),
      sheet: z.string().max(255).optional(),
      /** Result workbook (.xlsx); default: none. */
      outPath: z.string().min(1).max(4096).optional(),
      confirmUnverifiedBanks: z.boolean().default(false),
      /** Result workbook (.xlsx) written inside <dataDir>/exports/ under this file name (the screen's download). */
      resultFileName: z.string().min(1).max(200).optional(),
    }),
    output: kcpBatchResultSchema,
  },
  /**
   * Continues a batch: rows still queued (it stopped), and with confirmUnverifiedBanks the rows it left out because
   * KCP support for their bank is unconfirmed (the screen's confirmation button; audited). Nothing is sent twice.
   */
  'kcp:resumeBatch': {
    input: z.strictObject({
      batchId: z.string().min(1).max(64),
      confirmUnverifiedBanks: z.boolean().default(false),
      /** Result workbook (.xlsx) written inside <dataDir>/exports/ under this file name (the screen's download). */
      resultFileName: z.string().min(1).max(200).optional(),
    }),
    output: kcpBatchResultSchema,
  },
  /** The batch screen's first step: counts and row errors of a file; nothing journalled or sent. */
  'kcp:previewBatch': {
    input: z.strictObject({ filePath: z.string().min(1).max(4096), sheet: z.string().max(255).optional() }),
    output: kcpBatchPreviewSchema,
  },
  // PayUp KakaoPay cancel (issue 5): journalled, never twice; apiCertKey and signatures never cross.
  'payup:cancel': { input: payupCancelInputSchema, output: payupCancelResultSchema },
  'payup:cancelBatch': {
    input: z.strictObject({
      filePath: z.string().min(1).max(4096),
      sheet: z.string().max(255).optional(),
      /** true: preview only (counts and row errors), nothing journalled or sent — the screen's first step. */
      previewOnly: z.boolean().default(false),
      /** Result workbook (.xlsx), written inside <dataDir>/exports/ under this file name; none when omitted. */
      resultFileName: z.string().min(1).max(200).optional(),
    }),
    output: z.object({ preview: payupBatchPreviewSchema, run: payupBatchRunSchema.nullable() }),
  },
  'payup:list': {
    input: z.strictObject({ state: payupCancelStateSchema.optional(), batchId: z.string().max(64).optional(), limit: z.number().int().min(1).max(10_000).default(500) }),
    output: z.object({ counts: payupStateCountsSchema, items: z.array(payupCancelRowSchema) }),
  },
  /** The operator's decision on an UNKNOWN cancel (retry = queue it again and send now; abandon = never send). Audited. */
  'payup:resolve': {
    input: z.strictObject({ transactionId: z.string().trim().min(1).max(20), decision: z.enum(['retry', 'abandon']) }),
    output: z.object({ row: payupCancelRowSchema, result: payupCancelResultSchema.nullable() }),
  },
} as const;

export type Channel = keyof typeof channels;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<(typeof channels)[C]['output']>;

/** Progress pushed from main to the renderer. */
export const events = {
  'mailing:progress': z.object({ mailingId: z.string(), counts: stateCountsSchema, chunksDone: z.number().int(), elapsedMs: z.number() }),
  'mailing:importProgress': importProgressSchema,
  'kcp:batchProgress': kcpBatchProgressSchema,
  'payup:progress': payupProgressSchema,
  /** The active profile changed (every window refreshes its header badge and what depends on the profile). */
  'profile:changed': z.object({ name: z.string(), kind: profileKindSchema, label: z.string() }),
} as const;
export type EventChannel = keyof typeof events;

/** Typed errors survive the trip across the contract. */
export const contractErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
export type ContractError = z.infer<typeof contractErrorSchema>;
export type ContractResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };
