// Validation of one verification request before anything is journalled as sent (seed 004 §2.3.2, §4.1.1;
// reference kcp-and-payup.md A5, A8, A12). Reject, never strip: the operator is told which character is wrong.
import { resolveBankCode, type Bank } from '../../shared/domain/banks.ts';
import { analyzeCp949, unencodableCharacters } from './codec.ts';

export type KcpField = 'bankCode' | 'accountNo' | 'ownerName' | 'orderId';

export const KCP_FIELD_LABELS_KO: Record<KcpField, string> = {
  bankCode: '은행 코드',
  accountNo: '계좌번호',
  ownerName: '예금주명',
  orderId: '주문번호',
};

export type FieldProblem = { field: KcpField; code: string; message: string };

export type ValidatedRequest = {
  bank: Bank;
  /** The legacy input code when a merged bank was mapped (logged; never sent). */
  bankCodeMappedFrom: string | null;
  accountNo: string;
  ownerName: string;
  orderId: string | null;
  warnings: string[];
};

/** seed 004 §2.3.2 (사용불가 특수문자), with the Korean names of the table; `>` treated like `<` (reference A5). */
const FORBIDDEN: ReadonlyMap<string, string> = new Map([
  [',', '콤마(,)'],
  ['&', '엠퍼센트(&)'],
  [';', '세미콜론(;)'],
  ['\n', '줄바꿈'],
  ['\\', '역슬래시(\\ 또는 ₩)'],
  ['|', '파이프(|)'],
  ["'", "작은따옴표(')"],
  ['"', '큰따옴표(")'],
  ['<', '부등호(<)'],
  ['>', '부등호(>)'],
  // Not in the seed's table but structural in the module argument (reference A5): key=value separator.
  ['=', '등호(=)'],
]);

/** The forbidden characters of `text`, described in Korean (control characters 0x00–0x1F and 0x7F included). */
export function forbiddenCharacters(text: string): string[] {
  const found: string[] = [];
  for (const ch of text) {
    const named = FORBIDDEN.get(ch);
    const code = ch.codePointAt(0) ?? 0;
    const d = named ?? (code < 0x20 || code === 0x7f ? `제어 문자(0x${code.toString(16).padStart(2, '0').toUpperCase()})` : null);
    if (d !== null && !found.includes(d)) found.push(d);
  }
  return found;
}

function forbiddenProblem(field: KcpField, text: string): FieldProblem | null {
  const bad = forbiddenCharacters(text);
  if (bad.length === 0) return null;
  return {
    field,
    code: 'FORBIDDEN_CHARACTER',
    message: `${KCP_FIELD_LABELS_KO[field]}에 KCP가 허용하지 않는 문자가 있습니다: ${bad.join(', ')}. 이 문자를 빼고 다시 입력하세요(KCP 연동 가이드 2.3.2).`,
  };
}

export const OWNER_NAME_MAX_BYTES = 20;
export const ACCOUNT_NO_MAX_DIGITS = 20;
export const ORDER_ID_MAX_BYTES = 40;

/** account_no: digits only after dropping '-' and spaces (reference A5). */
export function normalizeAccountNo(raw: string): { ok: true; value: string } | { ok: false; problem: FieldProblem } {
  const forbidden = forbiddenProblem('accountNo', raw);
  if (forbidden) return { ok: false, problem: forbidden };
  const s = raw.normalize('NFKC').replace(/[\s-]/g, '');
  if (s === '') return { ok: false, problem: { field: 'accountNo', code: 'REQUIRED', message: '계좌번호를 입력하세요.' } };
  if (!/^\d+$/.test(s)) {
    return { ok: false, problem: { field: 'accountNo', code: 'NOT_DIGITS', message: `계좌번호에는 숫자만 쓸 수 있습니다('-'와 공백은 자동으로 뺍니다): '${raw}'.` } };
  }
  if (s.length > ACCOUNT_NO_MAX_DIGITS) {
    return { ok: false, problem: { field: 'accountNo', code: 'TOO_LONG', message: `계좌번호가 너무 깁니다(${s.length}자리, 최대 ${ACCOUNT_NO_MAX_DIGITS}자리).` } };
  }
  return { ok: true, value: s };
}

