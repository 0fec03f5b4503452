// Issue 16: PayUp journal rows leave SQL through a zod parse (main/payup/cancel-rows.ts), never a cast. A value the
// table's CHECK constraints would refuse (planted with them switched off, as a damaged or foreign file holds it)
// is refused where it is read, naming the table and column.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPayupCancelReads } from '../../main/payup/cancel-reads.ts';
import { createPayupJournal, type PayupJournal } from '../../main/payup/journal.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { plantUnchecked, rowRefusal } from '../helpers/planted-rows.ts';

let db: Db;
let journal: PayupJournal;
let reads: ReturnType<typeof createPayupCancelReads>;
let batchId: string;

beforeEach(() => {
  const dir = tempDir();
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  journal = createPayupJournal(db);
  reads = createPayupCancelReads(db);
  batchId = 'B-rows-1';
  journal.createBatch(batchId, 'cancels.xlsx', 'sandbox', [
    { sourceRow: 2, transactionId: 'TX0001', reason: '고객 요청', amount: '1000', error: null },
    { sourceRow: 3, transactionId: 'TX0002', reason: '고객 요청', amount: null, error: null },
  ]);
});

afterEach(() => db.close());

it('reads well-formed rows as before', () => {
  expect(reads.cancel('TX0001')).toMatchObject({ transactionId: 'TX0001', state: 'QUEUED', amount: '1000', batchId, sourceRow: 2 });
  expect(reads.counts(batchId).QUEUED).toBe(2);
  expect(reads.batchRows(batchId).map((r) => r.disposition)).toEqual(['NEW', 'NEW']);
  expect(reads.batch(batchId)).toMatchObject({ source_file: 'cancels.xlsx', row_count: 2 });
  expect(journal.step([], undefined, { batchId, limit: 10, afterRow: 0 })?.rows.map((r) => r.state)).toEqual(['IN_FLIGHT', 'IN_FLIGHT']);
  expect(reads.events(reads.cancel('TX0001')!.id).map((e) => e.kind)).toEqual(['queued', 'sending']);
});

it('refuses a cancel whose state is none the journal knows, wherever it is read', () => {
  plantUnchecked(db, `UPDATE payup_cancels SET state = 'LOST' WHERE transaction_id = 'TX0001'`);
  expect(rowRefusal(() => reads.cancel('TX0001'))).toMatch(/^payup_cancels\.state: 저장된 값이 예상한 형태가 아닙니다/);
  expect(rowRefusal(() => reads.cancelStates(['TX0002', 'TX0001']))).toContain('payup_cancels.state:');
  expect(rowRefusal(() => reads.list())).toContain('payup_cancels.state:');
  expect(rowRefusal(() => reads.counts())).toContain('payup_cancels.state:');
});

it('refuses a batch row whose disposition is unknown', () => {
  plantUnchecked(db, `UPDATE payup_batch_rows SET disposition = 'MAYBE' WHERE source_row = 3`);
  expect(rowRefusal(() => reads.batchRows(batchId))).toContain('payup_batch_rows/payup_cancels.disposition:');
});
