// seed 001 §2.1: a planned day of ≥500,000 documents needs a pre-review request, with a five-field form.
import { EDOC_LIMITS } from '../../shared/domain/edoc.ts';
import { PRE_REVIEW_DAILY_THRESHOLD, type PreReviewForm } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';

/** Start of today in Asia/Seoul (UTC+9, no DST), as ms UTC. */
export function seoulDayStart(t: number): number {
  const KST = 9 * 3_600_000;
  return Math.floor((t + KST) / 86_400_000) * 86_400_000 - KST;
}

export function preReview(db: Db, mailingId: string, options: { institutionName: string; rateLimitPerSec: number; purpose: string; now?: number }): PreReviewForm {
  const t = options.now ?? Date.now();
  const dayStart = seoulDayStart(t);
  const acceptedToday = (db.prepare(`SELECT count(*) n FROM documents WHERE accepted_at >= ?`).get(dayStart) as { n: number }).n;
  const pending = (db.prepare(`SELECT count(*) n FROM documents WHERE mailing_id = ? AND state IN ('DRAFT','QUEUED')`).get(mailingId) as { n: number }).n;
  const plannedToday = acceptedToday + pending;
  const date = new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);
  return {
    required: plannedToday >= PRE_REVIEW_DAILY_THRESHOLD,
    plannedToday,
    threshold: PRE_REVIEW_DAILY_THRESHOLD,
    form: {
      institutionName: options.institutionName,
      plannedDates: date,
      dailyCount: plannedToday,
      expectedTps: Math.round(options.rateLimitPerSec * EDOC_LIMITS.bulkMaxDocuments),
      purpose: options.purpose,
    },
  };
}
