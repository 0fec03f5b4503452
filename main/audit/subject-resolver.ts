// Export subjects → the ids the audit chain is indexed by, looked up in docdesk.db: a document (by any of its
// external ids or its binder uuid) has every external id of every attempt; a recipient (phone number) has every
// document sent to that number.
import { documentIdsByBinderSql } from '../mailing/binder-index.ts';
import { SEARCH_KIND } from '../mailing/search-terms.ts';
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { integerSchema, rowParser } from '../store/row-shapes.ts';
import type { ExportSubject } from './bundle/export-bundle.ts';

const documentIdsSchema = z.array(integerSchema);
const parseAttemptIds = rowParser('attempts', z.array(z.object({ external_document_uuid: z.string().nullable(), document_binder_uuid: z.string().nullable() })));
const parseDocumentIds = rowParser('documents', z.object({ external_document_uuid: z.string().nullable(), document_binder_uuid: z.string().nullable() }).optional());
const parseMatchedDocumentIds = rowParser('document_binders/attempts.document_id', documentIdsSchema);
const parseSearchDocumentIds = rowParser('document_search.document_id', documentIdsSchema);

function idsOf(db: Db, documentIds: number[]): { externalIds: string[]; binderUuids: string[] } {
  const ext = new Set<string>();
  const binder = new Set<string>();
  const attempts = db.prepare('SELECT external_document_uuid, document_binder_uuid FROM attempts WHERE document_id = ?');
  const doc = db.prepare('SELECT external_document_uuid, gateway_binder_uuid document_binder_uuid FROM documents WHERE id = ?');
  for (const id of documentIds) {
    for (const r of [...parseAttemptIds(attempts.all(id)), parseDocumentIds(doc.get(id))]) {
      if (r?.external_document_uuid) ext.add(r.external_document_uuid);
      if (r?.document_binder_uuid) binder.add(r.document_binder_uuid);
    }
  }
  return { externalIds: [...ext], binderUuids: [...binder] };
}

export function resolveDocumentSubject(db: Db, ref: string): ExportSubject {
  const ids = db
    .prepare(
      // attempts' key holds every external id ever used; only an accepted document has a binder uuid (indexed in
      // batches: main/mailing/binder-index.ts).
      `${documentIdsByBinderSql({ eq: 'ref' })}
       UNION SELECT document_id FROM attempts WHERE external_document_uuid = @ref`,
    )
    .pluck()
    .all({ ref });
  const found = idsOf(db, parseMatchedDocumentIds(ids));
  return { kind: 'document', ref, externalIds: found.externalIds.length ? found.externalIds : [ref], binderUuids: found.binderUuids };
}

export function resolveRecipientSubject(db: Db, phone: string): Extract<ExportSubject, { kind: 'recipient' }> {
  const digits = phone.replace(/\D/g, '');
  // The stored (normalised) phone number's search term (document_search, migration 9) — not a scan of every item.
  const ids = parseSearchDocumentIds(db.prepare('SELECT document_id FROM document_search WHERE term = ?').pluck().all(SEARCH_KIND.phone + digits));
  return { kind: 'recipient', phone: digits, ...idsOf(db, ids) };
}
