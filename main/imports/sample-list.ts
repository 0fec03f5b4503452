// Realistic Korean recipient list (.xlsx, written with SheetJS) for the demo, training and benchmarks.
// Deterministic for a seed. Phone suffixes drive the sandbox gateway's per-item outcomes:
// 9999 NOT_FOUND, 4444 FORBIDDEN (수신거부), 5000 INTERNAL_ERROR once, 7777 and 6666 (~1% each);
// every other phone avoids those suffixes and 8888/5001, which the sandbox also reserves.
import fs from 'node:fs/promises';
import path from 'node:path';
import * as XLSX from 'xlsx';
import type { CellObject, WorkSheet } from 'xlsx';
import { columnLetter } from './columns.ts';
import { seededRandom } from './seeded-random.ts';

export const SAMPLE_SPECIAL_SUFFIXES = ['9999', '4444', '5000', '7777', '6666'] as const;
export type SampleSpecialSuffix = (typeof SAMPLE_SPECIAL_SUFFIXES)[number];
/** Suffixes an ordinary sample phone never ends in. */
export const SAMPLE_RESERVED_SUFFIXES: readonly string[] = [...SAMPLE_SPECIAL_SUFFIXES, '8888', '5001'];

export const SAMPLE_INVALID_KINDS = ['bad-phone', 'future-birthday', 'long-name', 'missing-name'] as const;
export type SampleInvalidKind = (typeof SAMPLE_INVALID_KINDS)[number];

export type SampleListOptions = { rows?: number; seed?: number; sheetName?: string };

export type SampleListSummary = {
  filePath: string;
  sheet: string;
  /** Sheet row of the header (row 1 is a merged title line, as in many real lists). */
  headerRow: number;
  rows: number;
  /** Sheet row numbers of the deliberately invalid rows, by kind. */
  invalid: Record<SampleInvalidKind, number[]>;
  /** How many valid rows carry each special phone suffix. */
  special: Record<SampleSpecialSuffix, number>;
};

export const DEFAULT_SAMPLE_ROWS = 1_000;
const BLOCK = 100; // each block of 100 rows holds exactly 2 invalid rows and 1 row per special suffix

const SURNAMES = '김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민';
const GIVEN = '민서지현준우예도하수영진성재은연유동혜승윤정태경상희주호아원석훈빈린율나미선혁철';
const NOTES = ['', '', '', '', '', '', '', '', '우편 반송 이력', '주소 변경', '담당: 민원팀', '재발송 요청'];
// More than the gateway's 20 characters (reference §4.2).
const LONG_NAMES = ['주식회사한국전자문서유통서비스센터서울지점', '사단법인대한민국전자고지서발송협의회사무국', '김수한무거북이와두루미삼천갑자동방삭치치카포'];

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

type Plan = { kind: 'ok' } | { kind: 'special'; suffix: SampleSpecialSuffix } | { kind: 'invalid'; invalid: SampleInvalidKind };

