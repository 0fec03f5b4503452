// KakaoPay e-document gateway wire format (seed 001 §3.2–3.3, reference kakaopay-edoc-api.md §4–§10).
// Shared by the client (main/docsgw) and the sandbox simulator so both enforce the same letter of the spec.
import { z } from 'zod';

/** Maximum lengths in characters (reference §4.2: integrators validate characters, not bytes). */
export const EDOC_LIMITS = {
  title: 40,
  hash: 99,
  ci: 88,
  phoneNumber: 11,
  name: 20,
  birthday: 8,
  link: 100,
  payload: 200,
  message: 500,
  csNumber: 20,
  csName: 10,
  externalDocumentUuid: 40,
  documentBinderUuid: 40,
  bridgeContent: 500,
  readExpiredSecDigits: 8,
  errorCode: 40,
  errorMessage: 500,
  /** seed 001 §3.1: at most 100 documents per bulk request. */
  bulkMaxDocuments: 100,
  /** seed 001 §3.3.1: at most 100 ids per bulk status request. */
  bulkStatusMaxIds: 100,
} as const;

/** Recommended relative deadline: 30 days (reference §4.2). */
export const DEFAULT_READ_EXPIRED_SEC = 2_592_000;

/** reference §4.3 — `Default` is mixed case and must be sent literally. */
export const COMMON_CATEGORIES = ['Default', 'BILL', 'BILL_PAY', 'NOTICE', 'CONTRACT', 'REPORT'] as const;
export const commonCategorySchema = z.enum(COMMON_CATEGORIES);
export type CommonCategory = z.infer<typeof commonCategorySchema>;

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]/;

const str = (max: number) => z.string().min(1).max(max);

export const receiverByCiSchema = z.strictObject({ ci: str(EDOC_LIMITS.ci) });
export const receiverByIdentitySchema = z.strictObject({
  phone_number: z.string().regex(/^\d{10,11}$/, 'phone_number must be 10–11 digits'),
  name: str(EDOC_LIMITS.name),
  birthday: z.string().regex(/^(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])$/, 'birthday must be YYYYMMDD'),
  is_required_verify_name: z.boolean(),
});
/** ci xor phone+name+birthday (reference §4.2 "send exactly one identification form"). */
export const receiverSchema = z.union([receiverByCiSchema, receiverByIdentitySchema]);
export type Receiver = z.infer<typeof receiverSchema>;

export const linkSchema = z
  .string()
  .min(1)
  .max(EDOC_LIMITS.link)
  .refine((v) => !HANGUL.test(v), 'link must not contain Hangul')
  .refine((v) => /^https?:\/\/[^\s]+$/.test(v), 'link must be an http(s) URL');

export const bulkPropertySchema = z.strictObject({
  link: linkSchema,
  payload: str(EDOC_LIMITS.payload).optional(),
  message: str(EDOC_LIMITS.message).optional(),
  cs_number: str(EDOC_LIMITS.csNumber),
  cs_name: str(EDOC_LIMITS.csName),
  external_document_uuid: str(EDOC_LIMITS.externalDocumentUuid),
});

const readExpiredAt = z.number().int().positive().max(9_999_999_999);
const readExpiredSec = z.number().int().positive().max(99_999_999);

const documentBase = {
  title: str(EDOC_LIMITS.title),
  hash: str(EDOC_LIMITS.hash).optional(),
  common_categories: z.array(commonCategorySchema).min(1).optional(),
  receiver: receiverSchema,
  bridge: z.strictObject({ content: str(EDOC_LIMITS.bridgeContent) }).optional(),
};

/** One item of a bulk send: the single-send fields unwrapped plus property.external_document_uuid. */
export const bulkDocumentItemSchema = z
  .strictObject({
    ...documentBase,
    read_expired_at: readExpiredAt.optional(),
    read_expired_sec: readExpiredSec.optional(),
    property: bulkPropertySchema,
  })
  .refine((d) => (d.read_expired_at === undefined) !== (d.read_expired_sec === undefined), {
    message: 'exactly one of read_expired_at and read_expired_sec is required',
  });
export type BulkDocumentItem = z.infer<typeof bulkDocumentItemSchema>;

export const bulkSendRequestSchema = z.strictObject({
  documents: z.array(bulkDocumentItemSchema).min(1).max(EDOC_LIMITS.bulkMaxDocuments),
});
export type BulkSendRequest = z.infer<typeof bulkSendRequestSchema>;

/** Per-item error codes of a bulk send (seed 001 §3.2.2). */
export const BULK_ITEM_ERROR_CODES = ['NOT_FOUND', 'INVALID_VALUE', 'FORBIDDEN', 'INTERNAL_ERROR'] as const;
export const bulkItemErrorCodeSchema = z.enum(BULK_ITEM_ERROR_CODES);
export type BulkItemErrorCode = z.infer<typeof bulkItemErrorCodeSchema>;

