// Inserts a batch of an import's documents (state DRAFT) in the caller's transaction, and buffers their search
// terms (search-terms.ts) for the caller to write. One store for the main thread's connection and the journal
// writer's, so both store rows the same way.
import { bulkInsert } from '../store/bulk-insert.ts';
import type { Db } from '../store/open-database.ts';
import { integerSchema } from '../store/row-shapes.ts';
import { documentRowCount, type DocumentRows } from './document-rows.ts';
import { createSearchTermWriter, type SearchTermWriter } from './search-terms.ts';

export type DocumentStore = {
  /** Inserts rows [from, to) of `rows` as documents of `mailingId` and buffers their terms under `mailingId`. */
  insert(mailingId: string, rows: DocumentRows, at: number, from?: number, to?: number): void;
  terms: SearchTermWriter;
};

export function createDocumentStore(db: Db): DocumentStore {
  // Multi-row statements: an import of 100,000 rows spent ~15 µs per row in its writer, a few of them per call.
  const insertDocs = bulkInsert(db, 'INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, state, state_at, created_at) VALUES', 7);
  const insertItems = bulkInsert(db, 'INSERT INTO document_items (document_id, item_json) VALUES', 2);
  // SQLite gives a new row max(id) + 1 (rowid tables without AUTOINCREMENT), so a batch's ids are known
  // without reading them back; checked after the insert all the same.
  const nextId = db.prepare('SELECT coalesce(max(id), 0) + 1 FROM documents').pluck();
  const lastId = db.prepare('SELECT last_insert_rowid()').pluck();
  const terms = createSearchTermWriter(db);
  return {
    terms,
    insert(mailingId, rows, at, from = 0, to = documentRowCount(rows)) {
      if (to <= from) return;
      const firstId = integerSchema.parse(nextId.get());
      const values: unknown[] = [];
      for (let i = from; i < to; i++) values.push(mailingId, rows.sourceRows[i], rows.keys[i], rows.labels[i], 'DRAFT', at, at);
      insertDocs(values);
      if (lastId.get() !== firstId + (to - from) - 1) throw new Error('documents: ids of a stored batch are not consecutive');
      const items: unknown[] = [];
      for (let i = from; i < to; i++) items.push(firstId + (i - from), rows.items[i]);
      insertItems(items);
      terms.add(mailingId, firstId, rows.keys.slice(from, to));
    },
  };
}
