// The grid's recipient search (issue 3 §3) and the audit export by phone read `document_search` (migration 9):
// one narrow row per (term, document). A term is a kind letter and a value taken from the document's
// recipient_key ('p:<phone>:<name>:<birthday YYYYMMDD>', document-rows.ts): 'p' + phone, 'l' + its last 4
// digits, 'n' + name. recipient_key never changes after import, so neither do the terms.
//
// Why a table and not indexes on documents: phone and name arrive in random order, so three such indexes took
// every row of an import at a random place, and every 4,000-row commit rewrote (re-encrypted) nearly all their
// pages — ~35% of a 100,000-row import, growing with every list already stored (issue 2 import figure). Terms
// are buffered per list on the thread that stores it and written sorted, a few large batches per list.
import { bulkInsert } from '../store/bulk-insert.ts';
import type { Db } from '../store/open-database.ts';

export const SEARCH_KIND = { phone: 'p', phoneLast4: 'l', name: 'n' } as const;

/** The search terms of one recipient_key; a CI-keyed recipient has none (its CI is never searchable). */
export function searchTermsOf(recipientKey: string): string[] {
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

/** Entries as parallel arrays (term i belongs to document ids[i]). */
type Entries = { terms: string[]; ids: number[] };

function sortedPairs(e: Entries): unknown[] {
  const order = e.terms.map((_, i) => i);
  // The primary key's order, so each batch lands on neighbouring pages. JavaScript compares UTF-16 code units and
  // SQLite's BINARY collation UTF-8 bytes: they differ only for characters above U+FFFF, costing locality, not rows.
  order.sort((a, b) => {
    const ta = e.terms[a]!;
    const tb = e.terms[b]!;
    return ta < tb ? -1 : ta > tb ? 1 : e.ids[a]! - e.ids[b]!;
  });
  const values: unknown[] = [];
  for (const i of order) values.push(e.terms[i], e.ids[i]);
  return values;
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
  const insert = bulkInsert(db, 'INSERT INTO document_search (term, document_id) VALUES', 2);
  const del = db.prepare('DELETE FROM document_search WHERE term = ? AND document_id = ?');
  const buffers = new Map<string, Entries>();
  return {
    add(listId, firstId, keys) {
      let e = buffers.get(listId);
      if (!e) buffers.set(listId, (e = { terms: [], ids: [] }));
      for (let i = 0; i < keys.length; i++) {
        for (const t of searchTermsOf(keys[i]!)) {
          e.terms.push(t);
          e.ids.push(firstId + i);
        }
      }
    },
    buffered: (listId) => buffers.get(listId)?.terms.length ?? 0,
    flush(listId) {
      const e = buffers.get(listId);
      buffers.delete(listId);
      if (e && e.terms.length > 0) insert(sortedPairs(e));
    },
    drop(listId) {
      buffers.delete(listId);
    },
    remove(docs) {
      for (const d of docs) for (const t of searchTermsOf(d.recipient_key)) del.run(t, d.id);
    },
  };
}
