// The status tracker (issue 14 item 1): polls every accepted, non-final document of the active profile by itself,
// on the profile's schedule, so every document reaches READ or EXPIRED without anyone pressing a button.
// It runs the same rounds as `mail poll` (main/mailing/poller.ts: ≥5 s per document, backing off with age, never
// a final document) across mailings, sleeps until the next document falls due, and catches up after a restart or
// a night off (overdue documents first, oldest first, within the profile's rate limit).
import type { TrackerRound, TrackerStatus } from '../../shared/domain/tracker.ts';
import { MIN_POLL_INTERVAL_MS, type PollSchedule } from '../mailing/poll-schedule.ts';
import type { PollRoundOptions, PollRoundResult } from '../mailing/poller.ts';
import { createRateLimiter, type RateLimiter } from '../mailing/rate-limiter.ts';

/**
 * Documents per round. A stop (quit, profile switch) waits for the round in progress: at most 20 status calls,
 * about a second at the production rate of 20 requests/s.
 */
export const TRACKER_ROUND_DOCUMENTS = 2_000;
/**
 * Status calls per second the tracker makes while a send runs (100 documents/s, one call at a time): the send
 * keeps the gateway budget and this machine's writer thread. With a fifth of the rate limit instead, a send of
 * 20,000 documents ran at 0.52× its speed (tracker benchmark: the limit there is not what binds, the writer is).
 */
export const TRACKER_CALLS_PER_SEC_WHILE_SENDING = 1;
/** With nothing due, the tracker still looks again this often (documents accepted by a send it was not told of). */
const IDLE_RECHECK_MS = 60_000;
/** After a round that failed as a whole (a missing credential, a writer failure), the next try waits this long. */
const RETRY_AFTER_FAILURE_MS = 30_000;
/** Mailing changes are reported at most this often (the screens refetch on each report). */
const CHANGE_REPORT_EVERY_MS = 1_000;

export interface TrackedProfile {
  name: string;
  docsgw: { rateLimitPerSec: number; concurrency: number; poll: PollSchedule };
}

export interface TrackerDeps {
  pollRound(options: PollRoundOptions): Promise<PollRoundResult>;
  nextDueAt(scope: { profile: string }): Promise<number | null>;
  /** Accepted, non-final documents of the profile. */
  pendingCount(scope: { profile: string }): Promise<number>;
  /** The active profile, read before every round (a switch stops the tracker, changes it, and resumes). */
  profile(): TrackedProfile;
  /** The profile's request budget, shared with sends. */
  limiter(): RateLimiter;
  /** How many sends run right now: the tracker then takes a small share of the budget, one call at a time. */
  sendsRunning(): number;
  /** The operator's pause, persisted in the data folder (stored by the caller of setPaused). */
  paused: { get(): boolean };
  onStatus?(status: TrackerStatus): void;
  onMailingsChanged?(change: { mailingIds: string[]; changed: number }): void;
  now?: () => number;
}

/** What one catch-up pass did. */
export interface TrackerPass {
  rounds: number;
  polled: number;
  changed: number;
  errors: number;
  remaining: number;
  nextDueAt: number | null;
  /** The operator paused tracking: the pass polled nothing. */
  paused: boolean;
}

