// Per mailing: the read deadline its documents were sent with and who still needs another channel (issue 14
// item 2). A document's deadline is its acceptance plus read_expired_sec (reference §4.2; the gateway counts from
// its own send time, seconds from ours). One grouped pass over the mailing's rows gives every count.
import { z } from 'zod';
import { emptyReasonCounts, failedCount, unreadCount, type MailingDeadline } from '../../shared/domain/follow-up.ts';
import { DEFAULT_EXPIRES_IN_DAYS, SECONDS_PER_DAY, mailingDefaultsSchema } from '../../shared/domain/import.ts';
import { mailingStateSchema } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';
import { followUpReasonOf } from './classify.ts';

const DAY_MS = SECONDS_PER_DAY * 1000;

const mailingRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  state: mailingStateSchema,
  defaults_json: z.string(),
  report_json: z.string(),
});
type MailingRow = z.infer<typeof mailingRowSchema>;

const groupRowSchema = z.object({
  state: z.string(),
  box: z.string().nullable(),
  code: z.string().nullable(),
  n: z.number().int(),
  firstAt: z.number().nullable(),
  lastAt: z.number().nullable(),
});

/** Only what this module reads of a stored import report: whether a column gave rows their own deadline. */
const reportMappingSchema = z.object({ mapping: z.record(z.string(), z.string()).optional() }).loose();

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function expiresInDaysOf(m: MailingRow): number {
  const parsed = mailingDefaultsSchema.safeParse(parseJson(m.defaults_json));
  return parsed.success ? parsed.data.expiresInDays : DEFAULT_EXPIRES_IN_DAYS;
}

function hasPerRowDeadline(m: MailingRow): boolean {
  const parsed = reportMappingSchema.safeParse(parseJson(m.report_json));
  return parsed.success && parsed.data.mapping?.['expiresInDays'] !== undefined;
}

export type DeadlineOptions = {
  /** Virtual seconds per real second of a profile's gateway: the sandbox's time scale, 1 for a real gateway. */
  timeScaleOf: (profile: string) => number;
  now?: () => number;
};

export function createDeadlines(db: Db, o: DeadlineOptions) {
  const now = o.now ?? Date.now;
  const s = {
    mailing: db.prepare('SELECT id, name, profile, state, defaults_json, report_json FROM mailings WHERE id = ? AND import_complete = 1'),
    mailings: db.prepare('SELECT id, name, profile, state, defaults_json, report_json FROM mailings WHERE import_complete = 1 ORDER BY created_at DESC'),
    groups: db.prepare(
      `SELECT state, CASE WHEN state = 'ACCEPTED' THEN coalesce(doc_box_status, 'SENT') END AS box,
         CASE WHEN state = 'REJECTED' THEN error_code END AS code,
         count(*) AS n, min(accepted_at) AS firstAt, max(accepted_at) AS lastAt
       FROM documents WHERE mailing_id = ? GROUP BY 1, 2, 3`,
    ),
    // Rows with deadlines of their own (a mapped column): the latest real-clock deadline among them.
    // read_expired_at is absolute on the gateway's clock; read_expired_sec counts from acceptance.
    perRowDeadline: db.prepare(
      `SELECT max(accepted_at + (coalesce(json_extract(item_json, '$.read_expired_at') * 1000 - accepted_at,
                                          json_extract(item_json, '$.read_expired_sec') * 1000, 0)) / @scale) AS real,
              max(coalesce(json_extract(item_json, '$.read_expired_at') * 1000,
                           accepted_at + json_extract(item_json, '$.read_expired_sec') * 1000)) AS gateway
       FROM documents WHERE mailing_id = @id AND state = 'ACCEPTED'`,
    ),
  };

  function timeScale(profile: string): number {
    const scale = o.timeScaleOf(profile);
    return Number.isFinite(scale) && scale > 0 ? scale : 1;
  }

  function compute(m: MailingRow, afterDays: number | undefined, scale: number): MailingDeadline {
    const t = now();
    const reasons = emptyReasonCounts();
    let total = 0;
    let accepted = 0;
    let read = 0;
    let unknown = 0;
    let notSent = 0;
    let cancelled = 0;
    let firstAcceptedAt: number | null = null;
    let lastAcceptedAt: number | null = null;
    for (const g of z.array(groupRowSchema).parse(s.groups.all(m.id))) {
      total += g.n;
      const reason = followUpReasonOf(g.state, g.box, g.code);
      if (reason !== null) reasons[reason] += g.n;
      if (g.state === 'ACCEPTED') {
        accepted += g.n;
        if (g.box === 'READ') read += g.n;
        if (g.firstAt !== null) firstAcceptedAt = Math.min(firstAcceptedAt ?? g.firstAt, g.firstAt);
        if (g.lastAt !== null) lastAcceptedAt = Math.max(lastAcceptedAt ?? g.lastAt, g.lastAt);
      } else if (g.state === 'UNKNOWN') unknown += g.n;
      else if (g.state === 'CANCELLED') cancelled += g.n;
      else if (g.state === 'DRAFT' || g.state === 'QUEUED' || g.state === 'IN_FLIGHT') notSent += g.n;
    }
    const expiresInDays = expiresInDaysOf(m);
    const perRowDeadline = hasPerRowDeadline(m);
    let deadlineAt: number | null = null;
    let gatewayDeadlineAt: number | null = null;
    if (lastAcceptedAt !== null) {
      if (perRowDeadline) {
        const r = z.object({ real: z.number().nullable(), gateway: z.number().nullable() }).parse(s.perRowDeadline.get({ id: m.id, scale }));
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
      unknown,
      notSent,
      cancelled,
      reasons,
      due: unread + failed > 0 && (deadlinePassed || reachedDayCount),
    };
  }

  return {
    /** One mailing; undefined when there is none (or its import never completed). */
    of(mailingId: string, afterDays?: number): MailingDeadline | undefined {
      const row = s.mailing.get(mailingId);
      if (row === undefined) return undefined;
      const m = mailingRowSchema.parse(row);
      return compute(m, afterDays, timeScale(m.profile));
    },
    /** Every mailing, newest first. */
    all(afterDays?: number): MailingDeadline[] {
      // A profile lookup parses the profile list: once per profile, not per mailing.
      const scales = new Map<string, number>();
      return z.array(mailingRowSchema).parse(s.mailings.all()).map((m) => {
        const scale = scales.get(m.profile) ?? timeScale(m.profile);
        scales.set(m.profile, scale);
        return compute(m, afterDays, scale);
      });
    },
  };
}
export type Deadlines = ReturnType<typeof createDeadlines>;
