// Documents handled one at a time (issue 14 item 4): a refused or abandoned document corrected and sent again, or a
// new document for one recipient. Each becomes a mailing that holds only that document, so the existing sender and
// journal send it — IN_FLIGHT committed before the request leaves, UNKNOWN on any ambiguity, UNKNOWN after a crash,
// never sent twice — and sending it never resumes another mailing's queue. The mailing, the document, its search
// terms, the re-send link (migration 11) and the operator's audited decision commit in ONE step on the docdesk writer.
import { z } from 'zod';
import { DOC_BOX_STATUSES } from '../../shared/domain/edoc.ts';
import { draftDocumentSchema } from '../../shared/domain/import.ts';
import { documentStateSchema, type DocumentLink } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';
import type { MailingActionSteps, OneDocumentInput } from './action-steps-protocol.ts';
import { createDocumentLinks } from './document-links.ts';
import { createDocumentRef } from './document-ref.ts';
import { emptyDocumentRows, pushDocumentRow } from './document-rows.ts';
import { createDocumentStore } from './document-store.ts';
import type { MailingQueries } from './mailing-queries.ts';
import { MailingError, type DraftItem } from './types.ts';

export type OneDocument = {
  /** The new mailing's name, profile, "source" (what the operator did) and the defaults its content came from. */
  name: string;
  profile: string;
  sourceFile: string;
  defaults: unknown;
  document: DraftItem & { sourceRow: number };
  /** The document this one re-sends, and which recipient fields were corrected (names only). */
  resendOf?: { documentId: number; changed: string[] };
  /** The operator's decision, audited in the same commit (the new mailing's id is added to its data). */
  action: { name: string; subject: string; data: Record<string, unknown> };
};

/** A stored document as the one-at-a-time actions need it: its state, where it belongs and what was sent. */
const storedDocumentSchema = z.object({
  id: z.number().int(),
  mailingId: z.string(),
  mailingName: z.string(),
  profile: z.string(),
  sourceRow: z.number().int(),
  recipient: z.string(),
  state: documentStateSchema,
  externalDocumentUuid: z.string().nullable(),
  binderUuid: z.string().nullable(),
  docBoxStatus: z.enum(DOC_BOX_STATUSES).nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  acceptedAt: z.number().int().nullable(),
  lastPolledAt: z.number().int().nullable(),
  // What the document carried (item_json: a draft without its sheet row).
  item: z.string().transform((json, ctx) => {
    const parsed = draftDocumentSchema.omit({ sourceRow: true }).safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
    ctx.addIssue({ code: 'custom', message: `stored document content: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
    return z.NEVER;
  }),
});
export type StoredDocument = z.infer<typeof storedDocumentSchema>;

/** A document is re-sent at most once; the refusal names what it was re-sent as. */
export function alreadyResent(link: DocumentLink): MailingError {
  const what = link.externalDocumentUuid ?? `발송 건 ${link.mailingId}의 문서 #${link.documentId}`;
  return new MailingError(
    'ALREADY_RESENT',
    `이미 다시 보냈습니다: ${what}. 같은 문서를 두 번 다시 보내지 않습니다. 다시 보낸 문서의 상태를 확인하고, 그 문서도 거절되었다면 그 문서를 고쳐 다시 보내세요.`,
    2,
  );
}

/**
 * The writer's side (action-steps.ts): stores the mailing of one document (state DRAFT, sent by the usual sender),
 * inside the step that also records the operator's decision.
 */
export function createOneDocumentWrite(db: Db, queries: MailingQueries) {
  const documents = createDocumentStore(db);
  const linksOf = createDocumentLinks(db);
  const insertLink = db.prepare('INSERT INTO document_resends (original_document_id, resend_document_id, created_at, changed_json) VALUES (?, ?, ?, ?)');
  const onlyDocument = db.prepare('SELECT id FROM documents WHERE mailing_id = ?').pluck();
  return (o: Omit<OneDocumentInput, 'action'>, at: number): { mailingId: string; documentId: number } => {
    // Checked again inside the write transaction: two requests for the same document (a double click, two
    // windows) cannot both pass; the primary key of document_resends would refuse the second anyway.
    const earlier = o.resendOf ? linksOf(o.resendOf.documentId).resentAs : null;
    if (earlier) throw alreadyResent(earlier);
    const mailingId = queries.insertMailing({ name: o.name, profile: o.profile, sourceFile: o.sourceFile, defaults: o.defaults, report: null, complete: true }, at);
    const rows = emptyDocumentRows();
    pushDocumentRow(rows, o.document);
    documents.insert(mailingId, rows, at);
    documents.terms.flush(mailingId);
    const documentId = onlyDocument.get(mailingId);
    if (typeof documentId !== 'number') throw new Error('one-document mailing: the document was not stored');
    if (o.resendOf) insertLink.run(o.resendOf.documentId, documentId, at, JSON.stringify(o.resendOf.changed));
    return { mailingId, documentId };
  };
}

/** The main thread's side: reads on `db`, the store as a step on the docdesk writer (`steps`). */
export function createOneDocumentStore(deps: { db: Db; steps: MailingActionSteps }) {
  const { db } = deps;
  const linksOf = createDocumentLinks(db);
  const documentIdOf = createDocumentRef(db);
  const stored = db.prepare(
    `SELECT d.id, d.mailing_id mailingId, m.name mailingName, m.profile, d.source_row sourceRow, d.recipient_label recipient, d.state,
       d.external_document_uuid externalDocumentUuid, d.gateway_binder_uuid binderUuid, d.doc_box_status docBoxStatus,
       d.error_code errorCode, d.error_message errorMessage, d.accepted_at acceptedAt, d.last_polled_at lastPolledAt, d.item_json item
     FROM documents d JOIN mailings m ON m.id = d.mailing_id WHERE d.id = ?`,
  );

  function get(id: number): StoredDocument | undefined {
    const row = stored.get(id);
    return row === undefined ? undefined : storedDocumentSchema.parse(row);
  }

  return {
    /** The document named by an external id it was sent under or its binder uuid. */
    find(ref: string): StoredDocument | undefined {
      const id = documentIdOf(ref);
      return id === undefined ? undefined : get(id);
    },
    get,
    /** Stores the mailing of one document with the operator's audited decision; resolves once both are durable. */
    create: (o: OneDocument): Promise<{ mailingId: string; documentId: number }> => deps.steps.createOne(o),
    links: linksOf,
  };
}
export type OneDocumentStore = ReturnType<typeof createOneDocumentStore>;
