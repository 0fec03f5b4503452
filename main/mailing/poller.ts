// Status polling (DESIGN §6, reference §11): bulk status in groups of ≤100, only accepted documents that are not
// final, never more often than every 5 s per document, backing off as documents age.
import { EDOC_LIMITS } from '../../shared/domain/edoc.ts';
import type { DueCursor, PollAnswer, PollAnswered, PolledRow, PollSchedule, PollScope } from '../../shared/domain/mailing-store.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { MailingStore } from './mailing-store.ts';
import type { MailingGateway } from './types.ts';
import { pollAnsweredOf } from './poll-answer.ts';

export interface PollRoundResult {
  polled: number;
  changed: number;
  errors: number;
  remaining: number;
  nextDueAt: number | null;
  /** The mailings whose documents this round asked about. */
  mailingIds: string[];
}

export interface PollRoundOptions {
  mailingId?: string;
  /**
   * Only documents of mailings imported under this profile: a round over every mailing must never ask the
   * active profile's gateway about another profile's documents (DESIGN §12).
   */
  profile?: string;
  schedule: PollSchedule;
  concurrency: number;
  limit?: number;
  /**
   * false: skip counting what remains (`remaining` is then -1). The count walks every non-final document's entry of
   * the poll index (index-only since migration 12): ~100,000 entries at the tracker's scale, not worth every round.
   */
  countRemaining?: boolean;
  /** Only documents due by this time (default: now) — a catch-up pass stops at what was due when it began. */
  dueBy?: number;
  /** Waits for the rate budget before each status call (the profile's shared limiter, main/mailing/rate-limiter.ts). */
  beforeCall?: () => Promise<void>;
  /** Due documents read at a time (default DUE_PAGE_ROWS; tests shorten it). */
  duePageRows?: number;
}

/** The scope as the reads take it: only the fields that are set. */
function scopeOf(o: { mailingId?: string | undefined; profile?: string | undefined }): PollScope {
  return { ...(o.mailingId !== undefined ? { mailingId: o.mailingId } : {}), ...(o.profile !== undefined ? { profile: o.profile } : {}) };
}

/** Due documents read at a time (20 status calls' worth). */
const DUE_PAGE_ROWS = 2_000;
/** Answered status calls per journal commit (up to 1,000 documents). */
const ANSWERS_PER_STEP = 10;
/** An answer waits at most this long for others to share its commit (the calls' exchange records travel with it). */
const ANSWER_WAIT_MS = 50;

