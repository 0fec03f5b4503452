// seed 001 §2.1: a planned day of ≥500,000 documents needs a pre-review request, with a five-field form.
import { EDOC_LIMITS } from '../../shared/domain/edoc.ts';
import { PRE_REVIEW_DAILY_THRESHOLD, type PreReviewForm } from '../../shared/domain/mailing.ts';
import type { Db } from '../store/open-database.ts';

/** seed 001 §2.1's form, in the seed's order and words. */
export const PRE_REVIEW_FIELDS: readonly { key: keyof PreReviewForm['form']; label: string }[] = [
  { key: 'institutionName', label: '이용기관명' },
  { key: 'plannedDates', label: '발송예정일(기간)' },
  { key: 'dailyCount', label: '일단위 발송 건수' },
  { key: 'expectedTps', label: '예상 TPS' },
  { key: 'purpose', label: '발송목적' },
];

/** Start of today in Asia/Seoul (UTC+9, no DST), as ms UTC. */
export function seoulDayStart(t: number): number {
  const KST = 9 * 3_600_000;
  return Math.floor((t + KST) / 86_400_000) * 86_400_000 - KST;
}

/** The form for a planned day; expected TPS = documents per second at the profile's request rate (≤100 per request). */
export function preReviewForm(o: { institutionName: string; plannedDates: string; plannedDaily: number; rateLimitPerSec: number; purpose: string }): PreReviewForm {
  return {
    required: o.plannedDaily >= PRE_REVIEW_DAILY_THRESHOLD,
    plannedToday: o.plannedDaily,
    threshold: PRE_REVIEW_DAILY_THRESHOLD,
    form: {
      institutionName: o.institutionName,
      plannedDates: o.plannedDates,
      dailyCount: o.plannedDaily,
      expectedTps: Math.round(o.rateLimitPerSec * EDOC_LIMITS.bulkMaxDocuments),
      purpose: o.purpose,
    },
  };
}

export function preReview(db: Db, mailingId: string, options: { institutionName: string; rateLimitPerSec: number; purpose: string; now?: number }): PreReviewForm {
  const t = options.now ?? Date.now();
  const dayStart = seoulDayStart(t);
  const acceptedToday = (db.prepare(`SELECT count(*) n FROM documents WHERE accepted_at >= ?`).get(dayStart) as { n: number }).n;
  const pending = (db.prepare(`SELECT count(*) n FROM documents WHERE mailing_id = ? AND state IN ('DRAFT','QUEUED')`).get(mailingId) as { n: number }).n;
  const date = new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);
  return preReviewForm({ institutionName: options.institutionName, plannedDates: date, plannedDaily: acceptedToday + pending, rateLimitPerSec: options.rateLimitPerSec, purpose: options.purpose });
}