export function validateOwnerName(raw: string): { ok: true; value: string; warnings: string[] } | { ok: false; problem: FieldProblem } {
  const forbidden = forbiddenProblem('ownerName', raw);
  if (forbidden) return { ok: false, problem: forbidden };
  const s = raw.normalize('NFC').trim();
  if (s === '') return { ok: false, problem: { field: 'ownerName', code: 'REQUIRED', message: '예금주명을 입력하세요.' } };
  const cp = analyzeCp949(s);
  const bad = cp.encodable ? [] : unencodableCharacters(s);
  if (bad.length > 0) {
    return {
      ok: false,
      problem: {
        field: 'ownerName',
        code: 'UNENCODABLE',
        message: `예금주명에 KCP(EUC-KR)로 보낼 수 없는 글자가 있습니다: ${bad.map((c) => `'${c}'`).join(', ')}. 통장에 적힌 예금주명으로 다시 입력하세요.`,
      },
    };
  }
  // Length unit not stated by seed 004 §4.1.1: ≤20 bytes in CP949 (10 Hangul syllables), reference A8.
  const bytes = cp.bytes;
  if (bytes > OWNER_NAME_MAX_BYTES) {
    return { ok: false, problem: { field: 'ownerName', code: 'TOO_LONG', message: `예금주명이 너무 깁니다(${bytes}바이트, 최대 ${OWNER_NAME_MAX_BYTES}바이트 — 한글 10자).` } };
  }
  const warnings: string[] = [];
  const ext = cp.extension;
  if (ext.length > 0) warnings.push(`예금주명의 ${ext.map((c) => `'${c}'`).join(', ')}은(는) 확장 완성형(CP949) 글자로, KCP가 인식하지 못할 수 있습니다.`);
  if (/[^\p{Script=Hangul}\s]/u.test(s)) warnings.push('예금주명에 한글 외의 문자가 있습니다. KCP가 인식하지 못할 수 있습니다(연동 가이드 4.1.1).');
  return { ok: true, value: s, warnings };
}

export function validateOrderId(raw: string): { ok: true; value: string } | { ok: false; problem: FieldProblem } {
  const forbidden = forbiddenProblem('orderId', raw);
  if (forbidden) return { ok: false, problem: forbidden };
  const s = raw.normalize('NFC').trim();
  const cp = analyzeCp949(s);
  if (!cp.encodable || cp.bytes > ORDER_ID_MAX_BYTES) {
    return { ok: false, problem: { field: 'orderId', code: 'TOO_LONG', message: `주문번호는 EUC-KR로 ${ORDER_ID_MAX_BYTES}바이트 이내여야 합니다(영문·숫자 권장).` } };
  }
  return { ok: true, value: s };
}

/** Validates the whole request; every problem is returned, not only the first. */
export function validateRequest(input: { bankCode: string; accountNo: string; ownerName: string; orderId?: string | null | undefined }):
  | { ok: true; request: ValidatedRequest }
  | { ok: false; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const warnings: string[] = [];
  const bank = resolveBankCode(input.bankCode);
  if (!bank.ok) problems.push({ field: 'bankCode', code: 'UNKNOWN_BANK', message: bank.message });
  else if (bank.mappedFrom) warnings.push(`구 은행 코드 ${bank.mappedFrom}을(를) 현재 코드 ${bank.bank.code}(${bank.bank.nameKo})로 바꿔 보냅니다.`);
  const account = normalizeAccountNo(input.accountNo);
  if (!account.ok) problems.push(account.problem);
  const owner = validateOwnerName(input.ownerName);
  if (!owner.ok) problems.push(owner.problem);
  else warnings.push(...owner.warnings);
  let orderId: string | null = null;
  if (input.orderId !== undefined && input.orderId !== null && input.orderId.trim() !== '') {
    const o = validateOrderId(input.orderId);
    if (!o.ok) problems.push(o.problem);
    else orderId = o.value;
  }
  if (problems.length > 0 || !bank.ok || !account.ok || !owner.ok) return { ok: false, problems };
  return { ok: true, request: { bank: bank.bank, bankCodeMappedFrom: bank.mappedFrom, accountNo: account.value, ownerName: owner.value, orderId, warnings } };
}
