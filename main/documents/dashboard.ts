// `dashboard:summary` (issue 3 §3): today's volume against the 500,000/day pre-review line (seed 001 §2.1), the
// funnel SENT → RECEIVED → READ / EXPIRED, the read rate per day, and recent errors. Every figure is one indexed
// aggregate in SQLite (migration 4), never a scan in JavaScript.
import { z } from 'zod';
import { dashboardSummarySchema, type DashboardSummary } from '../../shared/domain/documents-query.ts';
import { PRE_REVIEW_DAILY_THRESHOLD } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';
import { countRowSchema, parseRows } from '../store/row-shapes.ts';
import { seoulDayStart } from './format.ts';

const KST_MS = 9 * 3_600_000;
const READ_RATE_DAYS = 14;
const RECENT_ERRORS_DAYS = 7;

const readRateRowsSchema = z.array(z.object({ dayNo: z.number().int(), accepted: z.number().int(), read: z.number().int() }));
/** The errors query names its columns as the summary does. */
const recentErrorsSchema = dashboardSummarySchema.shape.recentErrors;

export function createDashboard(db: Db) {
  const s = {
    acceptedSince: db.prepare('SELECT count(*) AS n FROM documents WHERE accepted_at >= ?'),
    pending: db.prepare(`SELECT count(*) AS n FROM documents WHERE state IN ('DRAFT', 'QUEUED', 'IN_FLIGHT')`),
    // One index-seek count per status: a GROUP BY on the virtual column would read every table row to compute it.
    box: db.prepare('SELECT count(*) AS n FROM documents WHERE grid_box = ?'),
    // Covered by documents_grid_accepted_at (accepted_at, id, doc_box_status, …): no table row is read.
    readRate: db.prepare(
      `SELECT (accepted_at + ${KST_MS}) / 86400000 AS dayNo, count(*) AS accepted, coalesce(sum(doc_box_status = 'READ'), 0) AS read
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
    const accepted = parseRows(countRowSchema, s.acceptedSince.get(dayStart), 'documents').n;
    const pending = parseRows(countRowSchema, s.pending.get(), 'documents').n;
    const planned = accepted + pending;
    const box = (status: string) => parseRows(countRowSchema, s.box.get(status), 'documents').n;
    const sentNow = box('SENT');
    const receivedNow = box('RECEIVED');
    const read = box('READ');
    const expired = box('EXPIRED');
    const total = sentNow + receivedNow + read + expired;
    const since = dayStart - (READ_RATE_DAYS - 1) * 86_400_000;
    const readRate = parseRows(readRateRowsSchema, s.readRate.all(since), 'documents').map((r) => ({
      // dayNo already counts Seoul days (KST offset added in SQL).
      day: new Date(r.dayNo * 86_400_000).toISOString().slice(0, 10),
      accepted: r.accepted,
      read: r.read,
      rate: r.accepted > 0 ? Math.round((r.read / r.accepted) * 1000) / 1000 : 0,
    }));
    const recentErrors = parseRows(recentErrorsSchema, s.errors.all(now - RECENT_ERRORS_DAYS * 86_400_000), 'documents');
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
