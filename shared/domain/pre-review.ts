// seed 001 §2.1 (발송 건수 제약): a day planned at ≥500,000 documents needs a pre-review request to KakaoPay, on a
// five-field form. One definition of the fields, their Korean names in the seed's order, what the operator chooses
// and the form's text, so the CLI, the screens and the .xlsx say the same thing.
import { z } from 'zod';
import type { PreReviewForm } from './mailing.ts';

/** The form's fields in the seed's order, with the seed's Korean names. */
export const PRE_REVIEW_FIELDS = [
  { key: 'institutionName', ko: '이용기관명' },
  { key: 'plannedDates', ko: '발송예정일(기간)' },
  { key: 'dailyCount', ko: '일단위 발송 건수' },
  { key: 'expectedTps', ko: '예상 TPS' },
  { key: 'purpose', ko: '발송목적' },
] as const satisfies readonly { key: keyof PreReviewForm['form']; ko: string }[];

function isCalendarDay(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number);
  const t = new Date(Date.UTC(y ?? 0, (m ?? 0) - 1, d ?? 0));
  return t.getUTCFullYear() === y && t.getUTCMonth() === (m ?? 0) - 1 && t.getUTCDate() === d;
}

/** A calendar day in Asia/Seoul, as YYYY-MM-DD. */
export const seoulDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '날짜는 YYYY-MM-DD 형식으로 입력하세요(예: 2026-03-02).')
  .refine(isCalendarDay, '달력에 없는 날짜입니다. 날짜를 확인하세요.');

/**
 * What the operator chooses on the form: the planned day (default today) or a period up to `until`, and the
 * purpose (default the mailing's name).
 */
export const preReviewPlanSchema = z.strictObject({
  date: seoulDaySchema.optional(),
  until: seoulDaySchema.optional(),
  purpose: z.string().trim().min(1, '발송 목적을 입력하세요.').max(200, '발송 목적은 200자까지 입력할 수 있습니다.').optional(),
});
export type PreReviewPlan = z.infer<typeof preReviewPlanSchema>;

/** The operator's decision when the day crosses the line: the form was sent to KakaoPay, or send without it. */
export const preReviewDecisionSchema = z.enum(['form-sent', 'proceed']);
export type PreReviewDecision = z.infer<typeof preReviewDecisionSchema>;

/** 1234567 → "1,234,567" the same in every face (the CLI's and the browser's locales may differ). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "2026-03-02", or "2026-03-02 ~ 2026-03-04" for a period. */
export function plannedDatesText(date: string, until?: string): string {
  return until !== undefined && until !== date ? `${date} ~ ${until}` : date;
}

/** Where 4. comes from; the gateway takes up to 100 documents per request, so TPS is not read as requests/s. */
export function tpsBasisText(review: PreReviewForm): string {
  return `문서 기준: 초당 요청 ${groupDigits(review.tpsBasis.requestsPerSecond)}건 × 요청당 최대 ${review.tpsBasis.documentsPerRequest}건`;
}

/** The value of one field as the form shows it. */
export function preReviewFieldText(review: PreReviewForm, key: (typeof PRE_REVIEW_FIELDS)[number]['key']): string {
  const f = review.form;
  switch (key) {
    case 'institutionName':
      return f.institutionName === '' ? '(미설정)' : f.institutionName;
    case 'dailyCount':
      return `${groupDigits(f.dailyCount)}건`;
    case 'expectedTps':
      return `${groupDigits(f.expectedTps)} (${tpsBasisText(review)})`;
    default:
      return f[key];
  }
}

/** The filled form as text to copy into a mail to the agency or KakaoPay's business contact. */
export function preReviewFormText(review: PreReviewForm): string {
  return [
    '[카카오페이 전자문서 대량 발송 사전 검토 요청]',
    ...PRE_REVIEW_FIELDS.map((field, i) => `${i + 1}. ${field.ko}: ${preReviewFieldText(review, field.key)}`),
  ].join('\n');
}

/** Whose form: a stored mailing's, or a list the import wizard has validated but not imported yet (its name and valid rows). */
export const preReviewRequestSchema = z.union([
  preReviewPlanSchema.extend({ mailingId: z.string().min(1).max(64) }),
  preReviewPlanSchema.extend({ newDocuments: z.number().int().min(0).max(10_000_000), name: z.string().trim().min(1).max(200) }),
]);
export type PreReviewRequest = z.infer<typeof preReviewRequestSchema>;

/** The decision that comes with a send on a day over the line, and the plan the operator filled in. */
export const preReviewSendSchema = preReviewPlanSchema.extend({ decision: preReviewDecisionSchema });
export type PreReviewSend = z.infer<typeof preReviewSendSchema>;
