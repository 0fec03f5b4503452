// A batch preview reads the journal's states of all its transactions in ONE read (PayupReads.cancelStates, issue 16:
// a server database would otherwise answer one round trip per file row). It must answer every state the journal
// holds, for every id it holds — however many are asked — and nothing for an id it does not hold.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPayupCancelReads } from '../../main/payup/cancel-reads.ts';
import { createPayupJournal, type PayupJournal } from '../../main/payup/journal.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { journalEveryState } from '../helpers/payup-journal-states.ts';
import { queryPlan, recordPreparedSql } from '../helpers/sql-plans.ts';
import { tempDir } from '../helpers/test-backend.ts';

let db: Db;
let journal: PayupJournal;
let reads: ReturnType<typeof createPayupCancelReads>;

beforeEach(() => {
  const dir = tempDir();
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  journal = createPayupJournal(db);
  reads = createPayupCancelReads(db);
});

afterEach(() => db.close());

it('answers the state of every journalled transaction asked, and nothing for those never journalled', () => {
  const expected = journalEveryState(journal, (c) => `TX-${c}`);
  const asked = ['TX-NEVER-1', ...expected.keys(), 'TX-NEVER-2'];
  expect(reads.cancelStates(asked)).toEqual(expected);
  expect(new Set(expected.values()).size).toBe(7);
  expect(reads.cancelStates([]).size).toBe(0);
  expect(reads.cancelStates(['TX-NEVER-1']).size).toBe(0);
});

it('answers a 10,000-row batch in one statement, past any bound-parameter limit, ids with quotes and Hangul included', () => {
  const expected = journalEveryState(journal, (c) => `TX-${c}`);
  const odd = ['TX"q\'1', '거래-한글-1', 'TX\\back'];
  journal.createBatch('B-odd', 'odd.csv', 'sandbox', odd.map((transactionId, i) => ({ sourceRow: i + 2, transactionId, reason: '사유', amount: null, error: null })));
  const never = Array.from({ length: 10_000 }, (_, i) => `NEVER${String(i).padStart(8, '0')}`);
  const asked = [...never.slice(0, 5_000), ...odd, ...expected.keys(), ...never.slice(5_000)];
  const prepared = recordPreparedSql(db);
  const states = createPayupCancelReads(db).cancelStates(asked);
  expect(states).toEqual(new Map([...expected, ...odd.map((tx) => [tx, 'QUEUED'] as const)]));
  // Each asked id is looked up through UNIQUE(transaction_id): the journal is never scanned whole.
  const sql = prepared.find((s) => s.includes('json_each'));
  expect(sql).toBeDefined();
  expect(queryPlan(db, sql ?? '').filter((line) => line.includes('payup_cancels'))).toEqual([
    expect.stringMatching(/^SEARCH payup_cancels USING (COVERING )?INDEX sqlite_autoindex_payup_cancels_1 \(transaction_id=\?\)/),
  ]);
});
