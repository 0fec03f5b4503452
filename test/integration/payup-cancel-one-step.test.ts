// Issue 16 step 6: a single PayUp cancel journals its row and the operator's `payup.cancel` record in ONE writer
// step. Before, the row committed on the main connection and the record in a step of its own: a record that failed
// left a QUEUED cancel nobody recorded asking for (and a restart's batch could send it). A refusal is injected in
// the record's insert (a trigger, planted as a damaged or foreign file could hold it): nothing may be written.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

let b: Backend;
let side: Db;

beforeAll(async () => {
  const dataDir = tempDir('docdesk-payup-one-step-');
  b = await createBackend({ dataDir, env: {} });
  side = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  side.exec(`CREATE TRIGGER refuse_payup_cancel_record BEFORE INSERT ON operator_actions WHEN NEW.action IN ('payup.cancel', 'payup.resolve')
             BEGIN SELECT RAISE(ABORT, 'injected: operator record refused'); END`);
}, 60_000);

afterAll(async () => {
  side?.close();
  await b?.close();
});

it('a cancel whose operator record is refused journals nothing', { timeout: 60_000 }, async () => {
  const tx = sandboxTransactionId(710_001);
  await expect(b.payup.cancel(tx, '고객 요청')).rejects.toThrow(/injected: operator record refused/);
  expect(side.prepare('SELECT count(*) FROM payup_cancels WHERE transaction_id = ?').pluck().get(tx)).toBe(0);
  expect(side.prepare(`SELECT count(*) FROM operator_actions WHERE action = 'payup.cancel'`).pluck().get()).toBe(0);
  expect(await b.payup.get(tx)).toBeNull();
});

it('an operator decision on an UNKNOWN cancel whose record is refused changes nothing', { timeout: 60_000 }, async () => {
  side.prepare(`INSERT INTO payup_cancels (transaction_id, reason, profile, state, state_at, created_at) VALUES ('T-UNK-1', '테스트', 'sandbox', 'UNKNOWN', 1, 1)`).run();
  await expect(b.payup.resolve('T-UNK-1', 'abandon')).rejects.toThrow(/injected: operator record refused/);
  expect((await b.payup.get('T-UNK-1'))?.state).toBe('UNKNOWN');
  expect(side.prepare(`SELECT count(*) FROM payup_cancel_events WHERE kind = 'resolved'`).pluck().get()).toBe(0);
});
