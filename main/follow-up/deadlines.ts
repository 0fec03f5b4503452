// Per mailing: the read deadline its documents were sent with and who still needs another channel (issue 14
// item 2). A document's deadline is its acceptance plus read_expired_sec (reference §4.2; the gateway counts from
// its own send time, seconds from ours). The counts come from DocdeskReads.followUp.tallies(), for every mailing at once.
import { z } from 'zod';
import { emptyReasonCounts, failedCount, unreadCount, type MailingDeadline } from '../../shared/domain/follow-up.ts';
import type { FollowUpMailing, PerRowDeadline } from '../../shared/domain/follow-up-reads.ts';
import { DEFAULT_EXPIRES_IN_DAYS, SECONDS_PER_DAY, mailingDefaultsSchema } from '../../shared/domain/import.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import { toTallies, type Tally } from './tally.ts';
import { followUpReasonOf } from './classify.ts';

const DAY_MS = SECONDS_PER_DAY * 1000;

/** Only what this module reads of a stored import report: whether a column gave rows their own deadline. */
const reportMappingSchema = z.object({ mapping: z.record(z.string(), z.string()).optional() }).loose();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function expiresInDaysOf(m: FollowUpMailing): number {
  const parsed = mailingDefaultsSchema.safeParse(parseJson(m.defaultsJson));
  return parsed.success ? parsed.data.expiresInDays : DEFAULT_EXPIRES_IN_DAYS;
}

function hasPerRowDeadline(m: FollowUpMailing): boolean {
  const parsed = reportMappingSchema.safeParse(parseJson(m.reportJson));
  return parsed.success && parsed.data.mapping?.['expiresInDays'] !== undefined;
}

export type DeadlineOptions = {
  /** Virtual seconds per real second of a profile's gateway: the sandbox's time scale, 1 for a real gateway. */
  timeScaleOf: (profile: string) => Promise<number>;
  now?: () => number;
};

