// seed 001 §2.1: a day planned at ≥500,000 documents is flagged, with the five-field pre-review form filled in.
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { createMailingReads } from '../../main/mailing/mailing-reads.ts';
import { preReview } from '../../main/mailing/pre-review.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { PRE_REVIEW_FIELDS, preReviewFormText, preReviewPlanSchema } from '../../shared/domain/pre-review.ts';

it('flags a day at the 500,000 line and fills in the form', async () => {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  const q = createMailingQueries(db);
  const mailings = createMailingReads(db);
  // As DocdeskReads answers them: later.
  const reads = { acceptedBetween: async (from: number, to: number) => mailings.acceptedBetween(from, to), unsentCount: async (mailingId: string) => mailings.unsentCount(mailingId) };
  const item = { title: '고지서', receiver: { ci: 'C'.repeat(88) }, read_expired_sec: 2_592_000, property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' } };
  const id = await q.createMailing({ name: '12월 고지', profile: 'sandbox', sourceFile: 'x.xlsx', defaults: {}, report: {}, documents: [{ ...item, sourceRow: 2 }] });
  const options = { institutionName: '테스트기관', rateLimitPerSec: 20, purpose: '12월 고지' };

  const quiet = (await preReview(reads, { mailingId: id }, options));
  expect(quiet.required).toBe(false);
  expect(quiet.plannedToday).toBe(1);

  // 499,999 documents already accepted today (KST) → with this mailing the day reaches 500,000.
  const now = Date.now();
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 499999)
    INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, state, state_at, accepted_at, created_at)
    SELECT '${id}', i, 'k' || i, '', 'ACCEPTED', ${now}, ${now}, ${now} FROM n`);
  const r = (await preReview(reads, { mailingId: id }, { ...options, now }));
  expect(r.required).toBe(true);
  expect(r.plannedToday).toBe(500_000);
  const today = new Date(now + 9 * 3_600_000).toISOString().slice(0, 10);
  expect(r.form).toEqual({ institutionName: '테스트기관', plannedDates: today, dailyCount: 500_000, expectedTps: 2000, purpose: '12월 고지' });

  // The import wizard asks before the list is stored: its valid rows count instead of a mailing's.
  expect((await preReview(reads, { newDocuments: 1 }, { ...options, now })).plannedToday).toBe(500_000);
  expect((await preReview(reads, { newDocuments: 0 }, { ...options, now })).required).toBe(false);

  // The operator plans a period from tomorrow: the form says so, and tomorrow's daily count holds only this send.
  const tomorrow = new Date(now + 9 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
  const later = new Date(now + 9 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
  const planned = (await preReview(reads, { newDocuments: 600_000 }, { ...options, now, plan: { date: tomorrow, until: later } }));
  expect(planned.form.plannedDates).toBe(`${tomorrow} ~ ${later}`);
  expect(planned.form.dailyCount).toBe(600_000);
  expect(planned.plannedToday).toBe(1_099_999);

  // A planned day in the past, or a period ending before it starts, is refused in Korean.
  const yesterday = new Date(now + 9 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
  await expect(preReview(reads, { mailingId: id }, { ...options, now, plan: { date: yesterday } })).rejects.toThrow(/오늘\(.*\) 이후/);
  await expect(preReview(reads, { mailingId: id }, { ...options, now, plan: { date: later, until: tomorrow } })).rejects.toThrow(/기간을 확인하세요/);
  db.close();
});

it('words the form in the seed\'s order and names, the same for the CLI, the screens and the .xlsx', () => {
  const review = {
    required: true,
    plannedToday: 512_340,
    threshold: 500_000,
    form: { institutionName: '한빛관리사무소', plannedDates: '2026-03-02 ~ 2026-03-03', dailyCount: 512_340, expectedTps: 2000, purpose: '3월 관리비 고지서' },
    tpsBasis: { requestsPerSecond: 20, documentsPerRequest: 100 },
  };
  expect(PRE_REVIEW_FIELDS.map((f) => f.ko)).toEqual(['이용기관명', '발송예정일(기간)', '일단위 발송 건수', '예상 TPS', '발송목적']);
  expect(preReviewFormText(review).split('\n')).toEqual([
    '[카카오페이 전자문서 대량 발송 사전 검토 요청]',
    '1. 이용기관명: 한빛관리사무소',
    '2. 발송예정일(기간): 2026-03-02 ~ 2026-03-03',
    '3. 일단위 발송 건수: 512,340건',
    '4. 예상 TPS: 2,000 (문서 기준: 초당 요청 20건 × 요청당 최대 100건)',
    '5. 발송목적: 3월 관리비 고지서',
  ]);
  expect(preReviewFormText({ ...review, form: { ...review.form, institutionName: '' } })).toContain('1. 이용기관명: (미설정)');
  expect(preReviewPlanSchema.safeParse({ date: '2026-02-30' }).success).toBe(false);
  expect(preReviewPlanSchema.safeParse({ date: '2026-3-2' }).success).toBe(false);
});
