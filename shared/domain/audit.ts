// The audit screen's contract shapes (issue 4 §7): verify, paged event search, checkpoints, evidence export.
// Records are shown as stored in the chain: already masked (reference evidence-and-audit.md §9).
import { z } from 'zod';

export const auditActorSchema = z.object({ type: z.enum(['operator', 'system', 'landing']), id: z.string(), ip: z.string().optional(), host: z.string().optional() });

export const auditRecordViewSchema = z.object({
  v: z.number().int(),
  seq: z.number().int(),
  ts: z.string(),
  ev: z.string(),
  actor: auditActorSchema,
  subj: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  data: z.record(z.string(), z.unknown()),
  peer_date: z.string().optional(),
  salt: z.string(),
});

export const auditVerifyInputSchema = z.strictObject({ checkpointFiles: z.array(z.string().min(1).max(4096)).max(100).default([]) });
export const auditVerifyReportSchema = z.object({
  ok: z.boolean(),
  size: z.number().int(),
  firstBadSeq: z.number().int().nullable(),
  integrity: z.string(),
  triggersMissing: z.array(z.string()),
  checkpointsChecked: z.number().int(),
  externalCheckpointsChecked: z.number().int(),
  problems: z.array(z.object({ code: z.string(), seq: z.number().int().nullable(), message: z.string() })),
});

export const auditEventsInputSchema = z.strictObject({
  /** Event type prefix, e.g. `net.`, `op.`, `edoc.page`. */
  ev: z.string().max(64).optional(),
  /** External document id or binder uuid. */
  document: z.string().min(1).max(64).optional(),
  /** Recipient phone number: searched by HMAC token, never stored in clear. */
  phone: z.string().regex(/^[\d-]{10,13}$/).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  text: z.string().min(1).max(200).optional(),
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(100),
});
export const auditEventsPageSchema = z.object({
  total: z.number().int(),
  rows: z.array(z.object({ seq: z.number().int(), ts: z.string(), ev: z.string(), record: auditRecordViewSchema.nullable(), leaf: z.string() })),
});

export const auditCheckpointsSchema = z.object({
  logId: z.string(),
  keyFingerprint: z.string(),
  publicKeyPem: z.string(),
  anchorFolder: z.string().nullable(),
  retentionDays: z.number().int(),
  size: z.number().int(),
  checkpoints: z.array(z.object({ size: z.number().int(), head: z.string(), keyFingerprint: z.string(), createdAt: z.number().int(), anchoredAt: z.string().nullable() })),
});

export const auditExportInputSchema = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('document'), ref: z.string().min(1).max(64) }),
    z.strictObject({ kind: z.literal('recipient'), phone: z.string().regex(/^[\d-]{10,13}$/) }),
    z.strictObject({ kind: z.literal('range'), from: z.string().min(10).max(40), to: z.string().min(10).max(40) }),
  ]),
  /** Required (안전성 확보조치 기준 제8조②: every download of personal data has a confirmed reason). */
  reason: z.string().trim().min(2).max(500),
});
export const auditExportResultSchema = z.object({
  /** Inside <dataDir>/exports/, ready for files:saveAs. */
  outDir: z.string(),
  files: z.array(z.string()),
  firstSeq: z.number().int(),
  endSize: z.number().int(),
  disclosed: z.number().int(),
  withheld: z.number().int(),
  sha256sumsSha256: z.string(),
  exportSeq: z.number().int(),
  keyFingerprint: z.string(),
  /** report.pdf (printed by Chromium), or why the bundle has none, in Korean. */
  pdf: z.union([z.object({ file: z.literal('report.pdf'), bytes: z.number().int().positive() }), z.object({ file: z.null(), reason: z.string() })]),
  /** Korean warnings: the bundle's checkpoint does not extend the newest anchored checkpoint (verifiers will refuse it). */
  warnings: z.array(z.string()),
});

export const auditSettingsInputSchema = z.strictObject({
  anchorFolder: z.string().min(1).max(4096).nullable().optional(),
  retentionDays: z.number().int().min(365).max(36_500).optional(),
});
export const auditSettingsSchema = z.object({ anchorFolder: z.string().nullable(), retentionDays: z.number().int() });
