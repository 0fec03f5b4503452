// A PayUp journal holding one transaction in each state it knows, reached through the journal's own steps (claim,
// answers, resolve, a single cancel's re-ask), for the tests of what a batch or a preview does with each.
import { expect } from 'vitest';
import type { PayupJournal } from '../../main/payup/journal.ts';
import type { PayupCancelStateName } from '../../shared/domain/payup.ts';

/** Every state, and REQUEUED: REJECTED, then asked again by a single cancel, so QUEUED again. */
export const JOURNAL_STATE_CASES = ['QUEUED', 'IN_FLIGHT', 'CANCELLED', 'ALREADY_CANCELLED', 'REJECTED', 'UNKNOWN', 'ABANDONED', 'REQUEUED'] as const;
export type JournalStateCase = (typeof JOURNAL_STATE_CASES)[number];

/**
 * Journals `txOf(case)` for every case as batch 'B-before' (file rows 2…, reason '먼저 요청', amount '1000',
 * profile 'sandbox') and brings each to its state; answers the state each transaction is left in.
 */
export function journalEveryState(journal: PayupJournal, txOf: (c: JournalStateCase) => string): Map<string, PayupCancelStateName> {
  const txs = JOURNAL_STATE_CASES.map(txOf);
  journal.createBatch('B-before', 'before.csv', 'sandbox', txs.map((transactionId, i) => ({ sourceRow: i + 2, transactionId, reason: '먼저 요청', amount: '1000', error: null })));
  const window = journal.step([], undefined, { batchId: 'B-before', limit: txs.length, afterRow: 0 });
  const id = (c: JournalStateCase): number => window?.rows.find((r) => r.transactionId === txOf(c))?.id ?? -1;
  journal.step(
    [
      { id: id('QUEUED'), kind: 'not-sent', reason: 'unreachable' },
      { id: id('CANCELLED'), kind: 'cancelled', code: '0000', message: '성공', cancelDateTime: '20250101120000' },
      { id: id('ALREADY_CANCELLED'), kind: 'already-cancelled', code: '1005', message: '취소 가능 상태가 아닙니다.' },
      { id: id('REJECTED'), kind: 'rejected', code: '1004', message: '취소 대상건이 없습니다.' },
      { id: id('REQUEUED'), kind: 'rejected', code: '1002', message: '제휴사 프로세스 생성 오류' },
      { id: id('UNKNOWN'), kind: 'unknown', reason: 'timeout' },
      { id: id('ABANDONED'), kind: 'unknown', reason: 'timeout' },
    ],
    undefined,
    null,
  );
  journal.resolve(txOf('ABANDONED'), 'abandon', 'tester');
  expect(journal.enqueue(txOf('REQUEUED'), '다시 요청', null, 'sandbox').disposition).toBe('REQUEUED');
  return new Map(JOURNAL_STATE_CASES.map((c) => [txOf(c), c === 'REQUEUED' ? 'QUEUED' : c]));
}