export function createPoller(deps: {
  reads: Pick<DocdeskReads, 'pollDue' | 'pollPending' | 'pollNextDueAt'>;
  store: Pick<MailingStore, 'applyPoll'>;
  gateway: () => MailingGateway;
  now?: () => number;
}) {
  const { reads, store } = deps;
  const now = deps.now ?? Date.now;

  // Rounds never overlap (a button's round and the tracker's): two rounds reading the same due rows before
  // either commits would ask for one document twice within the 5 s the gateway allows (reference §11).
  let previousRound: Promise<unknown> = Promise.resolve();

  /** One round: every due document of the mailing (or all mailings), in groups of 100, `concurrency` at a time. */
  function pollRound(options: PollRoundOptions): Promise<PollRoundResult> {
    const round = previousRound.then(() => runRound(options));
    previousRound = round.catch(() => undefined);
    return round;
  }

  async function runRound(options: PollRoundOptions): Promise<PollRoundResult> {
    const t0 = now();
    const scope = scopeOf(options);
    const mailingIds = new Set<string>();
    const dueBy = options.dueBy ?? t0;
    const maxRows = options.limit ?? 1_000_000;
    // The due documents are read a page at a time, the next page while the calls of this one are out: the first
    // call leaves after one page's read, not after the whole list's (~0.35 s of the main thread at 100,000 due).
    // Rounds run one after another (previousRound), so no other round can read these rows as due again before this
    // one's answers commit; a later page starts after the last entry read, so this round never reads one twice.
    const groups: PolledRow[][] = [];
    let polled = 0;
    let after: DueCursor | undefined;
    let allRead = false;
    let reading: Promise<void> | null = null;
    const readPage = async (): Promise<void> => {
      const want = Math.min(options.duePageRows ?? DUE_PAGE_ROWS, maxRows - polled);
      const page = want > 0 ? await reads.pollDue(scope, dueBy, want, after) : [];
      polled += page.length;
      if (page.length < want || want === 0) allRead = true;
      const last = page.at(-1);
      if (last) after = { n: last.n, m: last.m, id: last.id };
      // The rows are kept as read: what crosses to the writer is built per answer (poll-answer.ts), not copied per row.
      for (const r of page) mailingIds.add(r.m);
      for (let i = 0; i < page.length; i += EDOC_LIMITS.bulkStatusMaxIds) groups.push(page.slice(i, i + EDOC_LIMITS.bulkStatusMaxIds));
    };
    const startReading = (): Promise<void> =>
      (reading ??= readPage().finally(() => {
        reading = null;
      }));
    /** The next group to ask about; reads ahead once the groups left would not keep every worker busy. */
    let failed = false;
    async function nextGroup(): Promise<PolledRow[] | undefined> {
      for (;;) {
        // A call that threw ends the round: the other workers take no further group (nor read another page).
        if (failed) return undefined;
        if (groups.length <= Math.max(1, options.concurrency) && !allRead) void startReading().catch(() => undefined);
        const group = groups.shift();
        if (group !== undefined) return group;
        if (allRead && reading === null) return undefined;
        await startReading();
      }
    }
    const gateway = deps.gateway();
    let changed = 0;
    let errors = 0;
    // A status answer has no ordering constraint with the next call (unlike a send): the next group is asked for
    // while the writer commits earlier ones; the round ends when every answer is committed. Answers are committed
    // a few calls at a time: recipients read at any time, so a round's read times land all over the grid's read_at
    // index, and one commit of ANSWERS_PER_STEP groups rewrites far fewer of its pages than as many commits of one
    // (a replay with read times spread over an hour: 6.1 → 3.5 ms of writer time per 100 documents for 4 groups,
    // 2.8 ms for 10; the sandbox's clustered read times show no such difference).
    const written: Promise<void>[] = [];
    let answered: PollAnswered[] = [];
    let waiting: NodeJS.Timeout | null = null;
    const commitAnswered = (): void => {
      if (waiting !== null) clearTimeout(waiting);
      waiting = null;
      if (answered.length === 0) return;
      const batch = answered;
      answered = [];
      written.push(
        store.applyPoll(batch, options.schedule).then((r) => {
          changed += r.changed;
          errors += r.errors;
        }),
      );
    };
    async function worker() {
      for (let group = await nextGroup(); group !== undefined; group = await nextGroup()) {
        // The external ids travel with the exchange: the audit chain indexes a status call by them (clustered by
        // mailing) instead of by 100 random binder uuids (main/audit/exchange-event.ts).
        const externalIds = group.flatMap((r) => (r.e === null ? [] : [r.e]));
        if (options.beforeCall) await options.beforeCall();
        const outcome = await gateway.bulkStatus(group.map((r) => r.b), { poll: 'bulkStatus' }, externalIds);
        const answer: PollAnswer = outcome.kind === 'ok' ? { ok: true, documents: outcome.value.documents } : { ok: false };
        answered.push(pollAnsweredOf(group, answer, now()));
        if (answered.length >= ANSWERS_PER_STEP) commitAnswered();
        else waiting ??= setTimeout(commitAnswered, ANSWER_WAIT_MS);
      }
    }
    const stopOthersOnFailure = (error: unknown): never => {
      failed = true;
      throw error;
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, () => worker().catch(stopOthersOnFailure)));
    } finally {
      // Whatever was answered is committed, also when a call threw (the round then fails after this).
      commitAnswered();
      await Promise.all(written);
    }
    if (options.countRemaining === false) {
      return { polled, changed, errors, remaining: -1, nextDueAt: await reads.pollNextDueAt(scope), mailingIds: [...mailingIds] };
    }
    const rem = await reads.pollPending(scope);
    return { polled, changed, errors, remaining: rem.count, nextDueAt: rem.nextDueAt, mailingIds: [...mailingIds] };
  }

  /** Accepted documents in scope still waiting for a final status. */
  const pendingCount = async (scope: { mailingId?: string; profile?: string } = {}): Promise<number> => (await reads.pollPending(scopeOf(scope))).count;

  /** When the next document in scope falls due (null: none is waiting for a status). */
  const nextDueAt = (scope: { mailingId?: string; profile?: string } = {}): Promise<number | null> => reads.pollNextDueAt(scopeOf(scope));

  return { pollRound, nextDueAt, pendingCount };
}
export type Poller = ReturnType<typeof createPoller>;
