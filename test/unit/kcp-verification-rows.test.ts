// Issue 16: KCP journal rows leave SQL through a zod parse (main/kcp/verification-rows.ts), never a cast. A value
// the table's CHECK constraints would refuse (planted with them switched off, as a damaged or foreign file holds
// it) is refused where it is read — the claim of a batch included — naming the table and column.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createKcpJournal, type KcpJournal, type NewVerification } from '../../main/kcp/journal.ts';
import { createKcpVerificationReads } from '../../main/kcp/verification-reads.ts';
import type { KcpReads } from '../../main/reads/docdesk-reads.ts';
import type { Synchronous } from '../../main/reads/synchronous-reads.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { plantUnchecked, rowRefusal } from '../helpers/planted-rows.ts';

let db: Db;
let journal: KcpJournal;
let reads: Synchronous<KcpReads>;
let batchId: string;

const row = (sourceRow: number): NewVerification => ({
  sourceRow,
  profile: 'sandbox',
  transport: 'socket',
  state: 'QUEUED',
  bankCodeInput: '004',
  bankCode: '004',
  accountNo: '12345678901',
  ownerName: '홍길동',
  orderId: null,
  warnings: ['합병 은행'],
});

beforeEach(() => {
  const dir = tempDir();
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  journal = createKcpJournal(db);
  reads = createKcpVerificationReads(db);
  batchId = 'B-rows-1';
  journal.createBatch(batchId, 'accounts.xlsx', 'sandbox', [row(2), row(3)]);
});

afterEach(() => db.close());

it('reads well-formed rows as before', () => {
  expect(reads.batchRows(batchId).map((r) => [r.sourceRow, r.state, r.warnings])).toEqual([
    [2, 'QUEUED', ['합병 은행']],
    [3, 'QUEUED', ['합병 은행']],
  ]);
  expect(reads.counts(batchId).QUEUED).toBe(2);
  expect(reads.batch(batchId)).toMatchObject({ state: 'RUNNING', rowCount: 2 });
  expect(journal.step(batchId, [], undefined, 10).map((r) => [r.state, r.attempts])).toEqual([
    ['IN_FLIGHT', 1],
    ['IN_FLIGHT', 1],
  ]);
  expect(reads.interrupted()).toBe(3);
});

it('refuses to claim a row whose transport is unknown, and claims nothing', () => {
  plantUnchecked(db, `UPDATE kcp_verifications SET transport = 'fax' WHERE source_row = 3`);
  expect(rowRefusal(() => journal.step(batchId, [], undefined, 10))).toMatch(/^kcp_verifications\.transport: 저장된 값이 예상한 형태가 아닙니다/);
  expect(reads.counts(batchId)).toMatchObject({ QUEUED: 2, IN_FLIGHT: 0 });
});

it('refuses stored warnings that are not a list of texts', () => {
  db.prepare(`UPDATE kcp_verifications SET warnings_json = '{"bank":1}' WHERE source_row = 2`).run();
  expect(rowRefusal(() => reads.batchRows(batchId))).toContain('kcp_verifications.warnings_json:');
});

it('refuses a batch whose state is unknown', () => {
  plantUnchecked(db, `UPDATE kcp_batches SET state = 'PAUSED'`);
  expect(rowRefusal(() => reads.batch(batchId))).toContain('kcp_batches.state:');
});
