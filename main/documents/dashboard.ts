// `dashboard:summary` (issue 3 §3): today's volume against the 500,000/day pre-review line (seed 001 §2.1), the
// funnel SENT → RECEIVED → READ / EXPIRED, the read rate per day, and recent errors. Every figure is one indexed
// aggregate in SQLite (migration 4), never a scan in JavaScript.
import type { DashboardSummary } from '../../shared/domain/documents-query.ts';
import { PRE_REVIEW_DAILY_THRESHOLD } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';
import { seoulDayStart } from './format.ts';

const KST_MS = 9 * 3_600_000;
const READ_RATE_DAYS = 14;
const RECENT_ERRORS_DAYS = 7;

export function createDashboard(db: Db) {
  const s = {
    acceptedSince: db.prepare('SELECT count(*) AS n FROM documents WHERE accepted_at >= ?'),
    pending: db.prepare(`SELECT count(*) AS n FROM documents WHERE state IN ('DRAFT', 'QUEUED', 'IN_FLIGHT')`),
    boxes: db.prepare('SELECT grid_box AS box, count(*) AS n FROM documents WHERE grid_box IS NOT NULL GROUP BY grid_box'),
    readRate: db.prepare(
      `SELECT (accepted_at + ${KST_MS}) / 86400000 AS dayNo, count(*) AS accepted, sum(grid_box = 'READ') AS read
       FROM documents WHERE accepted_at >= ? GROUP BY dayNo ORDER BY dayNo`,
    ),
    errors: db.prepare(
      `SELECT error_code AS errorCode, max(error_message) AS errorMessage, count(*) AS count, max(state_at) AS lastAt, mailing_id AS mailingId
       FROM documents WHERE state = 'REJECTED' AND state_at >= ? AND error_code IS NOT NULL
       GROUP BY error_code, mailing_id ORDER BY lastAt DESC LIMIT 20`,
    ),
  };

  return function summary(now = Date.now()): DashboardSummary {
    const dayStart = seoulDayStart(now);
    const accepted = (s.acceptedSince.get(dayStart) as { n: number }).n;
    const pending = (s.pending.get() as { n: number }).n;
    const planned = accepted + pending;
    const box: Record<string, number> = {};
    for (const r of s.boxes.all() as { box: string; n: number }[]) box[r.box] = r.n;
    const sentNow = box.SENT ?? 0;
    const receivedNow = box.RECEIVED ?? 0;
    const read = box.READ ?? 0;
    const expired = box.EXPIRED ?? 0;
    const total = sentNow + receivedNow + read + expired;
    const since = dayStart - (READ_RATE_DAYS - 1) * 86_400_000;
    const readRate = (s.readRate.all(since) as { dayNo: number; accepted: number; read: number }[]).map((r) => ({
      // dayNo already counts Seoul days (KST offset added in SQL).
      day: new Date(r.dayNo * 86_400_000).toISOString().slice(0, 10),
      accepted: r.accepted,
      read: r.read,
      rate: r.accepted > 0 ? Math.round((r.read / r.accepted) * 1000) / 1000 : 0,
    }));
    const recentErrors = s.errors.all(now - RECENT_ERRORS_DAYS * 86_400_000) as DashboardSummary['recentErrors'];
    return {
      generatedAt: now,
      today: { accepted, pending, planned, preReviewThreshold: PRE_REVIEW_DAILY_THRESHOLD, preReviewRequired: planned >= PRE_REVIEW_DAILY_THRESHOLD },
      // Every accepted document reached SENT; RECEIVED counts those received and not (yet) read, plus the read ones.
      funnel: { accepted: total, sent: total, received: receivedNow + read, read, expired },
      readRate,
      recentErrors,
    };
  };
}
