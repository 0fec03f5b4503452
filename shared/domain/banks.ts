// Bank codes for NHN KCP account verification (seed 004 §6.1; reference kcp-and-payup.md A12), with Korean
// names for the UI's bank picker. Runtime-neutral: the renderer imports this file as it is.
import { z } from 'zod';

export const bankSchema = z.object({
  /** The 2-digit code sent to KCP (bk_code). */
  code: z.string().regex(/^\d{2}$/),
  nameKo: z.string(),
  /** false = not in seed 004's table (reference A12): the operator must confirm before a verification. */
  kcpVerified: z.boolean(),
  note: z.string().optional(),
});
export type Bank = z.infer<typeof bankSchema>;

/**
 * Current codes. 35 = 제주은행 and 71 = 우체국 follow the KFTC standard and KCP's refund-bank table; seed 004
 * prints them swapped (reference A12 "Conflict: 35 and 71"): confirm with KCP before go-live.
 */
export const BANKS: readonly Bank[] = [
  { code: '02', nameKo: '산업은행', kcpVerified: true },
  { code: '03', nameKo: '기업은행', kcpVerified: true },
  { code: '04', nameKo: '국민은행', kcpVerified: true },
  { code: '07', nameKo: '수협', kcpVerified: true },
  { code: '11', nameKo: '농협', kcpVerified: true },
  { code: '20', nameKo: '우리은행', kcpVerified: true },
  { code: '23', nameKo: 'SC제일은행', kcpVerified: true },
  { code: '27', nameKo: '한국씨티은행', kcpVerified: true },
  { code: '31', nameKo: '대구은행', kcpVerified: true },
  { code: '32', nameKo: '부산은행', kcpVerified: true },
  { code: '34', nameKo: '광주은행', kcpVerified: true },
  { code: '35', nameKo: '제주은행', kcpVerified: true, note: '시드 문서는 71로 표기(KFTC 표준은 35) — 운영 전 KCP 확인 필요' },
  { code: '37', nameKo: '전북은행', kcpVerified: true },
  { code: '39', nameKo: '경남은행', kcpVerified: true },
  { code: '45', nameKo: '새마을금고', kcpVerified: true },
  { code: '48', nameKo: '신협', kcpVerified: true },
  { code: '54', nameKo: 'HSBC', kcpVerified: true },
  { code: '64', nameKo: '산림조합', kcpVerified: true },
  { code: '71', nameKo: '우체국', kcpVerified: true, note: '시드 문서는 35로 표기(KFTC 표준은 71) — 운영 전 KCP 확인 필요' },
  { code: '81', nameKo: 'KEB하나은행', kcpVerified: true, note: '구 외환은행 포함' },
  { code: '88', nameKo: '신한은행', kcpVerified: true },
  { code: '89', nameKo: '케이뱅크', kcpVerified: true, note: 'KCP 테스트 게이트웨이에서 아직 확인되지 않음' },
  { code: '90', nameKo: '카카오뱅크', kcpVerified: true, note: 'V 2.0.1에 추가; KCP 테스트 게이트웨이에서 아직 확인되지 않음' },
  // Not in seed 004: the common KFTC pattern, unverified for KCP (reference A12).
  { code: '12', nameKo: '단위농협(지역농축협)', kcpVerified: false, note: 'KCP 계좌인증 지원 미확인' },
  { code: '50', nameKo: '저축은행중앙회', kcpVerified: false, note: 'KCP 계좌인증 지원 미확인' },
  { code: '92', nameKo: '토스뱅크', kcpVerified: false, note: 'KCP 계좌인증 지원 미확인' },
];

/** Merged banks (seed 004 "인수 합병된 구 은행 코드"): accepted on input, never sent. */
export const LEGACY_BANK_CODES: Readonly<Record<string, { to: string; nameKo: string }>> = {
  '26': { to: '88', nameKo: '구 신한은행' },
  '21': { to: '88', nameKo: '구 조흥은행' },
  '53': { to: '27', nameKo: '구 씨티은행' },
  '06': { to: '04', nameKo: '구 주택은행' },
  '25': { to: '81', nameKo: '구 서울은행' },
  '83': { to: '20', nameKo: '구 평화은행' },
  '05': { to: '81', nameKo: '구 외환은행' },
};

const BY_CODE: ReadonlyMap<string, Bank> = new Map(BANKS.map((b) => [b.code, b]));

export type BankResolution =
  | { ok: true; bank: Bank; /** The legacy code the input used, when it was mapped. */ mappedFrom: string | null }
  | { ok: false; message: string };

/**
 * Input code → current bank. Accepts `4`, `04`, `004` (KFTC 3-digit form) and `BK04`; maps merged banks;
 * refuses anything else with a Korean message.
 */
export function resolveBankCode(input: string): BankResolution {
  const raw = input.normalize('NFKC').trim().toUpperCase();
  const m = /^(?:BK)?0*(\d{1,2})$/.exec(raw);
  if (!m?.[1]) return { ok: false, message: `은행 코드 '${input}'을(를) 알 수 없습니다. 두 자리 은행 코드(예: 04 국민은행)를 입력하세요.` };
  const code = m[1].padStart(2, '0');
  const legacy = LEGACY_BANK_CODES[code];
  const current = BY_CODE.get(legacy ? legacy.to : code);
  if (!current) return { ok: false, message: `은행 코드 '${input}'은(는) KCP 은행 코드표에 없습니다. KCP 은행 코드표(은행 목록)에서 코드를 확인하세요.` };
  return { ok: true, bank: current, mappedFrom: legacy ? code : null };
}

/** A bank by its Korean name as staff type it ("국민", "KB국민은행", "신한") — for Excel columns holding names. */
export function bankByName(name: string): Bank | undefined {
  const n = name.normalize('NFKC').replace(/\s/g, '').toUpperCase().replace(/^KB/, '').replace(/은행$/, '');
  if (n === '') return undefined;
  return BANKS.find((b) => b.nameKo.toUpperCase().replace(/은행$/, '').replace(/^KEB/, '') === n.replace(/^KEB/, ''));
}

export function bankName(code: string): string {
  return BY_CODE.get(code)?.nameKo ?? code;
}