export function createTracker(deps: TrackerDeps) {
  const now = deps.now ?? Date.now;
  /** The face wants tracking (start() was called and close() was not). */
  let enabled = false;
  let loop: Promise<void> | null = null;
  let stopping = false;
  let state: TrackerStatus['state'] = 'off';
  let nextDueAt: number | null = null;
  let lastRound: TrackerRound | null = null;
  let lastError: string | null = null;
  let wakeSleeper: (() => void) | null = null;
  let pendingChange = { mailingIds: new Set<string>(), changed: 0 };
  let lastChangeReport = 0;
  const whileSending = createRateLimiter(TRACKER_CALLS_PER_SEC_WHILE_SENDING);

  function status(): TrackerStatus {
    return { state, paused: deps.paused.get(), profile: deps.profile().name, nextDueAt, lastRound, lastError };
  }
  function setState(next: TrackerStatus['state']): void {
    state = next;
    deps.onStatus?.(status());
  }

  function reportChanges(force: boolean): void {
    if (pendingChange.changed === 0) return;
    if (!force && now() - lastChangeReport < CHANGE_REPORT_EVERY_MS) return;
    const change = { mailingIds: [...pendingChange.mailingIds], changed: pendingChange.changed };
    pendingChange = { mailingIds: new Set(), changed: 0 };
    lastChangeReport = now();
    deps.onMailingsChanged?.(change);
  }

  /** Sleeps `ms` or until wake()/stop(). */
  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, Math.max(0, ms));
      function done(): void {
        clearTimeout(timer);
        wakeSleeper = null;
        resolve();
      }
      wakeSleeper = done;
    });
  }

  /** Waits for the profile's budget; while a send runs, first for the tracker's small allowance. */
  async function beforeCall(): Promise<void> {
    if (deps.sendsRunning() > 0) await whileSending.acquire();
    await deps.limiter().acquire();
  }

  /** One round over what is due by `dueBy` (default now); null when nothing is. */
  async function round(dueBy?: number): Promise<PollRoundResult | null> {
    const p = deps.profile();
    nextDueAt = await deps.nextDueAt({ profile: p.name });
    if (nextDueAt === null || nextDueAt > (dueBy ?? now())) return null;
    setState('polling');
    const sending = deps.sendsRunning() > 0;
    const r = await deps.pollRound({
      profile: p.name,
      schedule: p.docsgw.poll,
      concurrency: sending ? 1 : p.docsgw.concurrency,
      limit: TRACKER_ROUND_DOCUMENTS,
      countRemaining: false,
      ...(dueBy !== undefined ? { dueBy } : {}),
      beforeCall,
    });
    nextDueAt = r.nextDueAt;
    // No count of what remains here: it walks every pending document's poll-index entry (100,000 at scale), after every
    // round; the screens show per-mailing counts, and a catch-up pass counts once at its end.
    lastRound = { at: now(), polled: r.polled, changed: r.changed, errors: r.errors };
    lastError = null;
    if (r.changed > 0) {
      for (const id of r.mailingIds) pendingChange.mailingIds.add(id);
      pendingChange.changed += r.changed;
    }
    reportChanges(false);
    return r;
  }

  async function run(): Promise<void> {
    while (!stopping) {
      if (deps.paused.get()) {
        reportChanges(true);
        setState('paused');
        await sleep(IDLE_RECHECK_MS);
        continue;
      }
      try {
        const r = await round();
        if (r !== null) {
          // Lets the UI's requests and a send's steps in between rounds.
          await new Promise((resolve) => setImmediate(resolve));
          continue;
        }
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        reportChanges(true);
        setState('waiting');
        await sleep(RETRY_AFTER_FAILURE_MS);
        continue;
      }
      reportChanges(true);
      setState('waiting');
      const recheck = deps.sendsRunning() > 0 ? MIN_POLL_INTERVAL_MS : IDLE_RECHECK_MS;
      await sleep(Math.min(nextDueAt === null ? recheck : nextDueAt - now(), recheck));
    }
  }

  function launch(): void {
    if (loop !== null || !enabled) return;
    stopping = false;
    loop = run().finally(() => {
      loop = null;
    });
  }

  /** Stops after the round in progress is committed. */
  async function halt(): Promise<void> {
    stopping = true;
    wakeSleeper?.();
    await loop;
    reportChanges(true);
    setState(enabled ? 'stopped' : 'off');
  }

  return {
    status,
    /** Starts tracking in this process (the app, `docdesk web`, `docdesk track`). */
    start(): void {
      enabled = true;
      launch();
    },
    /** Looks again at once (a send accepted documents, the operator resumed). */
    wake(): void {
      wakeSleeper?.();
    },
    /** Accepted, non-final documents of the active profile (one count: reads each of their rows). */
    pendingCount: (): Promise<number> => deps.pendingCount({ profile: deps.profile().name }),
    /** For a profile switch (activity.addBackground): waits for the round in progress. */
    stop: halt,
    /** After a profile switch: continues on the new profile, if this process tracks at all. */
    resume: launch,
    /** Quit: stops for good. */
    async close(): Promise<void> {
      enabled = false;
      await halt();
    },
    /**
     * Takes up the operator's pause once the caller stored it (and its audit record): a paused tracker polls
     * nothing, here or scheduled.
     */
    setPaused(paused: boolean): TrackerStatus {
      // The answer and the event say the new state at once (a round in progress still finishes).
      if (loop !== null) setState(paused ? 'paused' : 'waiting');
      else deps.onStatus?.(status());
      wakeSleeper?.();
      return status();
    },
    /**
     * One catch-up pass (`docdesk track --once`): every document that is due when it begins, round after round
     * (oldest first), then returns — documents falling due meanwhile wait for the next pass.
     */
    async runOnce(onRound?: (r: TrackerRound) => void): Promise<TrackerPass> {
      const name = deps.profile().name;
      const total = { rounds: 0, polled: 0, changed: 0, errors: 0 };
      const paused = deps.paused.get();
      const dueBy = now();
      for (;;) {
        if (paused) break;
        const r = await round(dueBy);
        if (r === null || r.polled === 0) break;
        total.rounds++;
        total.polled += r.polled;
        total.changed += r.changed;
        total.errors += r.errors;
        if (lastRound) onRound?.(lastRound);
      }
      reportChanges(true);
      if (loop === null) state = enabled ? 'stopped' : 'off';
      return { ...total, remaining: await deps.pendingCount({ profile: name }), nextDueAt: await deps.nextDueAt({ profile: name }), paused };
    },
  };
}
export type Tracker = ReturnType<typeof createTracker>;
