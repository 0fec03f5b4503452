// Response-code table (seed 002 §4.1) and how the engine maps each answer into the journal.
import { describe, expect, it } from 'vitest';
import { answerFor } from '../../main/payup/engine.ts';
import type { PayupCancelRow } from '../../main/payup/journal.ts';
import { describePayupCode, PAYUP_CODES, payupCodeInfo } from '../../main/payup/response-codes.ts';
import { PAYUP_SANDBOX_MESSAGES } from '../../main/sandbox/payup/rules.ts';

const row = (unknownCount = 0): PayupCancelRow => ({
  id: 1, transactionId: 'T1', reason: 'r', amount: null, batchId: null, sourceRow: null, profile: 'p', state: 'IN_FLIGHT', stateAt: 0,
  attempts: 1, unknownCount, responseCode: null, responseMessage: null, cancelDateTime: null, detail: null, createdAt: 0,
});
const ok = (code: string, msg = '') => ({ kind: 'ok' as const, value: { responseCode: code, responseMsg: msg, cancelDateTime: code === '0000' ? '20250101120000' : null }, status: 200, address: '127.0.0.1' });

describe('PayUp response codes', () => {
  it('has every code of seed 002 §4.1 with its message, and Korean advice', () => {
    const seedCodes = ['0000', '1001', '1002', '1003', '1004', '1005', '1006', '2001', '5001', '5002', '5003', '5004', '5005', '6001', '6002', '6003', '8001', '8002', '9001', '9002'];
    expect(PAYUP_CODES.map((c) => c.code)).toEqual(seedCodes);
    for (const c of PAYUP_CODES) {
      expect(c.message).toBe(PAYUP_SANDBOX_MESSAGES[c.code]); // the simulator and the client agree with the seed
      expect(c.advice).toMatch(/[가-힣]/);
    }
    expect(payupCodeInfo('8002').message).toBe('결제가 진행된 주문입니다.'); // [002] wins over other tables
  });

  it('shows an unknown downstream code raw with PayUp\'s message', () => {
    expect(describePayupCode('7099', '카드사 오류')).toContain('[7099] 카드사 오류');
    expect(payupCodeInfo('7099', '카드사 오류').handling).toBe('rejected');
  });

  it('uses PayUp\'s filled-in parameter name instead of the template', () => {
    expect(describePayupCode('6001', 'cancelReason은 필수입니다.')).toContain('cancelReason은 필수입니다.');
  });

  it('maps answers to journal outcomes', () => {
    expect(answerFor(row(), ok('0000', '성공'))).toMatchObject({ kind: 'cancelled', cancelDateTime: '20250101120000' });
    expect(answerFor(row(), ok('1004', '취소 대상건이 없습니다.'))).toMatchObject({ kind: 'rejected', code: '1004' });
    // 1005 on a first attempt: a refusal (confirm manually); after an ambiguous attempt: already cancelled.
    expect(answerFor(row(0), ok('1005'))).toMatchObject({ kind: 'rejected', code: '1005' });
    expect(answerFor(row(1), ok('1005'))).toMatchObject({ kind: 'already-cancelled', code: '1005' });
    expect(answerFor(row(), { kind: 'ambiguous', code: 'UND_ERR_HEADERS_TIMEOUT', message: 't', status: null })).toMatchObject({ kind: 'unknown' });
    expect(answerFor(row(), { kind: 'not-sent', code: 'ECONNREFUSED', message: 'r' })).toMatchObject({ kind: 'not-sent' });
    expect(answerFor(row(), { kind: 'rejected', status: 404, errorCode: 'HTTP_404', message: 'x' })).toMatchObject({ kind: 'rejected', code: 'HTTP_404' });
  });
});
