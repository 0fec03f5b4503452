// A cancel's timeline as the screens and the CLI show it (queued, sending, its outcome, resolved, …), from its stored
// events and its row. Since issue 16 (session 17) a claim writes no event of its own — as a bulk send's attempt row
// is its claim (main/mailing/document-timeline.ts) —: the outcome event of the attempt carries the claim as its last
// member, `sending: {at, attempt}`, and a row still IN_FLIGHT shows its claim from `sent_at` and `attempts`. Each
// becomes the `sending` step it was stored as before, with the same time and data. A database written before has its
// `sending` rows and outcomes without the member; a claim stored that way and answered after the upgrade shows once.
import { z } from 'zod';
import type { PayupCancelEvent } from '../../shared/domain/payup.ts';
import type { parseCancelEvents } from './cancel-rows.ts';

/** The kinds of event that end an attempt (journal.ts applyAnswersIn, recoverInFlight). */
const ATTEMPT_OUTCOMES = new Set(['cancelled', 'already-cancelled', 'rejected', 'unknown', 'not-sent']);

const dataMembersSchema = z.record(z.string(), z.unknown());
const carriedClaimSchema = z.object({ at: z.number().int(), attempt: z.number().int() });

/** A payup_cancel_events row as read (cancel-rows.ts). */
type StoredCancelEvent = ReturnType<typeof parseCancelEvents>[number];
/** A claim not yet answered: the row IN_FLIGHT since `at`, on attempt `attempt`. */
export type OpenClaim = { at: number; attempt: number };

const sendingStep = (claim: OpenClaim): PayupCancelEvent => ({ at: claim.at, kind: 'sending', data: { attempt: claim.attempt } });

export function cancelTimeline(stored: readonly StoredCancelEvent[], open: OpenClaim | null): PayupCancelEvent[] {
  const out: PayupCancelEvent[] = [];
  const afterStoredSending = (): boolean => out.at(-1)?.kind === 'sending';
  for (const e of stored) {
    const data = JSON.parse(e.data_json) as unknown;
    const members = ATTEMPT_OUTCOMES.has(e.kind) ? dataMembersSchema.safeParse(data) : null;
    const claim = members?.success === true && 'sending' in members.data ? carriedClaimSchema.safeParse(members.data['sending']) : null;
    if (members?.success !== true || claim?.success !== true) {
      out.push({ at: e.at, kind: e.kind, data });
      continue;
    }
    if (!afterStoredSending()) out.push(sendingStep(claim.data));
    // The outcome's own members, in their stored order.
    out.push({ at: e.at, kind: e.kind, data: Object.fromEntries(Object.entries(members.data).filter(([name]) => name !== 'sending')) });
  }
  if (open !== null && !afterStoredSending()) out.push(sendingStep(open));
  return out;
}
