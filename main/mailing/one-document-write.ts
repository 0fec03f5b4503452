// The writer's side of a one-document mailing (action-steps.ts 'mailing.createOne'): the mailing, its document,
// its search terms and the re-send link (migration 11), inside the step that also records the operator's decision.
import type { Db } from '../store/open-database.ts';
import type { OneDocumentInput } from './action-steps-protocol.ts';
import { createDocumentLinks } from './document-links.ts';
import { emptyDocumentRows, pushDocumentRow } from './document-rows.ts';
import { createDocumentStore } from './document-store.ts';
import type { MailingQueries } from './mailing-queries.ts';
import { alreadyResent } from './one-document.ts';

/** Stores the mailing of one document (state DRAFT, sent by the usual sender). */
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
