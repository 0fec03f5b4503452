// Inserts a batch of an import's documents (state DRAFT) in the caller's transaction. One statement for the
// main thread's connection and the journal writer's, so both store rows the same way.
import type { Db } from '../store/open-database.ts';
import { documentRowCount, type DocumentRows } from './document-rows.ts';

export function createDocumentStore(db: Db): (mailingId: string, rows: DocumentRows, at: number, from?: number, to?: number) => void {
  const insertDoc = db.prepare(
    `INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'DRAFT', ?, ?)`,
  );
  return (mailingId, rows, at, from = 0, to = documentRowCount(rows)) => {
    for (let i = from; i < to; i++) insertDoc.run(mailingId, rows.sourceRows[i], rows.keys[i], rows.labels[i], rows.items[i], at, at);
  };
}
