// The sandbox bank: a few accounts and the result codes the simulated gateway answers. KCP's real codes for a
// wrong holder or an unknown account are NOT public (reference kcp-and-payup.md A11); these are the sandbox's
// own, documented in main/sandbox/README.md, and clients must treat every code but 0000 as "not verified".

export const SANDBOX_KCP_SITE_CD = 'T0000';
/** Public sandbox-only site key (not a secret: it only opens the loopback simulator). */
export const SANDBOX_KCP_SITE_KEY = 'SANDBOX-KCP-SITEKEY-0001';

export const SANDBOX_KCP_CODES = {
  ok: { code: '0000', message: '정상처리' },
  wrongOwner: { code: '8201', message: '예금주 성명 불일치' },
  unknownAccount: { code: '8202', message: '계좌번호 오류(존재하지 않는 계좌)' },
  closedAccount: { code: '8203', message: '해지 또는 거래중지 계좌' },
  badBank: { code: '8204', message: '은행 코드 오류' },
  badMessage: { code: '8999', message: '기타오류' },
  siteAuth: { code: '9101', message: '상점 인증 오류(site_cd/site_key)' },
} as const;

export type SandboxAccount = { bankCode: string; accountNo: string; owner: string; closed?: boolean };

export const SANDBOX_KCP_ACCOUNTS: readonly SandboxAccount[] = [
  { bankCode: '04', accountNo: '12345678901234', owner: '홍길동' },
  { bankCode: '88', accountNo: '110123456789', owner: '김철수' },
  { bankCode: '20', accountNo: '1002123456789', owner: '이영희' },
  { bankCode: '90', accountNo: '3333011234567', owner: '박민수' },
  { bankCode: '71', accountNo: '01234567890123', owner: '강감찬' },
  { bankCode: '35', accountNo: '1234567890', owner: '고한라' },
  { bankCode: '81', accountNo: '12391012345607', owner: '최뷁순' },
  { bankCode: '11', accountNo: '3020000123456', owner: '정다은', closed: true },
];

/** Codes the sandbox accepts in bk_code: the current 2-digit table of seed 004 (never a merged bank's old code). */
export const SANDBOX_BANK_CODES: ReadonlySet<string> = new Set([
  '02', '03', '04', '07', '11', '20', '23', '27', '31', '32', '34', '35', '37', '39', '45', '48', '54', '64', '71', '81', '88', '89', '90',
]);

export function lookup(bankCode: string, accountNo: string, owner: string): { code: string; message: string } {
  if (!SANDBOX_BANK_CODES.has(bankCode)) return SANDBOX_KCP_CODES.badBank;
  const acc = SANDBOX_KCP_ACCOUNTS.find((a) => a.bankCode === bankCode && a.accountNo === accountNo);
  if (!acc) return SANDBOX_KCP_CODES.unknownAccount;
  if (acc.closed) return SANDBOX_KCP_CODES.closedAccount;
  if (acc.owner.replace(/\s/g, '') !== owner.replace(/\s/g, '')) return SANDBOX_KCP_CODES.wrongOwner;
  return SANDBOX_KCP_CODES.ok;
}
