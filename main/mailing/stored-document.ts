// One stored document as the one-at-a-time actions need it (one-document.ts, status-check.ts): its state, its
// mailing and profile, and what was sent (document_items.item_json parsed as the draft it was stored from). Only a SELECT:
// served by DocdeskReads on the read-only connection.
import { z } from 'zod';
import { storedDocumentSchema, type StoredDocument } from '../../shared/domain/mailing-store.ts';
import type { Db } from '../store/open-database.ts';
import { heldBoxStatusSql } from './box-status-sql.ts';
import { openAttemptJoinSql, shownDocumentSql } from './open-attempt-sql.ts';
import { parseRows } from '../store/row-shapes.ts';

const storedRowSchema = storedDocumentSchema
  .extend({
    // What the document carried (document_items.item_json: a draft without its sheet row).
    item: z.string().transform((json, ctx) => {
      const parsed = storedDocumentSchema.shape.item.safeParse(JSON.parse(json));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: 'custom', message: `stored document content: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      return z.NEVER;
    }),
  })
  .optional();

export function createStoredDocumentReader(db: Db): (documentId: number) => StoredDocument | undefined {
  const shown = shownDocumentSql('d', 'oa');
  const stored = db.prepare(
    `SELECT d.id, d.mailing_id mailingId, m.name mailingName, m.profile, d.source_row sourceRow, d.recipient_label recipient, ${shown.state} state,
       ${shown.externalDocumentUuid} externalDocumentUuid, d.gateway_binder_uuid binderUuid, ${heldBoxStatusSql('d')} docBoxStatus,
       d.error_code errorCode, d.error_message errorMessage, d.accepted_at acceptedAt, d.last_polled_at lastPolledAt, i.item_json item
     FROM documents d JOIN mailings m ON m.id = d.mailing_id JOIN document_items i ON i.document_id = d.id ${openAttemptJoinSql('d', 'oa')}
     WHERE d.id = ?`,
  );
  return (documentId) => parseRows(storedRowSchema, stored.get(documentId), 'documents');
}
