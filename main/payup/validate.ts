// Cancel request fields (seed 002 §3.4): transactionId ≤20, cancelReason ≤256 (always sent: reference B3),
// all strings (reference B2). Checked before anything is journalled or sent.
import { PayupError } from './errors.ts';

export const TRANSACTION_ID_MAX = 20;
export const CANCEL_REASON_MAX = 256;

export function validateTransactionId(raw: string): string {
  const id = raw.trim();
  if (id.length === 0) throw new PayupError('PAYUP_TRANSACTION_ID_MISSING', '거래번호(transactionId)가 비어 있습니다. PayUp 승인 응답의 거래번호를 입력하세요.');
  if (id.length > TRANSACTION_ID_MAX) {
    throw new PayupError('PAYUP_TRANSACTION_ID_INVALID', `거래번호 '${id}'는 ${id.length}자입니다. PayUp 거래번호는 최대 ${TRANSACTION_ID_MAX}자입니다.`);
  }
  // The signature joins fields with `|` (reference B4); printable ASCII only, no spaces.
  if (!/^[\x21-\x7e]+$/.test(id) || id.includes('|')) {
    throw new PayupError('PAYUP_TRANSACTION_ID_INVALID', `거래번호 '${id}'에 쓸 수 없는 문자(공백, '|', 한글 등)가 있습니다. 거래번호를 다시 확인하세요.`);
  }
  return id;
}

export function validateCancelReason(raw: string): string {
  const reason = raw.trim();
  if (reason.length === 0) throw new PayupError('PAYUP_REASON_MISSING', '취소사유가 비어 있습니다. 취소사유를 입력하세요 (PayUp 필수 항목).');
  if ([...reason].length > CANCEL_REASON_MAX) {
    throw new PayupError('PAYUP_REASON_TOO_LONG', `취소사유가 ${[...reason].length}자입니다. 최대 ${CANCEL_REASON_MAX}자로 줄여 주세요.`);
  }
  if ([...reason].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) {
    throw new PayupError('PAYUP_REASON_INVALID', '취소사유에 줄바꿈이나 제어 문자가 있습니다. 한 줄로 입력하세요.');
  }
  return reason;
}
