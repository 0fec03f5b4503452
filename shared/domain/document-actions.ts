// One document at a time (issue 14 item 4), as the contract and the CLI see it: fix a refused or abandoned
// document's recipient and send it again as a new document, send one new document to one recipient, and ask one
// document's status now. Every action is planned first (what will be sent, to which profile; nothing changes) and
// carried out only with the plan's digest, so what runs is exactly what the operator confirmed.
import { z } from 'zod';
import { DOC_BOX_STATUSES } from './edoc.ts';
import { rowErrorSchema } from './import.ts';
import { documentStateSchema } from './mailing.ts';

/** Raw text as typed; normalised and checked like an imported cell (main/imports/typed-row.ts). */
const typed = (max: number) => z.string().trim().min(1).max(max);

/** The recipient fields a corrected re-send may change; absent = as sent before. */
export const recipientFixSchema = z.strictObject({
  phone: typed(40).optional(),
  name: typed(100).optional(),
  birthday: typed(40).optional(),
});
export type RecipientFix = z.infer<typeof recipientFixSchema>;
export const RECIPIENT_FIX_FIELDS = ['phone', 'name', 'birthday'] as const;

const documentRef = z.string().trim().min(1).max(64);
/** sha256 hex of the plan (main/app/document-actions.ts). */
export const planDigestSchema = z.string().regex(/^[0-9a-f]{64}$/);

export const resendInputSchema = z.strictObject({ ref: documentRef, fix: recipientFixSchema.default({}) });
export const resendConfirmedInputSchema = resendInputSchema.extend({ confirmDigest: planDigestSchema });

/** One recipient and the document's content; empty content fields come from the chosen mailing's defaults. */
export const sendOneInputSchema = z.strictObject({
  baseMailingId: z.string().min(1).max(64).optional(),
  recipient: z.strictObject({ name: typed(100).optional(), phone: typed(40).optional(), birthday: typed(40).optional(), ci: typed(200).optional() }),
  content: z
    .strictObject({
      title: typed(200).optional(),
      link: typed(400).optional(),
      csNumber: typed(100).optional(),
      csName: typed(100).optional(),
      message: typed(2000).optional(),
      expiresInDays: z.number().int().min(1).max(100_000).optional(),
    })
    .default({}),
});
export type SendOneInput = z.input<typeof sendOneInputSchema>;
export const sendOneConfirmedInputSchema = sendOneInputSchema.extend({ confirmDigest: planDigestSchema });

/** What will be sent. Personal data is masked except what the operator typed in this action (`changes[].after`). */
export const oneDocumentPlanSchema = z.object({
  profile: z.string(),
  recipient: z.string(),
  title: z.string(),
  link: z.string(),
  csNumber: z.string(),
  csName: z.string(),
  message: z.string().nullable(),
  /** Read deadline after acceptance, in days. */
  expiresInDays: z.number(),
  changes: z.array(z.object({ field: z.enum(RECIPIENT_FIX_FIELDS), before: z.string(), after: z.string() })),
  original: z
    .object({
      documentId: z.number().int(),
      externalDocumentUuid: z.string().nullable(),
      mailingId: z.string(),
      mailingName: z.string(),
      state: documentStateSchema,
      errorCode: z.string().nullable(),
      recipient: z.string(),
    })
    .nullable(),
  baseMailing: z.object({ id: z.string(), name: z.string() }).nullable(),
  digest: planDigestSchema,
});
export type OneDocumentPlan = z.infer<typeof oneDocumentPlanSchema>;

/** The new document after its send: accepted, refused (with the gateway's code), UNKNOWN, or still queued. */
export const oneDocumentResultSchema = z.object({
  mailingId: z.string(),
  documentId: z.number().int(),
  externalDocumentUuid: z.string().nullable(),
  state: documentStateSchema,
  docBoxStatus: z.enum(DOC_BOX_STATUSES).nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  /** The external id of the document this one re-sends. */
  resendOf: z.string().nullable(),
});
export type OneDocumentResult = z.infer<typeof oneDocumentResultSchema>;

export const statusCheckInputSchema = z.strictObject({ ref: documentRef });
export const statusCheckResultSchema = z.object({
  documentId: z.number().int(),
  externalDocumentUuid: z.string().nullable(),
  outcome: z.enum(['ok', 'refused', 'failed']),
  docBoxStatus: z.enum(DOC_BOX_STATUSES).nullable(),
  previous: z.enum(DOC_BOX_STATUSES).nullable(),
  changed: z.boolean(),
  checkedAt: z.number().int(),
  errorCode: z.string().nullable(),
  message: z.string().nullable(),
});
export type StatusCheck = z.infer<typeof statusCheckResultSchema>;

/** The typed recipient broke a rule of the import (details: the row errors, each naming its field). */
export const recipientErrorDetailsSchema = z.object({ errors: z.array(rowErrorSchema) });
