// What status polling reads (DESIGN §6, reference §11): the accepted documents that are due, how many still wait
// for a final status and when the next falls due. Only SELECTs: served by DocdeskReads on the read-only
// connection (main/reads/), which sees every poll step the writer committed before the read.
import { z } from 'zod';
import { dueRowSchema, type DueCursor, type DueRow, type PollScope } from '../../shared/domain/mailing-store.ts';
import type { Db } from '../store/open-database.ts';
import { heldBoxStatusSql } from './box-status-sql.ts';
import { parseRows } from '../store/row-shapes.ts';

const dueRowsSchema = z.array(dueRowSchema);
const pendingRowSchema = z.object({ n: z.number().int(), next: z.number().nullable() });
const firstDueRowSchema = z.object({ next_poll_at: z.number() }).optional();

export function createPollReads(db: Db) {
  // Due documents in the order they fell due (documents_poll_due, which holds mailing_id since migration 12: the
  // scope is tested on the index entry, so the count and the next due time never read a document row, and the due
  // read fetches only the rows in scope); the profile test looks the mailing up through its primary key.
  const inScope = `(@mailing IS NULL OR mailing_id = @mailing) AND (@profile IS NULL OR mailing_id IN (SELECT id FROM mailings WHERE profile = @profile))`;
  // In the poll index's own order (next_poll_at, mailing_id, rowid), so a page continues after the last entry of the
  // one before: the rows a round's earlier pages answered have moved past `now` by then, and no entry comes twice.
  const due = db.prepare(
    `SELECT id, gateway_binder_uuid b, external_document_uuid e, accepted_at, ${heldBoxStatusSql('documents')} s, mailing_id m, next_poll_at n
     FROM documents WHERE next_poll_at IS NOT NULL AND next_poll_at <= @now AND ${inScope}
       AND (@afterAt IS NULL OR (next_poll_at, mailing_id, id) > (@afterAt, @afterMailing, @afterId))
     ORDER BY next_poll_at, mailing_id, id LIMIT @limit`,
  );
  const pending = db.prepare(`SELECT count(*) n, min(next_poll_at) next FROM documents WHERE next_poll_at IS NOT NULL AND ${inScope}`);
  const firstDue = db.prepare(`SELECT next_poll_at FROM documents WHERE next_poll_at IS NOT NULL AND ${inScope} ORDER BY next_poll_at LIMIT 1`);
  const bind = (scope: PollScope) => ({ mailing: scope.mailingId ?? null, profile: scope.profile ?? null });

  return {
    /** Accepted documents in scope due by `dueBy`, in the order they fell due, at most `limit`, after `after`. */
    due: (scope: PollScope, dueBy: number, limit: number, after?: DueCursor): DueRow[] =>
      parseRows(dueRowsSchema, due.all({ now: dueBy, limit, afterAt: after?.n ?? null, afterMailing: after?.m ?? null, afterId: after?.id ?? null, ...bind(scope) }), 'documents'),
    /** How many accepted documents in scope still wait for a final status, and when the first falls due. */
    pending(scope: PollScope): { count: number; nextDueAt: number | null } {
      const r = parseRows(pendingRowSchema, pending.get(bind(scope)), 'documents');
      return { count: r.n, nextDueAt: r.next };
    },
    /** When the first document in scope falls due (null: none waits): one index seek, cheaper than pending(). */
    nextDueAt: (scope: PollScope): number | null => parseRows(firstDueRowSchema, firstDue.get(bind(scope)), 'documents')?.next_poll_at ?? null,
  };
}
