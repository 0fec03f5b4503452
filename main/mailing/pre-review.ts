// seed 001 §2.1: a planned day of ≥500,000 documents needs a pre-review request, with a five-field form.
// "Planned today" is what the gateway accepted today (Asia/Seoul) plus what this send would add: the mailing's
// unsent documents, or the valid rows of a list the import wizard is about to import.
import { EDOC_LIMITS } from '../../shared/domain/edoc.ts';
import { PRE_REVIEW_DAILY_THRESHOLD, type PreReviewForm } from '../../shared/domain/mailing.ts';
import { plannedDatesText, type PreReviewPlan } from '../../shared/domain/pre-review.ts';
import { seoulDay, seoulDayStart, seoulDayStartOf } from '../documents/format.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import { MailingError } from './types.ts';

const DAY_MS = 86_400_000;

/** Whose documents the send would add: a stored mailing's unsent ones, or a list not imported yet. */
export type PreReviewTarget = { mailingId: string } | { newDocuments: number };

export async function preReview(
  reads: Pick<DocdeskReads, 'acceptedBetween' | 'unsentCount'>,
  target: PreReviewTarget,
  options: { institutionName: string; rateLimitPerSec: number; purpose: string; plan?: Pick<PreReviewPlan, 'date' | 'until'>; now?: number },
): Promise<PreReviewForm> {
  const t = options.now ?? Date.now();
  const today = seoulDay(t);
  const date = options.plan?.date ?? today;
  const until = options.plan?.until;
  if (date < today) throw new MailingError('PRE_REVIEW_DATE', `발송 예정일은 오늘(${today}) 이후 날짜여야 합니다(입력값: ${date}).`, 2);
  if (until !== undefined && until < date) {
    throw new MailingError('PRE_REVIEW_DATE', `발송 기간의 끝(${until})이 시작일(${date})보다 앞섭니다. 기간을 확인하세요.`, 2);
  }
  const count = (from: number) => reads.acceptedBetween(from, from + DAY_MS);
  const adding = 'mailingId' in target ? await reads.unsentCount(target.mailingId) : target.newDocuments;
  const plannedToday = (await count(seoulDayStart(t))) + adding;
  // The unsent documents go out on the first planned day (a send runs until it is done).
  const dailyCount = date === today ? plannedToday : (await count(seoulDayStartOf(date))) + adding;
  return preReviewForm({
    institutionName: options.institutionName,
    plannedDates: plannedDatesText(date, until),
    plannedToday,
    dailyCount,
    rateLimitPerSec: options.rateLimitPerSec,
    purpose: options.purpose,
  });
}

/** The form from its figures; expected TPS = documents per second at the profile's request rate (≤100 per request). */
export function preReviewForm(o: {
  institutionName: string;
  plannedDates: string;
  plannedToday: number;
  dailyCount: number;
  rateLimitPerSec: number;
  purpose: string;
}): PreReviewForm {
  return {
    required: o.plannedToday >= PRE_REVIEW_DAILY_THRESHOLD,
    plannedToday: o.plannedToday,
    threshold: PRE_REVIEW_DAILY_THRESHOLD,
    form: {
      institutionName: o.institutionName,
      plannedDates: o.plannedDates,
      dailyCount: o.dailyCount,
      expectedTps: Math.round(o.rateLimitPerSec * EDOC_LIMITS.bulkMaxDocuments),
      purpose: o.purpose,
    },
    tpsBasis: { requestsPerSecond: o.rateLimitPerSec, documentsPerRequest: EDOC_LIMITS.bulkMaxDocuments },
  };
}
