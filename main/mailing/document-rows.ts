// The columns of one imported `documents` row, built from a draft item. Pure, so the import worker can build
// them off the main thread and send a batch as four flat arrays (cheap to clone, nothing left to compute for
// the thread that stores them). recipient_key's form is read by search-terms.ts (the grid's search terms).
import { maskCi, maskName, maskPhone } from '../../shared/domain/masking.ts';
import type { DocumentRows, DraftItem } from '../../shared/domain/mailing-store.ts';

/** A batch of documents ready for INSERT, column by column (same length each; index i is one row). */
export type { DocumentRows } from '../../shared/domain/mailing-store.ts';

export function emptyDocumentRows(): DocumentRows {
  return { sourceRows: [], keys: [], labels: [], items: [] };
}

/**
 * recipient_key and the masked label. Forms: 'p:<phone>:<name>:<birthday YYYYMMDD>', 'ci:<ci>', and
 * 'ci:<ci>:<name>' for a CI recipient whose list gave a name (kept for display and search, never sent).
 */
export function recipientKey(item: DraftItem, recipientName?: string): { key: string; label: string } {
  const r = item.receiver;
  if ('ci' in r) {
    if (recipientName === undefined) return { key: `ci:${r.ci}`, label: `CI ${maskCi(r.ci)}` };
    return { key: `ci:${r.ci}:${recipientName}`, label: `${maskName(recipientName)} CI ${maskCi(r.ci)}` };
  }
  return { key: `p:${r.phone_number}:${r.name}:${r.birthday}`, label: `${maskName(r.name)} ${maskPhone(r.phone_number)}` };
}

/** Appends one draft; its item (document_items.item_json) is the draft without its import bookkeeping (what the sender puts on the wire). */
export function pushDocumentRow(rows: DocumentRows, d: DraftItem & { sourceRow: number; recipientName?: string }): void {
  const { sourceRow, recipientName, ...item } = d;
  const { key, label } = recipientKey(item, recipientName);
  rows.sourceRows.push(sourceRow);
  rows.keys.push(key);
  rows.labels.push(label);
  rows.items.push(JSON.stringify(item));
}

export function documentRowCount(rows: DocumentRows): number {
  return rows.sourceRows.length;
}

/** Rows [from, to) as a batch of their own (what one off-thread store step carries). */
export function sliceDocumentRows(rows: DocumentRows, from: number, to: number): DocumentRows {
  return {
    sourceRows: rows.sourceRows.slice(from, to),
    keys: rows.keys.slice(from, to),
    labels: rows.labels.slice(from, to),
    items: rows.items.slice(from, to),
  };
}

/** Appends every row of `more` to `rows`. */
export function appendDocumentRows(rows: DocumentRows, more: DocumentRows): void {
  for (let i = 0; i < more.sourceRows.length; i++) {
    rows.sourceRows.push(more.sourceRows[i] ?? 0);
    rows.keys.push(more.keys[i] ?? '');
    rows.labels.push(more.labels[i] ?? '');
    rows.items.push(more.items[i] ?? '');
  }
}
