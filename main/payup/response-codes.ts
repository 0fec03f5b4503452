// PayUp response codes (seed 002 §4.1, reference kcp-and-payup.md B5) with Korean advice for the operator and
// how the cancel journal treats each one. [002] wins over other public tables (8002, 9002).
export type PayupCodeHandling =
  /** 0000: the transaction is cancelled. */
  | 'cancelled'
  /** PayUp says the transaction cannot be cancelled in its state: possibly cancelled already; confirm manually. */
  | 'possibly-cancelled'
  /** Definite refusal: recorded as REJECTED(code); the operator fixes the cause. */
  | 'rejected';

export type PayupCodeInfo = {
  code: string;
  /** PayUp's own message, as printed in seed 002 §4.1. */
  message: string;
  /** What the operator should do next (Korean). */
  advice: string;
  handling: PayupCodeHandling;
};

const T = (code: string, message: string, advice: string, handling: PayupCodeHandling = 'rejected'): PayupCodeInfo => ({ code, message, advice, handling });

export const PAYUP_CODES: readonly PayupCodeInfo[] = [
  T('0000', '성공', '취소가 완료되었습니다.', 'cancelled'),
  T('1001', '등록되지 않은 서비스아이디 입니다.', '프로필의 가맹점 아이디(payup.merchantId)가 PayUp에 등록된 값인지 확인하세요.'),
  T('1002', '제휴사 프로세스 생성 오류', 'PayUp 쪽 일시 오류입니다. 잠시 후 다시 시도하세요.'),
  T('1003', '정산 대상 금액 부족으로 취소가 불가 합니다.', '정산 잔액이 부족합니다. PayUp 담당자와 수기 처리하고 보류하세요.'),
  T('1004', '취소 대상건이 없습니다.', '거래번호(transactionId)가 맞는지 확인하세요.'),
  T('1005', '취소 가능 상태가 아닙니다.', '이미 취소되었을 수 있습니다. PayUp 관리자 화면에서 거래 상태를 확인하세요.', 'possibly-cancelled'),
  T('1006', '취소 update 에러!', 'PayUp에서 취소 처리 중 오류가 났습니다. PayUp 관리자 화면에서 취소 여부를 확인하세요.'),
  T('2001', '전문 검증에러!(관리자에게 문의 부탁드립니다.)', '서명 검증 실패입니다. apiCertKey와 가맹점 아이디를 확인하세요.'),
  T('5001', '결제 금액이 최소 결제 금액 보다 작습니다.', '결제 요청용 코드입니다. 취소에서는 PayUp 담당자에게 문의하세요.'),
  T('5002', '결제 금액이 최대 결제 금액 보다 큼니다.', '결제 요청용 코드입니다. 취소에서는 PayUp 담당자에게 문의하세요.'),
  T('5003', '가맹점 일한도 초과! 관리자에게 문의 부탁드립니다.', 'PayUp 담당자에게 한도를 문의하세요.'),
  T('5004', '가맹점 월한도 초과! 관리자에게 문의 부탁드립니다.', 'PayUp 담당자에게 한도를 문의하세요.'),
  T('5005', '이행보증보험 한도 초과! 관리자에게 문의 부탁드립니다.', 'PayUp 담당자에게 한도를 문의하세요.'),
  T('6001', '{파라미터명}은 필수입니다.', '빠진 값(거래번호, 취소사유)을 채워 다시 요청하세요.'),
  T('6002', '{파라미터명}이 잘못되었습니다.', '값의 형식과 길이(거래번호 20자, 취소사유 256자)를 확인하세요.'),
  T('6003', '파라미터를 확인해주세요.', '요청 값을 확인하세요.'),
  T('8001', '주문정보가 없습니다.', '거래번호가 맞는지 확인하세요.'),
  T('8002', '결제가 진행된 주문입니다.', 'PayUp 관리자 화면에서 거래 상태를 확인하세요.'),
  T('9001', '관리자에게 문의해주세요.', 'PayUp 담당자에게 문의하세요.'),
  T('9002', '결과코드(res_cd)가 0000이 아닙니다.', 'PayUp 담당자에게 문의하세요.'),
];

const BY_CODE: ReadonlyMap<string, PayupCodeInfo> = new Map(PAYUP_CODES.map((c) => [c.code, c]));

/**
 * The table entry for a code. Codes outside [002] are downstream payment/authentication errors (seed 002:
 * "위 응답코드 외 오류는 결제/인증 오류입니다"): shown raw with PayUp's own message, treated as a refusal.
 */
export function payupCodeInfo(code: string, responseMsg?: string): PayupCodeInfo {
  const known = BY_CODE.get(code);
  if (known) return known;
  return {
    code,
    message: responseMsg && responseMsg.length > 0 ? responseMsg : '결제/인증 오류',
    advice: '표에 없는 결제/인증 오류입니다. 코드와 메시지를 PayUp 담당자에게 전달하세요.',
    handling: 'rejected',
  };
}

/** The operator-facing line: `[1004] 취소 대상건이 없습니다. — 거래번호(transactionId)가 맞는지 확인하세요.` */
export function describePayupCode(code: string, responseMsg?: string): string {
  const info = payupCodeInfo(code, responseMsg);
  // PayUp fills {파라미터명} itself; its own message is more precise than the template.
  const msg = BY_CODE.has(code) && responseMsg && info.message.includes('{') ? responseMsg : info.message;
  return `[${code}] ${msg} — ${info.advice}`;
}
