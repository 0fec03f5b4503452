// What the journal does with each transaction a batch or a single cancel names, whatever the journal already holds
// (main/payup/journal.ts enqueueIn): a new one gets a QUEUED row and its 'queued' event; a QUEUED one is PENDING; a
// REJECTED one is asked again (REQUEUED, a 'requeued' event) by a single cancel only; any other is SKIPPED; within a
// file a repeated id is a DUPLICATE and a row with an error INVALID. A known transaction's row and timeline are left
// exactly as they were. Read from SQLite itself, over every state.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createPayupCancelReads } from '../../main/payup/cancel-reads.ts';
import { createPayupJournal, type PayupJournal } from '../../main/payup/journal.ts';
import type { BatchInputRow } from '../../main/payup/journal-writer-protocol.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { journalEveryState } from '../helpers/payup-journal-states.ts';
import { tempDir } from '../helpers/test-backend.ts';

let db: Db;
let journal: PayupJournal;
let reads: ReturnType<typeof createPayupCancelReads>;
let clock: number;

const T0 = 1_750_000_000_000;
const tableRows = z.array(z.record(z.string(), z.unknown()));
const cancelsTable = (): unknown[] => tableRows.parse(db.prepare('SELECT * FROM payup_cancels ORDER BY id').all());
const eventsTable = (): unknown[] => tableRows.parse(db.prepare('SELECT * FROM payup_cancel_events ORDER BY id').all());
const eventsOf = (tx: string): { kind: string; data: unknown }[] => reads.events(reads.cancel(tx)?.id ?? -1).map(({ kind, data }) => ({ kind, data }));
const row = (sourceRow: number, transactionId: string, reason = '일괄 취소', amount: string | null = null, error: string | null = null): BatchInputRow => ({
  sourceRow,
  transactionId,
  reason,
  amount,
  error,
});

beforeEach(() => {
  const dir = tempDir();
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  clock = T0;
  journal = createPayupJournal(db, () => (clock += 1000));
  reads = createPayupCancelReads(db);
  journalEveryState(journal, (c) => `TX-${c}`);
});

afterEach(() => db.close());

it('a batch mixing new, QUEUED, requeued, handled, duplicate and invalid rows journals each as before', () => {
  const cancelsBefore = cancelsTable();
  const eventsBefore = eventsTable();
  const file = [
    row(2, 'TX-NEW-1', '새 취소', '-1500'),
    row(3, 'TX-QUEUED'),
    row(4, 'TX-REQUEUED'),
    row(5, 'TX-IN_FLIGHT'),
    row(6, 'TX-CANCELLED'),
    row(7, 'TX-ALREADY_CANCELLED'),
    row(8, 'TX-REJECTED'),
    row(9, 'TX-UNKNOWN'),
    row(10, 'TX-ABANDONED'),
    row(11, 'TX-NEW-1', '중복 행'),
    row(12, 'TX-CANCELLED', '중복 행'),
    row(13, 'TX-BAD', '', null, '13행 취소사유열: 비어 있습니다.'),
    row(14, 'TX-NEW-2', '새 취소 2'),
  ];
  const batchAt = clock + 1000;
  expect(journal.createBatch('B-mixed', 'mixed.csv', 'ops', file)).toEqual({ NEW: 2, REQUEUED: 0, PENDING: 2, SKIPPED: 6, DUPLICATE: 2, INVALID: 1 });

  expect(reads.batchRows('B-mixed').map((r) => [r.sourceRow, r.transactionId, r.disposition, r.state])).toEqual([
    [2, 'TX-NEW-1', 'NEW', 'QUEUED'],
    [3, 'TX-QUEUED', 'PENDING', 'QUEUED'],
    [4, 'TX-REQUEUED', 'PENDING', 'QUEUED'],
    [5, 'TX-IN_FLIGHT', 'SKIPPED', 'IN_FLIGHT'],
    [6, 'TX-CANCELLED', 'SKIPPED', 'CANCELLED'],
    [7, 'TX-ALREADY_CANCELLED', 'SKIPPED', 'ALREADY_CANCELLED'],
    [8, 'TX-REJECTED', 'SKIPPED', 'REJECTED'],
    [9, 'TX-UNKNOWN', 'SKIPPED', 'UNKNOWN'],
    [10, 'TX-ABANDONED', 'SKIPPED', 'ABANDONED'],
    [11, 'TX-NEW-1', 'DUPLICATE', 'QUEUED'],
    [12, 'TX-CANCELLED', 'DUPLICATE', 'CANCELLED'],
    [13, 'TX-BAD', 'INVALID', null],
    [14, 'TX-NEW-2', 'NEW', 'QUEUED'],
  ]);
  expect(reads.batch('B-mixed')).toEqual({ id: 'B-mixed', source_file: 'mixed.csv', profile: 'ops', row_count: 13, created_at: batchAt });

  // The rows the journal already held, and the whole timeline before, are untouched; the new rows come after.
  expect(cancelsTable().slice(0, cancelsBefore.length)).toEqual(cancelsBefore);
  expect(eventsTable().slice(0, eventsBefore.length)).toEqual(eventsBefore);
  expect(cancelsTable().slice(cancelsBefore.length)).toEqual([
    expect.objectContaining({ transaction_id: 'TX-NEW-1', reason: '새 취소', amount: '-1500', batch_id: 'B-mixed', source_row: 2, profile: 'ops', state: 'QUEUED', state_at: batchAt, created_at: batchAt, attempts: 0, sent_at: null }),
    expect.objectContaining({ transaction_id: 'TX-NEW-2', reason: '새 취소 2', amount: null, batch_id: 'B-mixed', source_row: 14, profile: 'ops', state: 'QUEUED', state_at: batchAt, created_at: batchAt }),
  ]);
  expect(reads.cancel('TX-BAD')).toBeNull();
  expect(eventsTable()).toHaveLength(eventsBefore.length + 2);
  expect(eventsOf('TX-NEW-1')).toEqual([{ kind: 'queued', data: { batchId: 'B-mixed', sourceRow: 2 } }]);
  expect(eventsOf('TX-NEW-2')).toEqual([{ kind: 'queued', data: { batchId: 'B-mixed', sourceRow: 14 } }]);

  // The batch sends what is QUEUED for it, in file order: its new rows and the pending ones.
  expect(journal.step([], undefined, { batchId: 'B-mixed', limit: 100, afterRow: 0 })?.rows.map((r) => r.transactionId)).toEqual(['TX-NEW-1', 'TX-QUEUED', 'TX-REQUEUED', 'TX-NEW-2']);
});

