// Issue 16 (session 17): a PayUp claim writes no `sending` event — the attempt's outcome event carries the claim, and
// a row still IN_FLIGHT shows it from its columns — while every timeline reads exactly as the claim's own event made
// it read: same steps, times, data and member order, through every path (batch and single claims, each answer kind,
// a retry after UNKNOWN, a requeue, crash recovery). Rows a database written before holds (a stored `sending` per
// claim) read as before, also a claim stored that way and answered after the upgrade. Fails on 3df6a32: the claim
// stored a `sending` row (and cancel-timeline.ts did not exist).
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPayupCancelReads } from '../../main/payup/cancel-reads.ts';
import { cancelTimeline } from '../../main/payup/cancel-timeline.ts';
import { createPayupJournal, type PayupJournal } from '../../main/payup/journal.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

let db: Db;
let journal: PayupJournal;
let reads: ReturnType<typeof createPayupCancelReads>;

beforeEach(() => {
  const dir = tempDir('docdesk-payup-timeline-');
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  let t = 1_000;
  journal = createPayupJournal(db, () => (t += 10));
  reads = createPayupCancelReads(db);
});

afterEach(() => db.close());

const idOf = (tx: string): number => reads.cancel(tx)?.id ?? -1;
/** The timeline as the CLI prints it (`payup show`): the member order counts. */
const printed = (tx: string): string[] => reads.events(idOf(tx)).map((e) => `${e.at} ${e.kind} ${JSON.stringify(e.data)}`);
const storedCount = (): unknown => db.prepare('SELECT count(*) FROM payup_cancel_events').pluck().get();

it('every path of a batch reads as the claim event made it read, with one stored row fewer per claim', () => {
  const row = (sourceRow: number, transactionId: string) => ({ sourceRow, transactionId, reason: '일괄 취소', amount: null, error: null });
  journal.createBatch('B', 'b.csv', 'ops', [row(2, 'TX-1'), row(3, 'TX-2'), row(4, 'TX-3'), row(5, 'TX-4')]); // t 1010
  const ids = journal.step([], undefined, { batchId: 'B', limit: 4, afterRow: 0 })?.rows.map((r) => r.id) ?? []; // claimed at 1020
  expect(ids).toHaveLength(4);
  const [a, b, c, d] = ids as [number, number, number, number];
  journal.step(
    [
      { id: a, kind: 'cancelled', code: '0000', message: '취소 완료', cancelDateTime: '20261205120000' },
      { id: b, kind: 'unknown', reason: 'UND_ERR_SOCKET: 연결이 끊겼습니다' },
      { id: c, kind: 'rejected', code: '1004', message: '취소 불가 "거래"\n' },
      { id: d, kind: 'not-sent', reason: 'not started (stopped)' },
    ],
    undefined,
    null,
  ); // 1030
  journal.resolve('TX-2', 'retry', 'tester'); // 1040
  expect(journal.step([], undefined, { batchId: 'B', limit: 4, afterRow: 0 })?.rows.map((r) => r.id)).toEqual([b, d]); // 1050
  journal.step([{ id: b, kind: 'already-cancelled', code: '1005', message: '이미 취소된 거래' }], undefined, null); // 1060

  const queued = (sourceRow: number): string => `1010 queued {"batchId":"B","sourceRow":${sourceRow}}`;
  expect(printed('TX-1')).toEqual([queued(2), '1020 sending {"attempt":1}', '1030 cancelled {"code":"0000","cancelDateTime":"20261205120000"}']);
  expect(printed('TX-2')).toEqual([
    queued(3),
    '1020 sending {"attempt":1}',
    '1030 unknown {"reason":"UND_ERR_SOCKET: 연결이 끊겼습니다"}',
    '1040 resolved {"decision":"retry","actor":"tester"}',
    '1050 sending {"attempt":2}',
    '1060 already-cancelled {"code":"1005","message":"이미 취소된 거래"}',
  ]);
  expect(printed('TX-3')).toEqual([queued(4), '1020 sending {"attempt":1}', `1030 rejected ${JSON.stringify({ code: '1004', message: '취소 불가 "거래"\n' })}`]);
  // In flight: its claim is read from the row until an outcome records it.
  const tx4 = [queued(5), '1020 sending {"attempt":1}', '1030 not-sent {"reason":"not started (stopped)"}', '1050 sending {"attempt":2}'];
  expect(printed('TX-4')).toEqual(tx4);
  // 4 queued, 5 outcomes, 1 resolved: no row for the 6 claims (3df6a32 stored 16).
  expect(storedCount()).toBe(10);

  expect(journal.recoverInFlight()).toBe(1); // 1070
  expect(printed('TX-4')).toEqual([...tx4, '1070 unknown {"reason":"crash-recovery"}']);
  expect(storedCount()).toBe(11);
});

