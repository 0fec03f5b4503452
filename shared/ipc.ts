// THE contract (DESIGN §3): everything the UI can ask of the backend. Channel names are `domain:verb`; each has
// a zod input and output schema. Main validates both directions; the preload builds named functions from this
// list; the test bridge serves the same list. Secrets are write-only: no output schema carries a secret value.
import { z } from 'zod';
import { columnMappingSchema, importProgressSchema, importReportSchema, mailingDefaultsSchema, mappingPresetSchema, rowErrorSchema } from './domain/import.ts';
import { documentDetailSchema, mailingSummarySchema, preReviewFormSchema, stateCountsSchema, unknownResolutionSchema } from './domain/mailing.ts';
import { preReviewRequestSchema, preReviewSendSchema } from './domain/pre-review.ts';
import { exportsDeleteInputSchema, exportsDeleteResultSchema, exportsListSchema } from './domain/exports.ts';
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
import {
  oneDocumentPlanSchema,
  oneDocumentResultSchema,
  resendConfirmedInputSchema,
  resendInputSchema,
  sendOneConfirmedInputSchema,
  sendOneInputSchema,
  statusCheckInputSchema,
  statusCheckResultSchema,
} from './domain/document-actions.ts';
import { landingFileImportSchema, landingFolderStatusSchema, landingImportedSchema, landingSetFolderInputSchema } from './domain/landing-folder.ts';
import { networkCheckReportSchema } from './domain/network-check.ts';
import { profileEditSchema } from './domain/service-settings.ts';
import { followUpExportInputSchema, followUpExportResultSchema, followUpOverviewInputSchema, mailingChartSchema, mailingDeadlineSchema } from './domain/follow-up.ts';
import { payupBatchPreviewSchema, payupBatchRunSchema, payupCancelInputSchema, payupCancelResultSchema, payupCancelRowSchema, payupCancelStateSchema, payupProgressSchema, payupStateCountsSchema } from './domain/payup.ts';
import { networkPlanViewSchema, planProfileTargetSchema } from './domain/network-documents.ts';
import { mailingStatusChangedSchema, schedulerPlanSchema, trackerStatusSchema } from './domain/tracker.ts';
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
    // preReview: the operator's decision and plan when the day crosses 500,000 (seed 001 §2.1); audited.
    input: mailingId.extend({ acknowledgePreReview: z.boolean().default(false), preReview: preReviewSendSchema.optional() }),
    output: z.object({ mailingId: z.string(), stopped: z.enum(['done', 'paused', 'cancelled']), counts: stateCountsSchema, chunks: z.number().int(), elapsedMs: z.number() }),
  },
  'mailing:pause': { input: mailingId, output: z.object({ paused: z.boolean() }) },
  'mailing:cancel': { input: mailingId, output: z.object({ cancelled: z.number().int() }) },
  'mailing:resolve': { input: mailingId.extend({ resolution: unknownResolutionSchema }), output: z.object({ documents: z.number().int() }) },
  'mailing:list': { input: empty, output: z.array(mailingSummarySchema) },
  'mailing:status': { input: mailingId, output: mailingSummarySchema },
  'mailing:preReview': { input: preReviewRequestSchema, output: preReviewFormSchema },
  'mailing:poll': {
    input: mailingId,
    output: z.object({ polled: z.number().int(), changed: z.number().int(), errors: z.number().int(), remaining: z.number().int(), nextDueAt: z.number().nullable() }),
  },
  // The status tracker (issue 14 item 1): pause/resume (persisted, audited) and the OS scheduler entry for when
  // DocDesk is closed (registered only on an explicit click; audited).
  'tracker:status': { input: empty, output: trackerStatusSchema },
  'tracker:setPaused': { input: z.strictObject({ paused: z.boolean() }), output: trackerStatusSchema },
  'tracker:scheduler': { input: empty, output: schedulerPlanSchema },
  'tracker:registerScheduler': { input: empty, output: schedulerPlanSchema },
  'documents:show': { input: z.strictObject({ ref: z.string().min(1).max(64) }), output: documentDetailSchema.nullable() },
  // One document at a time (issue 14 item 4): a plan shows what will be sent and changes nothing; the send runs only
  // with the plan's digest. "Check now" asks the gateway for one accepted document's status.
  'documents:planResend': { input: resendInputSchema, output: oneDocumentPlanSchema },
  'documents:resend': { input: resendConfirmedInputSchema, output: oneDocumentResultSchema },
  'documents:planSendOne': { input: sendOneInputSchema, output: oneDocumentPlanSchema },
  'documents:sendOne': { input: sendOneConfirmedInputSchema, output: oneDocumentResultSchema },
  'documents:check': { input: statusCheckInputSchema, output: statusCheckResultSchema },
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
  /** Settings (issue 15): what an edit of the active profile's lines, PayUp and KCP would change; changes nothing. */
  'profiles:previewEdit': { input: profileEditSchema, output: profileImportPreviewSchema },
  /** Applies the edit; replacing an existing profile needs confirmReplace = the preview's digest. Audited. */
  'profiles:edit': {
    input: profileEditSchema.extend({ confirmReplace: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
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
    output: z.object({ dataDir: z.string(), protection: z.string(), institutionName: z.string().nullable() }),
  },
  // Audit screen (issue 4 §7): verify, search events, checkpoints and key fingerprint, evidence export.
  'audit:verify': { input: auditVerifyInputSchema, output: auditVerifyReportSchema },
  'audit:events': { input: auditEventsInputSchema, output: auditEventsPageSchema },
  'audit:checkpoints': { input: empty, output: auditCheckpointsSchema },
  'audit:export': { input: auditExportInputSchema, output: auditExportResultSchema },
  'audit:settings': { input: auditSettingsInputSchema, output: auditSettingsSchema },
  // Landing evidence taken in (issue 14 §6): a JSON Lines file (upload or open dialog; each line once) and the
  // landing-events folder the app watches (setting audited; a look at it now).
  'audit:importLanding': { input: z.strictObject({ filePath: z.string().min(1).max(4096) }), output: landingFileImportSchema },
  'landing:folderStatus': { input: empty, output: landingFolderStatusSchema },
  'landing:setFolder': { input: landingSetFolderInputSchema, output: landingFolderStatusSchema },
  'landing:scanFolder': { input: empty, output: landingFolderStatusSchema },
  // Status grid, export, dashboard, diagnostics (issue 3 §3): paging, sorting and filtering happen in SQLite.
  'documents:query': { input: documentsQueryInputSchema, output: documentsPageSchema },
  'documents:export': { input: documentsExportInputSchema, output: documentsExportOutputSchema },
  'dashboard:summary': { input: empty, output: dashboardSummarySchema },
  'diagnostics:run': { input: empty, output: diagnosticsReportSchema },
  /** Every flow of the firewall flow table checked from this PC: DNS, TCP, TLS, KCP module (issue 15 item 6). */
  'network:check': { input: empty, output: networkCheckReportSchema },
  // Deadlines and the next channel (issue 14 items 2 and 9): every mailing's read deadline and follow-up counts,
  // the unread and failed recipients as .xlsx under <dataDir>/exports/ (reason audited), per-mailing charts.
  'followUp:overview': { input: followUpOverviewInputSchema, output: z.array(mailingDeadlineSchema) },
  'followUp:export': { input: followUpExportInputSchema, output: followUpExportResultSchema },
  'dashboard:mailing': { input: mailingId, output: mailingChartSchema },
  // Native file dialogs (Electron only; the web bridge answers NOT_AVAILABLE and uses /api/upload, /api/download).
  'files:pickOpen': {
    input: z.strictObject({ purpose: z.enum(['recipients', 'profile', 'kcp', 'payup', 'landing']).default('recipients') }),
    output: z.object({ filePath: z.string().nullable() }),
  },
  /** A folder chosen in a native dialog (the KCP module home); the web face types the path instead. */
  'files:pickFolder': { input: z.strictObject({ purpose: z.enum(['kcpModule']) }), output: z.object({ folderPath: z.string().nullable() }) },
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
  // Issue 14 §5, §7: the pre-review form as .xlsx, the institution's name (form field 1), exports/ clean-up, and
  // the folder of an export shown in the desktop's file manager (the web downloads instead).
  'mailing:preReviewExport': { input: preReviewRequestSchema, output: z.object({ filePath: z.string(), review: preReviewFormSchema }) },
  'settings:setInstitutionName': { input: z.strictObject({ name: z.string().trim().min(1).max(100) }), output: z.object({ institutionName: z.string() }) },
  'exports:list': { input: empty, output: exportsListSchema },
  'exports:delete': { input: exportsDeleteInputSchema, output: exportsDeleteResultSchema },
  'files:showInFolder': { input: z.strictObject({ filePath: z.string().min(1).max(4096) }), output: z.object({ shown: z.boolean() }) },
  // Network plan (issue 15): the institution's facts checked against seed 000, the agency's forms and the flow
  // table, the .xlsx for the agency, and the profile the plan implies (through the confirmed profile import).
  'network:plan': { input: empty, output: networkPlanViewSchema },
  /** Checked with the plan's own rules (Korean messages per field); refused plans change nothing. Audited. */
  'network:savePlan': { input: z.strictObject({ plan: z.record(z.string(), z.unknown()) }), output: networkPlanViewSchema },
  'network:exportForms': { input: empty, output: z.object({ filePath: z.string() }) },
  'network:previewProfile': {
    input: z.strictObject({ name: z.string().min(1).max(64), target: planProfileTargetSchema }),
    output: z.object({ preview: profileImportPreviewSchema, profile: profileSchema }),
  },
  /** Replacing an existing profile needs confirmReplace = the preview's digest, as for profiles:import. Audited. */
  'network:makeProfile': {
    input: z.strictObject({ name: z.string().min(1).max(64), target: planProfileTargetSchema, confirmReplace: z.string().regex(/^[0-9a-f]{64}$/).optional() }),
    output: z.object({ name: z.string(), kind: profileKindSchema, replaced: z.boolean(), changes: z.number().int() }),
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
  /** Landing events reached the audit log (watched folder or upload): reading evidence on screen refreshes. */
  'landing:imported': landingImportedSchema,
  /** The status tracker's state, next wake-up and last round (Settings, the mailings list). */
  'tracker:status': trackerStatusSchema,
  /** Documents of these mailings changed status (coalesced): the grid, the mailings list and the dashboard refetch. */
  'mailing:statusChanged': mailingStatusChangedSchema,
} as const;
export type EventChannel = keyof typeof events;

/** Typed errors survive the trip across the contract. */
export const contractErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
export type ContractError = z.infer<typeof contractErrorSchema>;
export type ContractResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };
