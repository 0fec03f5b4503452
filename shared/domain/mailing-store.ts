// What the mailing services hand to their store and get back (issue 16 step 9): plain objects defined here, so
// the store interface (main/mailing/mailing-store.ts) and the reads (main/reads/docdesk-reads.ts) name no database
// type and a PostgreSQL implementation can take and give the same objects.
import { z } from 'zod';
import { bulkStatusResponseSchema, DOC_BOX_STATUSES, docBoxStatusSchema, type DocBoxStatus } from './edoc.ts';
import { draftDocumentSchema } from './import.ts';
import { documentLinkSchema, documentStateSchema } from './mailing.ts';

/** An imported document as the sender puts it on the wire, without its external id (the claim gives it one). */
export const draftItemSchema = draftDocumentSchema.omit({ sourceRow: true, recipientName: true });
export type DraftItem = z.infer<typeof draftItemSchema>;

/** A claimed document as the journal's answer and requeue name it: what the writer uses of it, no item. */
export const claimedDocumentRefSchema = z.object({
  id: z.number().int(),
  /** 1 for a document's first request: it never carried an error, so accepting it leaves the error columns alone. */
  attemptNo: z.number().int().positive(),
  externalDocumentUuid: z.string(),
});
export type ClaimedDocumentRef = z.infer<typeof claimedDocumentRefSchema>;

/**
 * A document claimed IN_FLIGHT for one request. Its item is the stored JSON text (document_items.item_json), parsed
 * where the request is built (main/mailing/sender.ts): a claim crosses from the writer thread as 100 strings, not
 * 100 object trees copied there and back (issue 16).
 */
export const claimedDocumentSchema = claimedDocumentRefSchema.extend({
  /** Per-item INTERNAL_ERROR retries it already had (classify-send.ts allows one), as it was claimed. */
  internalErrorRetries: z.number().int().nonnegative(),
  /** A DraftItem (draftItemSchema) as JSON text. */
  itemJson: z.string(),
});
export type ClaimedDocument = z.infer<typeof claimedDocumentSchema>;

/** One bulk-send request's documents, committed IN_FLIGHT before the request leaves. */
export const chunkSchema = z.object({ id: z.string(), mailingId: z.string(), documents: z.array(claimedDocumentSchema) });
export type Chunk = z.infer<typeof chunkSchema>;

/** A claimed chunk as its answer or requeue step carries it back to the writer. */
export const chunkRefSchema = z.object({ id: z.string(), mailingId: z.string(), documents: z.array(claimedDocumentRefSchema) });
export type ChunkRef = z.infer<typeof chunkRefSchema>;

/** Only what the writer uses of a chunk: a Chunk passed as a ChunkRef would otherwise cross threads with its items. */
export function chunkRefOf(chunk: ChunkRef): ChunkRef {
  return { id: chunk.id, mailingId: chunk.mailingId, documents: chunk.documents.map((d) => ({ id: d.id, attemptNo: d.attemptNo, externalDocumentUuid: d.externalDocumentUuid })) };
}

/** What became of one claimed document. */
export const itemResultSchema = z.discriminatedUnion('kind', [
  z.object({ documentId: z.number().int(), kind: z.literal('accepted'), binderUuid: z.string() }),
  z.object({ documentId: z.number().int(), kind: z.literal('rejected'), errorCode: z.string(), errorMessage: z.string() }),
  z.object({ documentId: z.number().int(), kind: z.literal('retry'), errorCode: z.string(), errorMessage: z.string() }),
  z.object({ documentId: z.number().int(), kind: z.literal('unknown'), reason: z.string() }),
]);
export type ItemResult = z.infer<typeof itemResultSchema>;

/** An answer to journal: the chunk, what became of it and of each of its documents. */
export const answerStepSchema = z.object({
  chunk: chunkRefSchema,
  chunkState: z.enum(['DONE', 'NOT_SENT', 'UNKNOWN', 'REJECTED']),
  httpStatus: z.number().int().nullable(),
  detail: z.string(),
  results: z.array(itemResultSchema),
  /** When the accepted documents are first polled, after the answer. */
  firstPollAfterMs: z.number(),
});
export type AnswerStep = z.infer<typeof answerStepSchema>;

/** How a send's run ended: everything sent, paused (by the operator or a stop verdict), or cancelled. */
export const sendStoppedSchema = z.enum(['done', 'paused', 'cancelled']);
export type SendStopped = z.infer<typeof sendStoppedSchema>;

/** The profile's polling schedule (profile.ts docsgw.poll). */
export const pollScheduleSchema = z.object({ firstAfterSec: z.number(), dayOneEverySec: z.number(), laterEverySec: z.number() });
export type PollSchedule = z.infer<typeof pollScheduleSchema>;