it('running the same file again journals nothing new: every row is PENDING, SKIPPED, DUPLICATE or INVALID', () => {
  const file = [row(2, 'TX-NEW-1'), row(3, 'TX-CANCELLED'), row(4, 'TX-NEW-1'), row(5, 'TX-BAD', '', null, '5행 오류')];
  expect(journal.createBatch('B-1', 'again.csv', 'ops', file)).toEqual({ NEW: 1, REQUEUED: 0, PENDING: 0, SKIPPED: 1, DUPLICATE: 1, INVALID: 1 });
  const cancelsBefore = cancelsTable();
  const eventsBefore = eventsTable();
  expect(journal.createBatch('B-2', 'again.csv', 'ops', file)).toEqual({ NEW: 0, REQUEUED: 0, PENDING: 1, SKIPPED: 1, DUPLICATE: 1, INVALID: 1 });
  expect(cancelsTable()).toEqual(cancelsBefore);
  expect(eventsTable()).toEqual(eventsBefore);
});

it('a single cancel: NEW with its queued event, PENDING when QUEUED, REQUEUED when REJECTED, SKIPPED otherwise', () => {
  const cancelsBefore = cancelsTable();
  const eventsBefore = eventsTable();
  const asked = (tx: string) => journal.enqueue(tx, '단건 요청', null, 'ops');

  const fresh = asked('TX-SINGLE');
  expect(fresh.disposition).toBe('NEW');
  expect(fresh.row).toMatchObject({ transactionId: 'TX-SINGLE', reason: '단건 요청', amount: null, batchId: null, sourceRow: null, profile: 'ops', state: 'QUEUED', attempts: 0 });
  expect(eventsOf('TX-SINGLE')).toEqual([{ kind: 'queued', data: { batchId: null, sourceRow: null } }]);

  expect(asked('TX-QUEUED')).toMatchObject({ disposition: 'PENDING', row: { state: 'QUEUED', reason: '먼저 요청', profile: 'sandbox' } });
  for (const tx of ['TX-IN_FLIGHT', 'TX-CANCELLED', 'TX-ALREADY_CANCELLED', 'TX-UNKNOWN', 'TX-ABANDONED']) expect(asked(tx).disposition, tx).toBe('SKIPPED');
  expect(cancelsTable().slice(0, cancelsBefore.length)).toEqual(cancelsBefore);

  const requeuedAt = clock + 1000;
  expect(asked('TX-REJECTED')).toMatchObject({
    disposition: 'REQUEUED',
    row: { state: 'QUEUED', stateAt: requeuedAt, reason: '단건 요청', amount: null, batchId: 'B-before', sourceRow: 6, profile: 'ops', responseCode: '1004' },
  });
  expect(eventsTable().slice(0, eventsBefore.length)).toEqual(eventsBefore);
  expect(eventsOf('TX-REJECTED').slice(-1)).toEqual([{ kind: 'requeued', data: { batchId: null, previousCode: '1004' } }]);
  expect(eventsTable()).toHaveLength(eventsBefore.length + 2);
});
