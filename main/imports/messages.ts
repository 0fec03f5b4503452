// Korean texts of row errors: each names the field, shows what was typed and says what to do.
import { IMPORT_FIELD_LABELS_KO } from '../../shared/domain/import.ts';
import type { ImportField } from '../../shared/domain/import.ts';

/** Picks the particle after a word: 받침 → first form (은/이/을), otherwise the second (는/가/를). */
export function josa(word: string, withBatchim: string, without: string): string {
  const last = [...word].reverse().find((ch) => /[\p{L}\p{N}]/u.test(ch));
  if (last === undefined) return `${withBatchim}(${without})`;
  const code = last.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 === 0 ? without : withBatchim;
  // Digits read in Korean: 0 영, 1 일, 3 삼, 6 육, 7 칠, 8 팔 end in 받침.
  if (/[0-9]/.test(last)) return '013678'.includes(last) ? withBatchim : without;
  return `${withBatchim}(${without})`;
}

export const label = (f: ImportField): string => IMPORT_FIELD_LABELS_KO[f];

/** `label` followed by the right particle, e.g. 이름은, 휴대폰 번호는. */
export const withJosa = (f: ImportField, withBatchim: string, without: string): string =>
  `${label(f)}${josa(label(f), withBatchim, without)}`;

/** The typed value, shortened so a pasted paragraph does not flood the error list. */
export function shown(value: string): string {
  const chars = [...value];
  return chars.length > 30 ? `${chars.slice(0, 30).join('')}…` : value;
}

export const MSG = {
  required: (f: ImportField) =>
    `${withJosa(f, '이', '가')} 비어 있습니다. 이 행에 값을 입력하거나 발송 기본값을 지정해 주세요.`,
  requiredIdentity: (f: ImportField) =>
    `${withJosa(f, '이', '가')} 비어 있습니다. 휴대폰 번호로 보낼 때는 이름·휴대폰 번호·생년월일이 모두 필요합니다.`,
  tooLong: (f: ImportField, max: number, length: number) =>
    `${withJosa(f, '은', '는')} 최대 ${max}자까지 입력할 수 있습니다 (현재 ${length}자). 내용을 줄여 주세요.`,
  phoneFormat: (raw: string) => `휴대폰 번호는 숫자 10~11자리여야 합니다 (입력값: ${shown(raw)}). 번호를 확인해 주세요.`,
  phonePrefix: (raw: string) =>
    `휴대폰 번호는 010처럼 01로 시작하는 휴대폰 번호여야 합니다 (입력값: ${shown(raw)}). 번호를 확인해 주세요.`,
  birthdayFormat: (raw: string) =>
    `생년월일은 19900101 또는 1990-01-01 형식의 날짜여야 합니다 (입력값: ${shown(raw)}).`,
  birthdayNotADate: (raw: string) => `생년월일이 달력에 없는 날짜입니다 (입력값: ${shown(raw)}). 날짜를 확인해 주세요.`,
  birthdayTooOld: (raw: string) => `생년월일은 1900년 이후여야 합니다 (입력값: ${shown(raw)}). 날짜를 확인해 주세요.`,
  birthdayFuture: (raw: string) => `생년월일이 오늘 이후의 날짜입니다 (입력값: ${shown(raw)}). 날짜를 확인해 주세요.`,
  linkHangul: (raw: string) =>
    `링크에는 한글을 쓸 수 없습니다 (입력값: ${shown(raw)}). 영문 주소를 쓰거나 한글 부분을 URL 인코딩해 주세요.`,
  linkNotHttp: (raw: string) =>
    `링크는 공백 없이 http:// 또는 https://로 시작해야 합니다 (입력값: ${shown(raw)}).`,
  category: (raw: string, allowed: readonly string[]) =>
    `분류는 ${allowed.join(', ')} 중에서 입력해 주세요 (입력값: ${shown(raw)}).`,
  verifyName: (raw: string) =>
    `실명 확인 여부는 Y/N, 예/아니오, true/false, 1/0 중 하나로 입력해 주세요 (입력값: ${shown(raw)}).`,
  expires: (raw: string, max: number) =>
    `열람 만료 일수는 1~${max} 사이의 정수(일)로 입력해 주세요 (입력값: ${shown(raw)}).`,
  noRecipient: () => '수신자 정보가 없습니다. CI 또는 이름·휴대폰 번호·생년월일을 입력해 주세요.',
  bothForms: () =>
    'CI와 휴대폰 번호·생년월일이 함께 입력되어 있어 어느 쪽으로 보낼지 알 수 없습니다. CI로 보내려면 휴대폰 번호와 생년월일을 지우고(이름은 표시용으로 남겨도 됩니다), 휴대폰 번호로 보내려면 CI를 지워 주세요.',
  duplicate: (firstRow: number) =>
    `${firstRow}행과 같은 수신자입니다. 같은 문서가 두 번 가지 않도록 이 행은 제외했습니다. 의도한 것이 아니라면 ${firstRow}행과 이 행을 확인해 주세요.`,
} as const;
