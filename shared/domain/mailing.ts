// Mailing and document lifecycle (DESIGN §6).
import { z } from 'zod';
import { DOC_BOX_STATUSES } from './edoc.ts';

/** Our side of a document's life: DRAFT → QUEUED → IN_FLIGHT → ACCEPTED | REJECTED | UNKNOWN (→ resolved). */
export const DOCUMENT_STATES = ['DRAFT', 'QUEUED', 'IN_FLIGHT', 'ACCEPTED', 'REJECTED', 'UNKNOWN', 'ABANDONED', 'CANCELLED'] as const;
export const documentStateSchema = z.enum(DOCUMENT_STATES);
export type DocumentState = z.infer<typeof documentStateSchema>;

/**
 * Reasons DocDesk itself names when a document ends UNKNOWN (stored in documents.error_message and
 * attempts.detail). The other reasons are the transport's codes (timeouts, resets) or a 5xx answer's error code;
 * docsgw-advice.ts explains every one of them.
 */
export const DOCDESK_UNKNOWN_REASONS = ['crash-recovery', 'MISSING_FROM_RESPONSE', 'CLIENT_ERROR', 'UNPARSABLE_RESPONSE'] as const;
export const docdeskUnknownReasonSchema = z.enum(DOCDESK_UNKNOWN_REASONS);
export type DocdeskUnknownReason = z.infer<typeof docdeskUnknownReasonSchema>;

/** documents.error_code values DocDesk stores for refusals it decided itself, outside the gateway's table. */
export const DOCDESK_REFUSAL_CODES = ['LOCAL_VALIDATION', 'NO_BINDER_UUID'] as const;
export const docdeskRefusalCodeSchema = z.enum(DOCDESK_REFUSAL_CODES);
export type DocdeskRefusalCode = z.infer<typeof docdeskRefusalCodeSchema>;

export const MAILING_STATES = ['IMPORTED', 'SENDING', 'PAUSED', 'SENT', 'CANCELLED'] as const;
export const mailingStateSchema = z.enum(MAILING_STATES);
export type MailingState = z.infer<typeof mailingStateSchema>;

export const FINAL_DOC_BOX_STATUSES = ['READ', 'EXPIRED'] as const;

/** Counts keyed by state name: our states plus, for accepted documents, the gateway status. */
export const stateCountsSchema = z.object({
  ...Object.fromEntries(DOCUMENT_STATES.map((s) => [s, z.number().int()])),
  ...Object.fromEntries(DOC_BOX_STATUSES.map((s) => [s, z.number().int()])),
} as Record<DocumentState | (typeof DOC_BOX_STATUSES)[number], z.ZodNumber>);
export type StateCounts = z.infer<typeof stateCountsSchema>;

export const mailingSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  state: mailingStateSchema,
  createdAt: z.number().int(),
  total: z.number().int(),
  counts: stateCountsSchema,
  /** When the status of one of its accepted documents was last asked (null: never). */
  lastCheckedAt: z.number().int().nullable(),
  /** When the next of its non-final documents falls due (null: every accepted document is final). */
  nextCheckAt: z.number().int().nullable(),
});
export type MailingSummary = z.infer<typeof mailingSummarySchema>;

/** Documents that need the operator's attention, grouped by their stored code (REJECTED) or reason (UNKNOWN, ABANDONED). */
export const mailingErrorGroupSchema = z.object({
  state: z.enum(['REJECTED', 'UNKNOWN', 'ABANDONED']),
  /** error_code of a refusal; the stored reason (error_message) of an UNKNOWN or ABANDONED document. */
  code: z.string().nullable(),
  count: z.number().int(),
});
export type MailingErrorGroup = z.infer<typeof mailingErrorGroupSchema>;

export const unknownResolutionSchema = z.enum(['resend', 'abandon']);
export type UnknownResolution = z.infer<typeof unknownResolutionSchema>;

/** seed 001 §2.1: 일단위 50만 건 이상 발송 예정인 경우 사전 검토 요청. */
export const PRE_REVIEW_DAILY_THRESHOLD = 500_000;
export const preReviewFormSchema = z.object({
  /** Today (Asia/Seoul) reaches the line with this mailing: sending waits for the operator's decision. */
  required: z.boolean(),
  /** Accepted today plus what this mailing (or a list about to be imported) would send. */
  plannedToday: z.number().int(),
  threshold: z.number().int(),
  form: z.object({
    institutionName: z.string(), // 1. 이용기관명 ('' while not set)
    plannedDates: z.string(), // 2. 발송예정일(기간)
    dailyCount: z.number().int(), // 3. 일단위 발송 건수
    expectedTps: z.number(), // 4. 예상 TPS
    purpose: z.string(), // 5. 발송목적
  }),
  /** Where 4. comes from: the profile's request rate times the documents one bulk request carries. */
  tpsBasis: z.object({ requestsPerSecond: z.number(), documentsPerRequest: z.number().int() }),
});
export type PreReviewForm = z.infer<typeof preReviewFormSchema>;

export const timelineEventSchema = z.object({
  at: z.number().int(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TimelineEvent = z.infer<typeof timelineEventSchema>;
/** The other end of a corrected re-send (migration 11): the document sent in this one's place, or the one it replaces. */
export const documentLinkSchema = z.object({
  documentId: z.number().int(),
  mailingId: z.string(),
  /** null until the new document's first request is claimed. */
  externalDocumentUuid: z.string().nullable(),
  state: documentStateSchema,
  at: z.number().int(),
});
export type DocumentLink = z.infer<typeof documentLinkSchema>;

export const documentDetailSchema = z.object({
  id: z.number().int(),
  mailingId: z.string(),
  sourceRow: z.number().int(),
  recipient: z.string(), // masked
  state: documentStateSchema,
  externalDocumentUuid: z.string().nullable(),
  documentBinderUuid: z.string().nullable(),
  docBoxStatus: z.enum(DOC_BOX_STATUSES).nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  timeline: z.array(timelineEventSchema),
  /** This document was corrected and sent again as … */
  resentAs: documentLinkSchema.nullable(),
  /** This document is the corrected re-send of … */
  resendOf: documentLinkSchema.nullable(),
});
export type DocumentDetail = z.infer<typeof documentDetailSchema>;