/** A document asked about: its id, binder uuid (`b`), the external id it was accepted under (`e`), acceptance time and the status held (`s`). */
export const polledRowSchema = z.object({ id: z.number().int(), b: z.string(), e: z.string().nullable(), accepted_at: z.number(), s: docBoxStatusSchema.nullable() });
export type PolledRow = z.infer<typeof polledRowSchema>;
/** A due document, its mailing (`m`) and when it fell due (`n`). */
export const dueRowSchema = polledRowSchema.extend({ m: z.string(), n: z.number() });
export type DueRow = z.infer<typeof dueRowSchema>;
/** Where a page of due documents ends: the next page starts after this entry of the poll index. */
export type DueCursor = Pick<DueRow, 'n' | 'm' | 'id'>;

/** What the gateway said about a group: per-document items, or a failed call (everything retried later). */
export const pollAnswerSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), documents: bulkStatusResponseSchema.shape.documents }), z.object({ ok: z.literal(false) })]);
export type PollAnswer = z.infer<typeof pollAnswerSchema>;

/** A box status as one byte of a poll answer's columns: 0 for none, then DOC_BOX_STATUSES in order. */
export const BOX_STATUS_CODE: Readonly<Record<DocBoxStatus, number>> = { SENT: 1, RECEIVED: 2, READ: 3, EXPIRED: 4 };
/** The status of a code (index 0: none). */
export const BOX_STATUS_OF_CODE: readonly (DocBoxStatus | null)[] = [null, ...DOC_BOX_STATUSES];

/** A document of the group the gateway gave no status for: the error it named, or MISSING_FROM_RESPONSE. */
export const pollItemErrorSchema = z.object({ index: z.number().int().nonnegative(), code: z.string(), message: z.string() });

const isGatewayTime = (v: number): boolean => Number.isNaN(v) || (Number.isInteger(v) && v >= 0);
const isIdOrTime = (v: number): boolean => Number.isSafeInteger(v);
const isCode = (v: number): boolean => v < BOX_STATUS_OF_CODE.length;

/**
 * One status call's answer as the docdesk writer applies it (main/mailing/poll-apply.ts), built where the call was
 * made (main/mailing/poll-answer.ts): the group's documents column by column — index i is the group's document i —
 * with only what the writer uses of each: its id, acceptance time and the status held, and of the gateway's
 * answer the status, the three times the documents row keeps (the gateway's own numbers, NaN: not sent) and
 * whether token_used_at was there. Typed arrays cross the thread hop as a few byte copies and are checked here in
 * one loop; the gateway's parsed objects (and the rows' binder and external ids) cost ~4 µs per document to clone
 * and were not needed: the whole answer is kept by the exchange record (exchange_log, the audit chain).
 */
export const pollAnsweredSchema = z
  .object({
    /** When the answer was received. */
    at: z.number(),
    /** The call failed: every document of the group is asked again later (status all 0, no errors). */
    callFailed: z.boolean(),
    ids: z.instanceof(Float64Array),
    acceptedAt: z.instanceof(Float64Array),
    /** BOX_STATUS_CODE of the status held (0: none yet). */
    held: z.instanceof(Uint8Array),
    /** BOX_STATUS_CODE of the gateway's status (0: none — see `errors`, or the call failed). */
    status: z.instanceof(Uint8Array),
    sentAt: z.instanceof(Float64Array),
    receivedAt: z.instanceof(Float64Array),
    readAt: z.instanceof(Float64Array),
    /** 1: the gateway's status carried token_used_at. */
    tokenUsed: z.instanceof(Uint8Array),
    /** Exactly the documents without a status when the call answered, in group order. */
    errors: z.array(pollItemErrorSchema),
  })
  .superRefine((a, ctx) => {
    const n = a.ids.length;
    const columns = [a.acceptedAt, a.held, a.status, a.sentAt, a.receivedAt, a.readAt, a.tokenUsed];
    if (columns.some((c) => c.length !== n)) return void ctx.addIssue({ code: 'custom', message: '열의 길이가 서로 다릅니다' });
    let withoutStatus = 0;
    for (let i = 0; i < n; i++) {
      const ok =
        isIdOrTime(a.ids[i] ?? NaN) && isIdOrTime(a.acceptedAt[i] ?? NaN) && isCode(a.held[i] ?? 0) && isCode(a.status[i] ?? 0) && (a.tokenUsed[i] ?? 0) <= 1 &&
        isGatewayTime(a.sentAt[i] ?? NaN) && isGatewayTime(a.receivedAt[i] ?? NaN) && isGatewayTime(a.readAt[i] ?? NaN);
      if (!ok) return void ctx.addIssue({ code: 'custom', message: `${i}번째 문서의 값이 형태와 다릅니다`, path: ['ids', i] });
      if (a.status[i] === 0) withoutStatus++;
    }
    const errorsMatch = a.callFailed
      ? withoutStatus === n && a.errors.length === 0
      : a.errors.length === withoutStatus && a.errors.every((e, k) => e.index < n && a.status[e.index] === 0 && (k === 0 || e.index > (a.errors[k - 1]?.index ?? n)));
    if (!errorsMatch) ctx.addIssue({ code: 'custom', message: '상태 없는 문서와 오류 목록이 맞지 않습니다', path: ['errors'] });
  });
