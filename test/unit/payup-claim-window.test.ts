// Issue 16 (session 16): a claim answers with the columns the engine needs of each row it took IN_FLIGHT — id, what
// to send, whether an earlier attempt was ambiguous — not the whole row, while the journal records what it always
// did: the row IN_FLIGHT with its attempt counted and sent_at set, and its timeline a `sending` step naming the attempt.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPayupCancelReads } from '../../main/payup/cancel-reads.ts';
import { createPayupJournal, type PayupJournal } from '../../main/payup/journal.ts';
import { claimedWindowSchema } from '../../main/payup/journal-writer-protocol.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

let db: Db;
let journal: PayupJournal;
let reads: ReturnType<typeof createPayupCancelReads>;

beforeEach(() => {
  const dir = tempDir('docdesk-payup-claim-');
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  let t = 1_000;
  journal = createPayupJournal(db, () => (t += 10));
  reads = createPayupCancelReads(db);
});

afterEach(() => db.close());

const claimedOf = (tx: string, batchId: string | null, reason: string, unknownCount = 0) => ({
  id: reads.cancel(tx)?.id,
  transactionId: tx,
  reason,
  batchId,
  unknownCount,
  state: 'IN_FLIGHT',
});

it('a batch claim answers the narrow rows, in file order, and records the attempt as before', () => {
  journal.createBatch('B-1', 'b.csv', 'sandbox', [
    { sourceRow: 2, transactionId: 'TX-A', reason: '고객 요청', amount: '1000', error: null },
    { sourceRow: 3, transactionId: 'TX-BAD', reason: '', amount: null, error: '거래번호가 없습니다.' },
    { sourceRow: 4, transactionId: 'TX-B', reason: '중복 결제 "환불"\n', amount: null, error: null },
  ]);
  const window = journal.step([], undefined, { batchId: 'B-1', limit: 10, afterRow: 0 });
  expect(window).toEqual({ rows: [claimedOf('TX-A', 'B-1', '고객 요청'), claimedOf('TX-B', 'B-1', '중복 결제 "환불"\n')], lastRow: 4 });
  // What crosses to the main thread is what it parses there.
  expect(claimedWindowSchema.parse(window)).toEqual(window);
  const a = reads.cancel('TX-A');
  expect(a).toMatchObject({ state: 'IN_FLIGHT', attempts: 1, unknownCount: 0 });
  expect(reads.events(a?.id ?? -1).map((e) => [e.kind, e.data])).toEqual([
    ['queued', { batchId: 'B-1', sourceRow: 2 }],
    ['sending', { attempt: 1 }],
  ]);
  expect(db.prepare('SELECT count(*) FROM payup_cancels WHERE sent_at IS NULL').pluck().get()).toBe(0);
  // Nothing left after the last file row claimed.
  expect(journal.step([], undefined, { batchId: 'B-1', limit: 10, afterRow: 4 })).toEqual({ rows: [], lastRow: 4 });
});

it('a row retried after an ambiguous attempt is claimed with its unknown count, its second attempt recorded', () => {
  journal.createBatch('B-2', 'b.csv', 'sandbox', [{ sourceRow: 2, transactionId: 'TX-U', reason: '재시도', amount: null, error: null }]);
  const first = journal.step([], undefined, { batchId: 'B-2', limit: 1, afterRow: 0 });
  const id = first?.rows[0]?.id ?? -1;
  journal.step([{ id, kind: 'unknown', reason: 'timeout' }], undefined, null);
  journal.resolve('TX-U', 'retry', 'tester');
  expect(journal.step([], undefined, { batchId: 'B-2', limit: 1, afterRow: 0 })).toEqual({ rows: [claimedOf('TX-U', 'B-2', '재시도', 1)], lastRow: 2 });
  expect(reads.events(id).map((e) => [e.kind, e.data]).filter(([k]) => k === 'sending')).toEqual([
    ['sending', { attempt: 1 }],
    ['sending', { attempt: 2 }],
  ]);
});

it('a single cancel claim answers the same narrow row; a row already taken answers an empty window', () => {
  const { row } = journal.enqueue('TX-ONE', '단건 취소', null, 'sandbox');
  expect(journal.step([], undefined, { cancelId: row.id })).toEqual({ rows: [claimedOf('TX-ONE', null, '단건 취소')], lastRow: 0 });
  expect(reads.cancel('TX-ONE')).toMatchObject({ state: 'IN_FLIGHT', attempts: 1 });
  expect(journal.step([], undefined, { cancelId: row.id })).toEqual({ rows: [], lastRow: 0 });
});
