// A document named the way operators and the gateway name it: by an external_document_uuid it was ever sent under
// (attempts holds every one) or by its document_binder_uuid (binder-index.ts). One lookup for every face.
import type { Db } from '../store/open-database.ts';
import { documentIdsByBinderSql } from './binder-index.ts';

export function createDocumentRef(db: Db): (ref: string) => number | undefined {
  const byRef = db
    .prepare(
      `SELECT id FROM documents
       WHERE id IN (${documentIdsByBinderSql({ eq: 'ref' })}) OR id = (SELECT document_id FROM attempts WHERE external_document_uuid = @ref)
       LIMIT 1`,
    )
    .pluck();
  return (ref) => {
    const id = byRef.get({ ref });
    return typeof id === 'number' ? id : undefined;
  };
}
