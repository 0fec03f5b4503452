// The grid's recipient search (issue 3 §3) and the audit export by phone read `document_search` (migration 9):
// one narrow row per (term, document). A term is a kind letter and a value taken from the document's
// recipient_key (its forms: document-rows.ts): 'p' + phone, 'l' + its last 4 digits, 'n' + name (a CI
// recipient's name too). recipient_key never changes after import, so neither do the terms.
//
// Why a table and not indexes on documents: phone and name arrive in random order, so three such indexes took
// every row of an import at a random place, and every 4,000-row commit rewrote (re-encrypted) nearly all their
// pages — ~35% of a 100,000-row import, growing with every list already stored (issue 2 import figure). Terms
// are buffered per list on the thread that stores it and written sorted, a few large batches per list.
import { bulkInsert } from '../store/bulk-insert.ts';
import type { Db } from '../store/open-database.ts';

export const SEARCH_KIND = { phone: 'p', phoneLast4: 'l', name: 'n' } as const;

/**
 * The search terms of one recipient_key. A CI recipient's CI is never searchable; its name is, when the list gave
 * one ('ci:<ci>:<name>': a CI is base64, so the first ':' after it starts the name).
 */
export function searchTermsOf(recipientKey: string): string[] {
  if (recipientKey.startsWith('ci:')) {
    const nameStart = recipientKey.indexOf(':', 3) + 1;
    return nameStart > 0 && nameStart < recipientKey.length ? [SEARCH_KIND.name + recipientKey.slice(nameStart)] : [];
  }
  if (!recipientKey.startsWith('p:')) return [];
  const phoneEnd = recipientKey.indexOf(':', 2);
  // Birthday is the last 8 characters after the last separator; the name is what lies between.
  if (phoneEnd < 0 || recipientKey.length < phoneEnd + 10) return [];
  const phone = recipientKey.slice(2, phoneEnd);
  const name = recipientKey.slice(phoneEnd + 1, recipientKey.length - 9);
  const terms: string[] = [];
  if (phone !== '') terms.push(SEARCH_KIND.phone + phone, SEARCH_KIND.phoneLast4 + phone.slice(-4));
  if (name !== '') terms.push(SEARCH_KIND.name + name);
  return terms;
}

export type SearchTermWriter = {
  /** Buffers the terms of documents `firstId`, `firstId + 1`, … (one per key) stored for `listId`. */
  add(listId: string, firstId: number, keys: readonly string[]): void;
  /** Buffered entries of `listId`. */
  buffered(listId: string): number;
  /** Writes `listId`'s buffered terms, sorted, in the caller's transaction. */
  flush(listId: string): void;
  /** Forgets `listId`'s buffered terms (the list was discarded before they were written). */
  drop(listId: string): void;
  /** Deletes the written terms of these documents, in the caller's transaction (a discarded list). */
  remove(docs: readonly { id: number; recipient_key: string }[]): void;
};

export function createSearchTermWriter(db: Db): SearchTermWriter {
  // The buffer is a TEMP table (in memory: temp_store) of the storing connection, so a step rolled back to its
  // savepoint takes its buffered terms with it, and SQLite sorts them when they are written.
  db.exec('CREATE TEMP TABLE IF NOT EXISTS buffered_search_terms (list_id TEXT NOT NULL, term TEXT NOT NULL, document_id INTEGER NOT NULL)');
  const buffer = bulkInsert(db, 'INSERT INTO temp.buffered_search_terms (list_id, term, document_id) VALUES', 3);
  const write = db.prepare(
    'INSERT INTO document_search (term, document_id) SELECT term, document_id FROM temp.buffered_search_terms WHERE list_id = ? ORDER BY term, document_id',
  );
  const forget = db.prepare('DELETE FROM temp.buffered_search_terms WHERE list_id = ?');
  // Buffered entries per list, counted here (a rolled-back step leaves the count high: an early write, no harm).
  const counts = new Map<string, number>();
  const del = db.prepare('DELETE FROM document_search WHERE term = ? AND document_id = ?');
  return {
    add(listId, firstId, keys) {
      const values: unknown[] = [];
      for (let i = 0; i < keys.length; i++) for (const t of searchTermsOf(keys[i]!)) values.push(listId, t, firstId + i);
      buffer(values);
      counts.set(listId, (counts.get(listId) ?? 0) + values.length / 3);
    },
    buffered: (listId) => counts.get(listId) ?? 0,
    flush(listId) {
      write.run(listId);
      forget.run(listId);
      counts.delete(listId);
    },
    drop(listId) {
      forget.run(listId);
      counts.delete(listId);
    },
    remove(docs) {
      for (const d of docs) for (const t of searchTermsOf(d.recipient_key)) del.run(t, d.id);
    },
  };
}
