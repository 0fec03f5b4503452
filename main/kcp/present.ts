// Journal rows → what the UI, the CLI and exports show: masked account and holder name (evidence-and-audit.md
// §9: "bank + last 4"), and a Korean message saying what happened and what to do next.
import { bankName, resolveBankCode } from '../../shared/domain/banks.ts';
import type { KcpBatchRowResult, KcpVerificationResult } from '../../shared/domain/kcp-verification.ts';
import { maskName } from '../../shared/domain/masking.ts';
import type { VerificationRow } from './journal.ts';

export function maskAccount(bankCode: string | null, accountNo: string): string {
  const digits = accountNo.replace(/\D/g, '');
  const bank = bankCode ? bankName(bankCode).replace(/은행$/, '') : '';
  const tail = digits.length >= 8 ? `****${digits.slice(-4)}` : '*'.repeat(Math.max(digits.length, 4));
  return bank ? `${bank} ${tail}` : tail;
}

export function messageFor(r: VerificationRow): string {
  switch (r.state) {
    case 'VERIFIED':
      return `계좌 확인됨: 예금주와 계좌가 일치합니다(KCP 거래번호 ${r.tno ?? '-'}).`;
    case 'NOT_VERIFIED':
      return `확인되지 않음 (${r.resCd ?? ''}) ${r.resMsg ?? ''}. 은행·계좌번호·예금주명을 확인하세요. 같은 계좌를 거듭 조회하지 마세요(과금되거나 부정 조회로 보일 수 있음).`;
    case 'FAILED':
      return r.resCd
        ? `KCP 모듈 오류 (${r.resCd}) ${r.resMsg ?? ''}. KCP 모듈 설치와 설정(모듈 경로, 사이트 코드/키)을 확인한 뒤 다시 시도하세요.`
        : `KCP에 요청하지 못했습니다 (${r.errorCode ?? ''}) ${r.errorMessage ?? ''}. 네트워크와 설정(게이트웨이 주소, 모듈 경로)을 확인한 뒤 다시 시도하세요.`;
    case 'UNKNOWN':
      return `결과를 알 수 없습니다 (${r.errorCode ?? ''}): KCP가 요청을 받았을 수 있습니다. 주문번호 ${r.orderId ?? '-'}로 KCP 관리자 화면에서 확인하거나, 필요하면 다시 확인하세요.`;
    case 'INVALID':
      return r.errorMessage ?? '입력값이 올바르지 않아 보내지 않았습니다.';
    case 'QUEUED':
      return '대기 중 — 아직 보내지 않았습니다.';
    case 'IN_FLIGHT':
      return '확인 중입니다.';
  }
}

export function presentVerification(r: VerificationRow): KcpVerificationResult {
  const resolved = resolveBankCode(r.bankCodeInput);
  const mappedFrom = resolved.ok ? resolved.mappedFrom : null;
  return {
    id: r.id,
    state: r.state,
    verified: r.state === 'VERIFIED',
    bankCode: r.bankCode,
    bankName: r.bankCode ? bankName(r.bankCode) : null,
    bankCodeMappedFrom: mappedFrom,
    accountMasked: maskAccount(r.bankCode, r.accountNo),
    ownerMasked: r.ownerName ? maskName(r.ownerName) : '',
    orderId: r.orderId,
    resCd: r.resCd,
    resMsg: r.resMsg,
    tno: r.tno,
    appTime: r.appTime,
    appTimeMs: r.appTimeMs,
    transport: r.transport,
    message: messageFor(r),
    warnings: r.warnings,
    errorCode: r.errorCode,
  };
}

export function presentBatchRow(r: VerificationRow): KcpBatchRowResult {
  return { ...presentVerification(r), row: r.sourceRow ?? 0 };
}
