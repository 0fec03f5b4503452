// Corrected re-sends (migration 11) as both documents see them: the original names what it was re-sent as, the
// re-send what it replaces. Read by the timeline, the drawer's detail and the "already re-sent" refusal.
import { documentLinkSchema, type DocumentLink } from '../../shared/domain/mailing.ts';
import type { DocumentLinks } from '../../shared/domain/mailing-store.ts';
import type { Db } from '../store/open-database.ts';
import { parseRows } from '../store/row-shapes.ts';
import { openAttemptJoinSql, shownDocumentSql } from './open-attempt-sql.ts';

export type { DocumentLinks } from '../../shared/domain/mailing-store.ts';

export function createDocumentLinks(db: Db): (documentId: number) => DocumentLinks {
  const shown = shownDocumentSql('d', 'oa');
  const other = (join: 'resend_document_id' | 'original_document_id', where: 'original_document_id' | 'resend_document_id') =>
    db.prepare(
      `SELECT d.id documentId, d.mailing_id mailingId, ${shown.externalDocumentUuid} externalDocumentUuid, ${shown.state} state, r.created_at at
       FROM document_resends r JOIN documents d ON d.id = r.${join} ${openAttemptJoinSql('d', 'oa')} WHERE r.${where} = ?`,
    );
  const resentAs = other('resend_document_id', 'original_document_id');
  const resendOf = other('original_document_id', 'resend_document_id');
  const parse = (row: unknown): DocumentLink | null => (row === undefined ? null : parseRows(documentLinkSchema, row, 'document_resends'));
  return (documentId) => ({ resentAs: parse(resentAs.get(documentId)), resendOf: parse(resendOf.get(documentId)) });
}
