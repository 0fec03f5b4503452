// Inserts a batch of an import's documents (state DRAFT) in the caller's transaction. One statement for the
// main thread's connection and the journal writer's, so both store rows the same way.
import { bulkInsert } from '../store/bulk-insert.ts';
import type { Db } from '../store/open-database.ts';
import { documentRowCount, type DocumentRows } from './document-rows.ts';

export function createDocumentStore(db: Db): (mailingId: string, rows: DocumentRows, at: number, from?: number, to?: number) => void {
  // Multi-row statements: an import of 100,000 rows spent ~15 µs per row in its writer, a few of them per call.
  const insertDocs = bulkInsert(db, 'INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, created_at) VALUES', 8);
  return (mailingId, rows, at, from = 0, to = documentRowCount(rows)) => {
    const values: unknown[] = [];
    for (let i = from; i < to; i++) values.push(mailingId, rows.sourceRows[i], rows.keys[i], rows.labels[i], rows.items[i], 'DRAFT', at, at);
    insertDocs(values);
  };
}