/** Positions inside one block of BLOCK rows: 2 invalid, 5 special, the rest ordinary. */
function planBlock(rand: () => number): Plan[] {
  const order = Array.from({ length: BLOCK }, (_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const plans: Plan[] = Array.from({ length: BLOCK }, () => ({ kind: 'ok' }));
  const pick = (): SampleInvalidKind => SAMPLE_INVALID_KINDS[Math.floor(rand() * SAMPLE_INVALID_KINDS.length)] ?? 'bad-phone';
  plans[order[0] as number] = { kind: 'invalid', invalid: pick() };
  plans[order[1] as number] = { kind: 'invalid', invalid: pick() };
  SAMPLE_SPECIAL_SUFFIXES.forEach((suffix, k) => {
    plans[order[2 + k] as number] = { kind: 'special', suffix };
  });
  return plans;
}

const s = (v: string): CellObject => ({ t: 's', v });

/**
 * Writes the list and returns what it contains. Columns: 번호, 성명, 휴대폰번호, 생년월일, 비고 (an extra
 * column the import ignores). Phones are text in two spellings, birthdays as text (YYYYMMDD or YYYY-MM-DD)
 * or as real date cells. Cells are built directly in SheetJS' dense form so 500,000 rows fit in memory.
 */
export async function writeSampleRecipientList(filePath: string, options: SampleListOptions = {}): Promise<SampleListSummary> {
  const rows = options.rows ?? DEFAULT_SAMPLE_ROWS;
  if (!Number.isInteger(rows) || rows < 0 || rows > 1_048_000) throw new RangeError(`rows must be 0..1048000, got ${rows}`);
  const seed = options.seed ?? 20_250_101;
  const sheet = options.sheetName ?? '수신자';
  const rand = seededRandom(seed);
  // Phone numbers: an affine bijection on 0..10^8-1 keeps ordinary numbers unique within a list.
  const multiplier = 7_654_321;
  const offset = Math.floor(rand() * 100_000_000);

  const headerRow = 2;
  const data: CellObject[][] = [
    [s('전자문서 발송 대상자 명단 (샘플)')],
    [s('번호'), s('성명'), s('휴대폰번호'), s('생년월일'), s('비고')],
  ];
  const invalid: Record<SampleInvalidKind, number[]> = { 'bad-phone': [], 'future-birthday': [], 'long-name': [], 'missing-name': [] };
  const special: Record<SampleSpecialSuffix, number> = { '9999': 0, '4444': 0, '5000': 0, '7777': 0, '6666': 0 };
  let plans: Plan[] = [];
  for (let i = 0; i < rows; i++) {
    if (i % BLOCK === 0) plans = planBlock(rand);
    const plan = plans[i % BLOCK] ?? { kind: 'ok' };
    const sheetRow = headerRow + 1 + i;

    const k = (multiplier * i + offset) % 100_000_000;
    const mid = Math.floor(k / 10_000);
    let last = k % 10_000;
    if (plan.kind === 'special') last = Number(plan.suffix);
    else while (SAMPLE_RESERVED_SUFFIXES.includes(pad(last, 4))) last = (last + 37) % 10_000;
    const digits = `010${pad(mid, 4)}${pad(last, 4)}`;
    let phone = rand() < 0.8 ? `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}` : digits;

    let name = (SURNAMES[Math.floor(rand() * SURNAMES.length)] ?? '김') +
      (GIVEN[Math.floor(rand() * GIVEN.length)] ?? '민') +
      (GIVEN[Math.floor(rand() * GIVEN.length)] ?? '서');

    const y = 1940 + Math.floor(rand() * 67);
    const m = 1 + Math.floor(rand() * 12);
    const d = 1 + Math.floor(rand() * 28);
    const style = rand();
    let birthday: CellObject =
      style < 0.7
        ? s(`${y}${pad(m, 2)}${pad(d, 2)}`)
        : style < 0.9
          ? s(`${y}-${pad(m, 2)}-${pad(d, 2)}`)
          : // A real date cell: the Excel serial with a date format (no time-zone arithmetic involved).
            { t: 'n', v: (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000, z: 'yyyy-mm-dd' };

    if (plan.kind === 'invalid') {
      invalid[plan.invalid].push(sheetRow);
      if (plan.invalid === 'bad-phone') phone = `010-${pad(Math.floor(rand() * 1000), 3)}`;
      else if (plan.invalid === 'future-birthday') birthday = s(`${2090 + Math.floor(rand() * 9)}${pad(m, 2)}${pad(d, 2)}`);
      else if (plan.invalid === 'long-name') name = LONG_NAMES[Math.floor(rand() * LONG_NAMES.length)] ?? '주식회사한국전자문서유통서비스센터서울지점';
      else name = '';
    } else if (plan.kind === 'special') {
      special[plan.suffix]++;
    }
    const note = NOTES[Math.floor(rand() * NOTES.length)] ?? '';
    const row: CellObject[] = [{ t: 'n', v: i + 1 }, name === '' ? { t: 'z' } : s(name), s(phone), birthday];
    if (note !== '') row.push(s(note));
    data.push(row);
  }

  const ws: WorkSheet = {
    '!data': data,
    '!ref': `A1:${columnLetter(4)}${Math.max(headerRow, headerRow + rows)}`,
    '!merges': [{ s: { r: 0, c: 0 }, e: { r: 0, c: 4 } }],
    '!cols': [{ wch: 8 }, { wch: 12 }, { wch: 16 }, { wch: 12 }, { wch: 16 }],
  };
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheet);
  const out: Uint8Array = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true });
  await fs.mkdir(path.dirname(path.resolve(filePath)), { recursive: true });
  await fs.writeFile(filePath, out);
  return { filePath, sheet, headerRow, rows, invalid, special };
}
