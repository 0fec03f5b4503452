// Binder uuid → document (migration 10). The gateway's document_binder_uuid is random: indexed at the moment a
// document was accepted, every accepted document landed on an index page of its own, ~40 % of the pages a send
// step wrote (measured on a replay of 100-document answer + claim steps: 162 → 95 WAL pages, 8.5 → 6.4 ms of
// writer time), and more with every document already stored. Now an accepted document keeps its binder on its
// row (documents.gateway_binder_uuid, not indexed) and joins document_binders_pending; every BINDER_INDEX_BATCH
// of them are written into document_binders in binder order, in the step that crosses the line. A look-up reads
// the index and the pending documents (at most one batch), so a binder is found from the moment it is accepted.
import type { Db } from '../store/open-database.ts';
import { integerSchema } from '../store/row-shapes.ts';

export const BINDER_INDEX_BATCH = 5_000;

/**
 * SQL selecting the ids of the documents whose binder equals the named parameter (`eq`) or lies in a range
 * (`from` inclusive, `to` exclusive) — for `d.id IN (…)` or a UNION.
 */
export function documentIdsByBinderSql(p: { eq: string } | { from: string; to: string }): string {
  const match = (column: string): string => ('eq' in p ? `${column} = @${p.eq}` : `${column} >= @${p.from} AND ${column} < @${p.to}`);
  return `SELECT document_id FROM document_binders WHERE ${match('binder_uuid')}
    UNION ALL SELECT d.id FROM document_binders_pending p JOIN documents d ON d.id = p.document_id WHERE ${match('d.gateway_binder_uuid')}`;
}

export type BinderIndex = {
  /** Records, in the caller's transaction, that document `id` was accepted with the binder now on its row. */
  accepted(documentId: number): void;
  /** Writes the pending binders into the index once a batch is reached (caller's transaction). */
  writeIfDue(): void;
};

export function createBinderIndex(db: Db): BinderIndex {
  const pend = db.prepare('INSERT INTO document_binders_pending (document_id) VALUES (?)');
  // rowid span of the pending table: two seeks, whatever its size. Each aggregate in a subquery of its own:
  // SQLite seeks for a lone min() or max(), but scans the whole table for both in one SELECT (every answer step).
  const pendingSpan = db
    .prepare('SELECT coalesce((SELECT max(rowid) FROM document_binders_pending) - (SELECT min(rowid) FROM document_binders_pending) + 1, 0)')
    .pluck();
  const write = db.prepare(
    `INSERT OR IGNORE INTO document_binders (binder_uuid, document_id)
     SELECT d.gateway_binder_uuid, d.id FROM document_binders_pending p JOIN documents d ON d.id = p.document_id
     WHERE d.gateway_binder_uuid IS NOT NULL ORDER BY 1, 2`,
  );
  const clear = db.prepare('DELETE FROM document_binders_pending');
  return {
    accepted: (documentId) => void pend.run(documentId),
    writeIfDue() {
      if (integerSchema.parse(pendingSpan.get()) < BINDER_INDEX_BATCH) return;
      write.run();
      clear.run();
    },
  };
}