export function createDeadlines(reads: Pick<DocdeskReads, 'followUp' | 'dataVersion'>, o: DeadlineOptions) {
  const now = o.now ?? Date.now;
  const version = reads.dataVersion;
  // The counts change only when the database does: the mailings list asks every few seconds. Callers that ask
  // while a read is running share it.
  let cached: { version: string; tallies: Map<string, Tally> } | null = null;
  let pending: { version: string; promise: Promise<Map<string, Tally>> } | null = null;
  async function tallies(): Promise<Map<string, Tally>> {
    const v = await version();
    if (cached?.version === v) return cached.tallies;
    if (pending?.version === v) return pending.promise;
    const promise = reads.followUp.tallies().then((rows) => {
      const t = toTallies(rows);
      cached = { version: v, tallies: t };
      return t;
    });
    const mine = { version: v, promise };
    pending = mine;
    void promise.finally(() => {
      if (pending === mine) pending = null;
    }).catch(() => undefined);
    return promise;
  }

  // Reads the mailing's rows (JSON): cached like the counts.
  const perRowCache = new Map<string, { version: string; value: PerRowDeadline }>();
  async function perRow(mailingId: string, scale: number): Promise<PerRowDeadline> {
    const key = `${mailingId}:${scale}`;
    const v = await version();
    const hit = perRowCache.get(key);
    if (hit?.version === v) return hit.value;
    const value = await reads.followUp.perRowDeadline(mailingId, scale);
    if (perRowCache.size > 100) perRowCache.clear();
    perRowCache.set(key, { version: v, value });
    return value;
  }

  async function timeScale(profile: string): Promise<number> {
    const scale = await o.timeScaleOf(profile);
    return Number.isFinite(scale) && scale > 0 ? scale : 1;
  }

  async function compute(m: FollowUpMailing, tally: Tally | undefined, afterDays: number | undefined, scale: number): Promise<MailingDeadline> {
    const lastAcceptedAt = tally?.lastAt ?? null;
    const perRowDeadline = hasPerRowDeadline(m);
    const perRowRead = lastAcceptedAt !== null && perRowDeadline ? await perRow(m.id, scale) : null;
    const t = now();
    const reasons = emptyReasonCounts();
    const count = (state: string): number => tally?.states.get(state) ?? 0;
    let total = 0;
    for (const n of tally?.states.values() ?? []) total += n;
    for (const [box, n] of tally?.boxes ?? []) {
      const reason = followUpReasonOf('ACCEPTED', box, null);
      if (reason !== null) reasons[reason] += n;
    }
    for (const r of tally?.refusals ?? []) {
      const reason = followUpReasonOf('REJECTED', null, r.code);
      if (reason !== null) reasons[reason] += r.n;
    }
    reasons.ABANDONED = count('ABANDONED');
    const accepted = count('ACCEPTED');
    const read = tally?.boxes.get('READ') ?? 0;
    const firstAcceptedAt = tally?.firstAt ?? null;
    const expiresInDays = expiresInDaysOf(m);
    let deadlineAt: number | null = null;
    let gatewayDeadlineAt: number | null = null;
    if (lastAcceptedAt !== null) {
      if (perRowRead !== null) {
        const r = perRowRead;
        deadlineAt = r.real === null ? null : Math.round(r.real);
        gatewayDeadlineAt = r.gateway === null ? null : Math.round(r.gateway);
      } else {
        deadlineAt = Math.round(lastAcceptedAt + (expiresInDays * DAY_MS) / scale);
        gatewayDeadlineAt = lastAcceptedAt + expiresInDays * DAY_MS;
      }
    }
    // The gateway reports EXPIRED only once a deadline passed: trusted even when the clocks disagree.
    const deadlinePassed = (deadlineAt !== null && t >= deadlineAt) || reasons.EXPIRED > 0;
    const daysSinceSent = firstAcceptedAt === null ? null : Math.max(0, ((t - firstAcceptedAt) * scale) / DAY_MS);
    const unread = unreadCount(reasons);
    const failed = failedCount(reasons);
    const reachedDayCount = afterDays !== undefined && daysSinceSent !== null && daysSinceSent >= afterDays;
    return {
      mailingId: m.id,
      name: m.name,
      profile: m.profile,
      state: m.state,
      expiresInDays,
      perRowDeadline,
      firstAcceptedAt,
      lastAcceptedAt,
      deadlineAt,
      gatewayDeadlineAt,
      deadlinePassed,
      timeScale: scale,
      daysSinceSent,
      total,
      accepted,
      read,
      unread,
      failed,
      unknown: count('UNKNOWN'),
      notSent: count('DRAFT') + count('QUEUED') + count('IN_FLIGHT'),
      cancelled: count('CANCELLED'),
      reasons,
      due: unread + failed > 0 && (deadlinePassed || reachedDayCount),
    };
  }

  return {
    /** One mailing; undefined when there is none (or its import never completed). */
    async of(mailingId: string, afterDays?: number): Promise<MailingDeadline | undefined> {
      const m = await reads.followUp.mailing(mailingId);
      if (m === undefined) return undefined;
      return compute(m, (await tallies()).get(m.id), afterDays, await timeScale(m.profile));
    },
    /** Every mailing, newest first. */
    async all(afterDays?: number): Promise<MailingDeadline[]> {
      const t = await tallies();
      // A profile lookup parses the profile list: once per profile, not per mailing.
      const scales = new Map<string, number>();
      const deadlines: MailingDeadline[] = [];
      for (const m of await reads.followUp.mailings()) {
        const scale = scales.get(m.profile) ?? (await timeScale(m.profile));
        scales.set(m.profile, scale);
        deadlines.push(await compute(m, t.get(m.id), afterDays, scale));
      }
      return deadlines;
    },
  };
}
export type Deadlines = ReturnType<typeof createDeadlines>;
