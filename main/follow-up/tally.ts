// Every mailing's document counts for the deadlines view, from narrow covering indexes only (no wide row is read):
// states from documents_by_mailing_state (mailing_id, state, id); accepted documents' gateway status and acceptance
// times from documents_grid_accepted_at (accepted_at, id, doc_box_status, mailing_id) — accepted_at is set exactly
// when a document is ACCEPTED, which it then stays; refusal codes from the REJECTED rows only (a few per cent).
// At 500,000 documents this still costs ~0.6 s of SQLCipher page work, so the app runs it on a thread of its own
// (tally-thread.ts); the statements and the shape of the answer live here for both sides.
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';

const stateRowSchema = z.object({ mailing_id: z.string(), state: z.string(), n: z.number().int() });
const acceptedRowSchema = z.object({ mailing_id: z.string(), box: z.string(), n: z.number().int(), firstAt: z.number(), lastAt: z.number() });
const refusalRowSchema = z.object({ mailing_id: z.string(), code: z.string().nullable(), n: z.number().int() });

export const tallyRowsSchema = z.object({ states: z.array(stateRowSchema), accepted: z.array(acceptedRowSchema), refusals: z.array(refusalRowSchema) });
export type TallyRows = z.infer<typeof tallyRowsSchema>;

/** One mailing's counts. */
export type Tally = {
  states: Map<string, number>;
  boxes: Map<string, number>;
  refusals: { code: string | null; n: number }[];
  firstAt: number | null;
  lastAt: number | null;
};

export function prepareTally(db: Db): () => TallyRows {
  const states = db.prepare('SELECT mailing_id, state, count(*) AS n FROM documents GROUP BY mailing_id, state');
  const accepted = db.prepare(
    `SELECT mailing_id, coalesce(doc_box_status, 'SENT') AS box, count(*) AS n, min(accepted_at) AS firstAt, max(accepted_at) AS lastAt
     FROM documents INDEXED BY documents_grid_accepted_at WHERE accepted_at IS NOT NULL GROUP BY mailing_id, box`,
  );
  const refusals = db.prepare(`SELECT mailing_id, error_code AS code, count(*) AS n FROM documents WHERE state = 'REJECTED' GROUP BY mailing_id, error_code`);
  // One read transaction: the three answers describe the same moment.
  return db.transaction(() => tallyRowsSchema.parse({ states: states.all(), accepted: accepted.all(), refusals: refusals.all() }));
}

export function toTallies(rows: TallyRows): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const of = (id: string): Tally => {
    let t = out.get(id);
    if (!t) {
      t = { states: new Map(), boxes: new Map(), refusals: [], firstAt: null, lastAt: null };
      out.set(id, t);
    }
    return t;
  };
  for (const r of rows.states) of(r.mailing_id).states.set(r.state, r.n);
  for (const r of rows.accepted) {
    const t = of(r.mailing_id);
    t.boxes.set(r.box, r.n);
    t.firstAt = Math.min(t.firstAt ?? r.firstAt, r.firstAt);
    t.lastAt = Math.max(t.lastAt ?? r.lastAt, r.lastAt);
  }
  for (const r of rows.refusals) of(r.mailing_id).refusals.push({ code: r.code, n: r.n });
  return out;
}
