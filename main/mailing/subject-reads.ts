// Export subjects → the ids the audit chain is indexed by, looked up in docdesk.db (DocdeskReads.audit, issue 16
// step 9): a document (by any of its external ids or its binder uuid) has every external id of every attempt; a
// recipient (phone number) has every document sent to that number.
import { z } from 'zod';
import type { SentIds } from '../../shared/domain/audit-reads.ts';
import type { Db } from '../store/open-database.ts';
import { integerSchema, rowParser } from '../store/row-shapes.ts';
import { documentIdsByBinderSql } from './binder-index.ts';
import { SEARCH_KIND } from './search-terms.ts';

const documentIdsSchema = z.array(integerSchema);
const parseAttemptIds = rowParser('attempts', z.array(z.object({ external_document_uuid: z.string().nullable(), document_binder_uuid: z.string().nullable() })));
const parseDocumentIds = rowParser('documents', z.object({ external_document_uuid: z.string().nullable(), document_binder_uuid: z.string().nullable() }).optional());
const parseMatchedDocumentIds = rowParser('document_binders/attempts.document_id', documentIdsSchema);
const parseSearchDocumentIds = rowParser('document_search.document_id', documentIdsSchema);

export function createSubjectReads(db: Db) {
  const s = {
    attempts: db.prepare('SELECT external_document_uuid, document_binder_uuid FROM attempts WHERE document_id = ?'),
    document: db.prepare('SELECT external_document_uuid, gateway_binder_uuid document_binder_uuid FROM documents WHERE id = ?'),
    // attempts' key holds every external id ever used; only an accepted document has a binder uuid (indexed in
    // batches: binder-index.ts).
    byRef: db
      .prepare(
        `${documentIdsByBinderSql({ eq: 'ref' })}
         UNION SELECT document_id FROM attempts WHERE external_document_uuid = @ref`,
      )
      .pluck(),
    // The stored (normalised) phone number's search term (document_search, migration 9) — not a scan of every item.
    byPhone: db.prepare('SELECT document_id FROM document_search WHERE term = ?').pluck(),
  };

  function idsOf(documentIds: number[]): SentIds {
    const ext = new Set<string>();
    const binder = new Set<string>();
    const binderOf: Record<string, string> = {};
    for (const id of documentIds) {
      for (const r of [...parseAttemptIds(s.attempts.all(id)), parseDocumentIds(s.document.get(id))]) {
        if (r?.external_document_uuid) ext.add(r.external_document_uuid);
        if (r?.document_binder_uuid) binder.add(r.document_binder_uuid);
        if (r?.external_document_uuid && r.document_binder_uuid) binderOf[r.external_document_uuid] = r.document_binder_uuid;
      }
    }
    return { externalIds: [...ext], binderUuids: [...binder], binderOf };
  }

  return {
    /** The documents named by an external id they were sent under or their binder uuid. */
    documentSentIds: (ref: string): SentIds => idsOf(parseMatchedDocumentIds(s.byRef.all({ ref }))),
    /** The documents sent to a phone number (digits only). */
    recipientSentIds: (phoneDigits: string): SentIds => idsOf(parseSearchDocumentIds(s.byPhone.all(SEARCH_KIND.phone + phoneDigits))),
  };
}