/** HTTP statuses of a whole-request failure, each with its flat error body (reference §9). */
export const WHOLE_REQUEST_ERROR_STATUSES = [400, 401, 403, 404, 500] as const;
export type WholeRequestErrorStatus = (typeof WHOLE_REQUEST_ERROR_STATUSES)[number];

// Responses: unknown fields are ignored (reference §8: undocumented fields appear in production).
export const bulkSendResultItemSchema = z.object({
  external_document_uuid: z.string().min(1).max(EDOC_LIMITS.externalDocumentUuid),
  document_binder_uuid: z.string().min(1).max(EDOC_LIMITS.documentBinderUuid).optional(),
  error_code: z.string().max(EDOC_LIMITS.errorCode).optional(),
  error_message: z.string().optional(),
});
export const bulkSendResponseSchema = z.object({ documents: z.array(bulkSendResultItemSchema) });
export type BulkSendResponse = z.infer<typeof bulkSendResponseSchema>;

export const DOC_BOX_STATUSES = ['SENT', 'RECEIVED', 'READ', 'EXPIRED'] as const;
export const docBoxStatusSchema = z.enum(DOC_BOX_STATUSES);
export type DocBoxStatus = z.infer<typeof docBoxStatusSchema>;

const epoch = z.number().int().nonnegative();
export const statusDataSchema = z.object({
  doc_box_status: docBoxStatusSchema,
  doc_box_sent_at: epoch.optional(),
  doc_box_received_at: epoch.optional(),
  authenticated_at: epoch.optional(),
  token_used_at: epoch.optional(),
  doc_box_read_at: epoch.optional(),
  user_notified_at: epoch.optional(),
  payload: z.string().optional(),
});
export type StatusData = z.infer<typeof statusDataSchema>;

export const bulkStatusRequestSchema = z.strictObject({
  document_binder_uuids: z
    .array(z.string().min(1).max(EDOC_LIMITS.documentBinderUuid))
    .min(1)
    .max(EDOC_LIMITS.bulkStatusMaxIds),
});
export type BulkStatusRequest = z.infer<typeof bulkStatusRequestSchema>;

export const bulkStatusResultItemSchema = z.object({
  document_binder_uuid: z.string().min(1).max(EDOC_LIMITS.documentBinderUuid),
  status_data: statusDataSchema.optional(),
  error_code: z.string().optional(),
  error_message: z.string().optional(),
});
export const bulkStatusResponseSchema = z.object({ documents: z.array(bulkStatusResultItemSchema) });
export type BulkStatusResponse = z.infer<typeof bulkStatusResponseSchema>;

/** Single send (reference §4.1): wrapped in `document` by default, behind a switch. */
export const singleDocumentSchema = z
  .strictObject({
    ...documentBase,
    read_expired_at: readExpiredAt.optional(),
    read_expired_sec: readExpiredSec.optional(),
    property: bulkPropertySchema.omit({ external_document_uuid: true }),
  })
  .refine((d) => (d.read_expired_at === undefined) !== (d.read_expired_sec === undefined), {
    message: 'exactly one of read_expired_at and read_expired_sec is required',
  });
export type SingleDocument = z.infer<typeof singleDocumentSchema>;
export const singleSendResponseSchema = z.object({ document_binder_uuid: z.string().min(1).max(40) });

/** OTT verify response (reference §7.2); `signed_at` is also seen as `token_signed_at`. */
export const ottResponseSchema = z.object({
  token_status: z.string().max(10),
  token_expires_at: epoch,
  token_used_at: epoch.optional(),
  doc_box_sent_at: epoch.optional(),
  doc_box_received_at: epoch.optional(),
  authenticated_at: epoch.optional(),
  user_notified_at: epoch.optional(),
  payload: z.string().optional(),
  signed_at: epoch.optional(),
  token_signed_at: epoch.optional(),
});
export type OttResponse = z.infer<typeof ottResponseSchema>;

export const readStatusRequestSchema = z.strictObject({
  document: z.strictObject({ is_detail_read: z.literal(true) }),
});

/** Flat error body of every endpoint (reference §9). */
export const errorBodySchema = z.object({ error_code: z.string(), error_message: z.string().optional() });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Both spellings mean the same retryable server error (reference §9). */
export function isInternalErrorCode(code: string | undefined): boolean {
  return code === 'INTERNAL_ERROR' || code === 'INTERNAL_SERVER_ERROR';
}

/** Normalises the two documented aliases (reference §9); everything else is kept as sent. */
export function normalizeErrorCode(code: string): string {
  if (code === 'UNIDENTIFIED_USER') return 'INVALID_VALUE';
  if (isInternalErrorCode(code)) return 'INTERNAL_ERROR';
  return code;
}

/**
 * Gateway epochs are documented as "millis" but are seconds (reference §10):
 * values ≥ 10^11 are milliseconds; values < 10^9 are implausible and not converted.
 */
export function gatewayEpochToMillis(raw: number): { ms: number | null; implausible: boolean } {
  if (raw >= 1e11) return { ms: Math.trunc(raw), implausible: false };
  if (raw < 1e9) return { ms: null, implausible: true };
  return { ms: raw * 1000, implausible: false };
}