it("a single cancel's claim reads as before, in flight and answered", () => {
  const { row } = journal.enqueue('TX-ONE', '단건 취소', '1000', 'ops'); // 1010
  journal.step([], undefined, { cancelId: row.id }); // 1020
  expect(printed('TX-ONE')).toEqual(['1010 queued {"batchId":null,"sourceRow":null}', '1020 sending {"attempt":1}']);
  journal.step([{ id: row.id, kind: 'cancelled', code: '0000', message: '취소 완료', cancelDateTime: null }], undefined, null); // 1030
  expect(printed('TX-ONE')).toEqual(['1010 queued {"batchId":null,"sourceRow":null}', '1020 sending {"attempt":1}', '1030 cancelled {"code":"0000","cancelDateTime":null}']);
  expect(storedCount()).toBe(2);
});

it("a database written before reads as before: its stored claims show once, also one answered after the upgrade", () => {
  const { row } = journal.enqueue('TX-OLD', '이전 버전', null, 'ops'); // 1010
  // What 3df6a32's claim wrote: the row IN_FLIGHT and a `sending` event.
  db.prepare(`UPDATE payup_cancels SET state = 'IN_FLIGHT', state_at = 1015, attempts = 1, sent_at = 1015 WHERE id = ?`).run(row.id);
  db.prepare(`INSERT INTO payup_cancel_events (cancel_id, at, kind, data_json) VALUES (?, 1015, 'sending', '{"attempt":1}')`).run(row.id);
  const before = ['1010 queued {"batchId":null,"sourceRow":null}', '1015 sending {"attempt":1}'];
  expect(printed('TX-OLD')).toEqual(before);
  journal.step([{ id: row.id, kind: 'rejected', code: '1002', message: '서명 오류' }], undefined, null); // 1020
  expect(printed('TX-OLD')).toEqual([...before, '1020 rejected {"code":"1002","message":"서명 오류"}']);
  // An old outcome (no claim member) after an old claim: as stored.
  const old = [
    { at: 1, kind: 'queued', data_json: '{"batchId":"B","sourceRow":2}' },
    { at: 2, kind: 'sending', data_json: '{"attempt":1}' },
    { at: 3, kind: 'cancelled', data_json: '{"code":"0000","cancelDateTime":null}' },
  ];
  expect(cancelTimeline(old, null)).toEqual(old.map((e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data_json) as unknown })));
});

it('only a well-formed claim member of an outcome event is read as a claim; anything else is shown as stored', () => {
  const asStored = [
    { at: 1, kind: 'resolved', data_json: '{"decision":"retry","sending":{"at":0,"attempt":1}}' },
    { at: 2, kind: 'rejected', data_json: '{"code":"1","sending":"텍스트"}' },
    { at: 3, kind: 'unknown', data_json: '{"reason":"x","sending":{"at":1.5,"attempt":1}}' },
    { at: 4, kind: 'cancelled', data_json: '["sending"]' },
    { at: 5, kind: 'not-sent', data_json: 'null' },
    { at: 6, kind: 'sending-like', data_json: '{"sending":{"at":1,"attempt":1}}' },
  ];
  expect(cancelTimeline(asStored, null)).toEqual(asStored.map((e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data_json) as unknown })));
  // A claim member in the middle of the data: the other members keep their order.
  expect(JSON.stringify(cancelTimeline([{ at: 9, kind: 'cancelled', data_json: '{"z":1,"sending":{"at":7,"attempt":3},"a":2}' }], { at: 11, attempt: 4 }))).toBe(
    JSON.stringify([
      { at: 7, kind: 'sending', data: { attempt: 3 } },
      { at: 9, kind: 'cancelled', data: { z: 1, a: 2 } },
      { at: 11, kind: 'sending', data: { attempt: 4 } },
    ]),
  );
});
