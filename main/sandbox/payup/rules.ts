// Deterministic outcomes of the sandbox PayUp, chosen by the transaction id (main/sandbox/README.md "PayUp"):
// a transaction id whose LAST FOUR characters are a non-0000 code of seed 002 §4.1 is answered with that code;
// anything else is cancelled (0000) the first time and answered 1005 afterwards (not cancellable twice).
// The sandbox is PayUp's side of the wire, so it keeps its own copy of PayUp's messages.

export const PAYUP_SANDBOX_MESSAGES: Readonly<Record<string, string>> = {
  '0000': '성공',
  '1001': '등록되지 않은 서비스아이디 입니다.',
  '1002': '제휴사 프로세스 생성 오류',
  '1003': '정산 대상 금액 부족으로 취소가 불가 합니다.',
  '1004': '취소 대상건이 없습니다.',
  '1005': '취소 가능 상태가 아닙니다.',
  '1006': '취소 update 에러!',
  '2001': '전문 검증에러!(관리자에게 문의 부탁드립니다.)',
  '5001': '결제 금액이 최소 결제 금액 보다 작습니다.',
  '5002': '결제 금액이 최대 결제 금액 보다 큼니다.',
  '5003': '가맹점 일한도 초과! 관리자에게 문의 부탁드립니다.',
  '5004': '가맹점 월한도 초과! 관리자에게 문의 부탁드립니다.',
  '5005': '이행보증보험 한도 초과! 관리자에게 문의 부탁드립니다.',
  '6001': '{파라미터명}은 필수입니다.',
  '6002': '{파라미터명}이 잘못되었습니다.',
  '6003': '파라미터를 확인해주세요.',
  '8001': '주문정보가 없습니다.',
  '8002': '결제가 진행된 주문입니다.',
  '9001': '관리자에게 문의해주세요.',
  '9002': '결과코드(res_cd)가 0000이 아닙니다.',
};

/** A code outside the table, to show that unknown downstream codes surface raw (seed 002: 결제/인증 오류). */
export const SANDBOX_DOWNSTREAM_CODE = '7099';
export const SANDBOX_DOWNSTREAM_MESSAGE = '카드사 승인취소 오류(샌드박스)';

export type SandboxPayupRule = { kind: 'cancel' } | { kind: 'code'; code: string; message: string };

export function sandboxPayupRule(transactionId: string): SandboxPayupRule {
  const ending = transactionId.slice(-4);
  if (ending === SANDBOX_DOWNSTREAM_CODE) return { kind: 'code', code: ending, message: SANDBOX_DOWNSTREAM_MESSAGE };
  if (ending !== '0000' && ending in PAYUP_SANDBOX_MESSAGES) {
    const template = PAYUP_SANDBOX_MESSAGES[ending] ?? '';
    return { kind: 'code', code: ending, message: template.replace('{파라미터명}', 'transactionId') };
  }
  return { kind: 'cancel' };
}

/**
 * A 20-character sandbox transaction id (seed 002: transactionId ≤20): `SB` + n as 14 digits + the ending.
 * `ending` '0000' (default) is cancellable; a code ending gets that code.
 */
export function sandboxTransactionId(n: number, ending = '0000'): string {
  if (!/^\d{4}$/.test(ending)) throw new RangeError('ending must be 4 digits');
  return `SB${String(n).padStart(14, '0')}${ending}`;
}
