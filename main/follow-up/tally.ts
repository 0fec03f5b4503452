// Every mailing's document counts for the deadlines view, as DocdeskReads.followUp.tallies() reads them
// (follow-up-reads.ts), grouped by mailing.
import type { FollowUpTallyRows } from '../../shared/domain/follow-up-reads.ts';

/** One mailing's counts. */
export type Tally = {
  states: Map<string, number>;
  boxes: Map<string, number>;
  refusals: { code: string | null; n: number }[];
  firstAt: number | null;
  lastAt: number | null;
};

export function toTallies(rows: FollowUpTallyRows): Map<string, Tally> {
  const out = new Map<string, Tally>();
  const of = (id: string): Tally => {
    let t = out.get(id);
    if (!t) {
      t = { states: new Map(), boxes: new Map(), refusals: [], firstAt: null, lastAt: null };
      out.set(id, t);
    }
    return t;
  };
  for (const r of rows.states) of(r.mailingId).states.set(r.state, r.n);
  for (const r of rows.accepted) {
    const t = of(r.mailingId);
    t.boxes.set(r.box, r.n);
    t.firstAt = Math.min(t.firstAt ?? r.firstAt, r.firstAt);
    t.lastAt = Math.max(t.lastAt ?? r.lastAt, r.lastAt);
  }
  for (const r of rows.refusals) of(r.mailingId).refusals.push({ code: r.code, n: r.n });
  return out;
}