export type PollAnswered = z.infer<typeof pollAnsweredSchema>;
/**
 * The answers one step applies: no document twice (a round never asks about one twice, and rounds do not overlap),
 * which the writer's multi-row updates rely on (main/mailing/poll-update-queries.ts).
 */
export const pollAnsweredStepSchema = z.array(pollAnsweredSchema).superRefine((answered, ctx) => {
  const seen = new Set<number>();
  for (const a of answered) {
    for (const id of a.ids) {
      if (seen.has(id)) return void ctx.addIssue({ code: 'custom', message: `문서 #${id}이(가) 한 단계에 두 번 있습니다` });
      seen.add(id);
    }
  }
});
export const pollOutcomeSchema = z.object({ changed: z.number().int(), errors: z.number().int() });
export type PollOutcome = z.infer<typeof pollOutcomeSchema>;

/** Which accepted documents a poll looks at: one mailing's, one profile's, or all. */
export const pollScopeSchema = z.object({ mailingId: z.string().optional(), profile: z.string().optional() });
export type PollScope = z.infer<typeof pollScopeSchema>;

/** A batch of documents ready for INSERT, column by column (same length each; index i is one row). */
export const documentRowsSchema = z.object({ sourceRows: z.array(z.number().int()), keys: z.array(z.string()), labels: z.array(z.string()), items: z.array(z.string()) });
export type DocumentRows = z.infer<typeof documentRowsSchema>;

/**
 * What a store step does with its list's search terms: keep buffering them (written once enough are buffered),
 * write them all (the list's last step), or drop them (the list is being discarded).
 */
export const searchTermsStepSchema = z.enum(['buffer', 'write', 'drop']);
export type SearchTermsStep = z.infer<typeof searchTermsStepSchema>;

/** A new mailing's head: its name, profile, "source" (the file, or what the operator did) and its defaults. */
export const newMailingSchema = z.object({ name: z.string(), profile: z.string(), sourceFile: z.string(), defaults: z.unknown() });
export type NewMailing = z.infer<typeof newMailingSchema>;

/** An operator's decision as the faces name it; the store stamps and records it with the change. */
export const operatorDecisionSchema = z.object({ name: z.string().min(1), subject: z.string(), data: z.record(z.string(), z.unknown()) });
export type OperatorDecision = z.infer<typeof operatorDecisionSchema>;

/** A mailing of one document (a corrected re-send, or one recipient), stored with the operator's decision. */
export const oneDocumentSchema = newMailingSchema.extend({
  document: draftItemSchema.extend({ sourceRow: z.number().int() }),
  /** The document this one re-sends, and which recipient fields were corrected (names only). */
  resendOf: z.object({ documentId: z.number().int(), changed: z.array(z.string()) }).optional(),
  action: operatorDecisionSchema,
});
export type OneDocument = z.infer<typeof oneDocumentSchema>;

/** A stored document as the one-at-a-time actions need it: its state, where it belongs and what was sent. */
export const storedDocumentSchema = z.object({
  id: z.number().int(),
  mailingId: z.string(),
  mailingName: z.string(),
  profile: z.string(),
  sourceRow: z.number().int(),
  recipient: z.string(),
  state: documentStateSchema,
  externalDocumentUuid: z.string().nullable(),
  binderUuid: z.string().nullable(),
  docBoxStatus: docBoxStatusSchema.nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  acceptedAt: z.number().int().nullable(),
  lastPolledAt: z.number().int().nullable(),
  item: draftItemSchema,
});
export type StoredDocument = z.infer<typeof storedDocumentSchema>;

/** Both ends of a corrected re-send as one document sees them. */
export const documentLinksSchema = z.object({ resentAs: documentLinkSchema.nullable(), resendOf: documentLinkSchema.nullable() });
export type DocumentLinks = z.infer<typeof documentLinksSchema>;
