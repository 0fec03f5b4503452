// seed 001 §2.1: a day planned at ≥500,000 documents is flagged, with the five-field pre-review form filled in.
import path from 'node:path';
import { expect, it } from 'vitest';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { preReview } from '../../main/mailing/pre-review.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

it('flags a day at the 500,000 line and fills in the form', async () => {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  const q = createMailingQueries(db);
  const item = { title: '고지서', receiver: { ci: 'C'.repeat(88) }, read_expired_sec: 2_592_000, property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' } };
  const id = await q.createMailing({ name: '12월 고지', profile: 'sandbox', sourceFile: 'x.xlsx', defaults: {}, report: {}, documents: [{ ...item, sourceRow: 2 }] });
  const options = { institutionName: '테스트기관', rateLimitPerSec: 20, purpose: '12월 고지' };

  const quiet = preReview(db, id, options);
  expect(quiet.required).toBe(false);
  expect(quiet.plannedToday).toBe(1);

  // 499,999 documents already accepted today (KST) → with this mailing the day reaches 500,000.
  const now = Date.now();
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 499999)
    INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, accepted_at, created_at)
    SELECT '${id}', i, 'k' || i, '', '{}', 'ACCEPTED', ${now}, ${now}, ${now} FROM n`);
  const r = preReview(db, id, { ...options, now });
  expect(r.required).toBe(true);
  expect(r.plannedToday).toBe(500_000);
  expect(r.form).toEqual({ institutionName: '테스트기관', plannedDates: new Date(now + 9 * 3_600_000).toISOString().slice(0, 10), dailyCount: 500_000, expectedTps: 2000, purpose: '12월 고지' });
  db.close();
});
