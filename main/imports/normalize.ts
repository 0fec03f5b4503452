// Korean-list normalisation of single cell values: what staff type into Excel, turned into what the gateway
// accepts (reference kakaopay-edoc-api.md §4.2). Pure functions; the Korean messages live in messages.ts.
import { COMMON_CATEGORIES } from '../../shared/domain/edoc.ts';
import type { CommonCategory } from '../../shared/domain/edoc.ts';
import { isCalendarDate } from './grid.ts';
import type { CellValue } from './grid.ts';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

// Leading/trailing invisible characters that survive String.prototype.trim (zero-width space, word joiner).
const INVISIBLE_EDGES = /^[\u200B\u2060]+|[\u200B\u2060]+$/g;

/**
 * Text of a cell: NFC, trimmed, '' → null. Numbers print without exponent for integers; `="0101234"`
 * (the formula trick people use to keep leading zeros in CSV) is unwrapped.
 */
export function cellText(v: CellValue): string | null {
  if (v === null) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = Number.isInteger(v) ? BigInt(v).toString() : String(v);
  else if (typeof v === 'boolean') s = v ? 'TRUE' : 'FALSE';
  else s = `${v.y}-${pad2(v.m)}-${pad2(v.d)}`;
  // Line breaks inside a cell become \n whatever the file used (CRLF in CSV, LF in xlsx).
  s = s.normalize('NFC').replace(/\r\n?/g, '\n').trim().replace(INVISIBLE_EDGES, '').trim();
  const formula = /^="(.*)"$/s.exec(s);
  if (formula?.[1] !== undefined) s = formula[1].trim();
  return s === '' ? null : s;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * Phone: strip - . ( ) and spaces, +82 → 0, and put back the leading 0 Excel drops from numeric cells
 * (1012345678 → 01012345678; 111234567 → 0111234567). Korean mobile numbers start with 01.
 */
export function normalizePhone(raw: string): Parsed<string> {
  let s = raw.normalize('NFKC').replace(/[\s\-.()]/g, '');
  if (s.startsWith('+82')) s = `0${s.slice(3).replace(/^0+/, '')}`;
  else if (/^821\d{8,9}$/.test(s)) s = `0${s.slice(2)}`;
  if (/^1\d{8,9}$/.test(s)) s = `0${s}`;
  if (!/^\d{10,11}$/.test(s)) return { ok: false, reason: 'format' };
  if (!s.startsWith('01')) return { ok: false, reason: 'prefix' };
  return { ok: true, value: s };
}

export type BirthdayProblem = 'format' | 'not-a-date' | 'too-old' | 'future';

/** Today in Asia/Seoul as YYYYMMDD (Korea has no DST: UTC+9 all year). */
export function todayInSeoul(nowMs: number = Date.now()): string {
  const d = new Date(nowMs + 9 * 3_600_000);
  return `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}`;
}

/** Excel serial day (1900 system, with Lotus' phantom 1900-02-29 at serial 60) → calendar date. */
function fromExcelSerial(serial: number): { y: number; m: number; d: number } {
  const day = Math.floor(serial);
  const base = day < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  const dt = new Date(base + day * 86_400_000);
  return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate() };
}

const DATE_PATTERNS: readonly RegExp[] = [
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})\.?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/,
  /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일?$/,
];

/**
 * Birthday → YYYYMMDD. Accepts date cells, Excel serials, YYYYMMDD as text or number, YYYY-MM-DD,
 * YYYY.MM.DD, YYYY/MM/DD and 'YYYY년 M월 D일'. A real calendar date, from 1900 (the gateway's pattern
 * is (19|20)YY), and not after today in Korea.
 */
export function normalizeBirthday(v: CellValue, today: string): Parsed<string> & { problem?: BirthdayProblem } {
  let ymd: { y: number; m: number; d: number } | null = null;
  if (isCalendarDate(v)) ymd = { y: v.y, m: v.m, d: v.d };
  else if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 10_000_000 && v <= 99_999_999) ymd = splitYmd(String(v));
    else if (v >= 1 && v < 100_000) ymd = fromExcelSerial(v);
  } else if (typeof v === 'string') {
    const s = v.normalize('NFKC').trim();
    for (const re of DATE_PATTERNS) {
      const m = re.exec(s);
      if (m) {
        ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
        break;
      }
    }
  }
  if (ymd === null) return { ok: false, reason: 'format', problem: 'format' };
  if (!isRealDate(ymd.y, ymd.m, ymd.d)) return { ok: false, reason: 'not-a-date', problem: 'not-a-date' };
  if (ymd.y < 1900) return { ok: false, reason: 'too-old', problem: 'too-old' };
  const out = `${ymd.y}${pad2(ymd.m)}${pad2(ymd.d)}`;
  if (out > today) return { ok: false, reason: 'future', problem: 'future' };
  return { ok: true, value: out };
}

function splitYmd(s: string): { y: number; m: number; d: number } {
  return { y: Number(s.slice(0, 4)), m: Number(s.slice(4, 6)), d: Number(s.slice(6, 8)) };
}

function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const YES = new Set(['y', 'yes', '예', '네', 'o', 'true', '1', '참']);
const NO = new Set(['n', 'no', '아니오', '아니요', 'x', 'false', '0', '거짓']);

/** Y/N, 예/아니오, true/false, 1/0 (and boolean cells). */
export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (typeof v === 'boolean') return { ok: true, value: v };
  const s = cellText(v)?.normalize('NFKC').toLowerCase();
  if (s !== undefined && YES.has(s)) return { ok: true, value: true };
  if (s !== undefined && NO.has(s)) return { ok: true, value: false };
  return { ok: false, reason: 'format' };
}

/** Whole days, e.g. 30, "30" or "30일". */
export function parseDays(v: CellValue, max: number): Parsed<number> {
  const s = cellText(v)?.normalize('NFKC');
  const m = s === undefined ? null : /^(\d{1,6})\s*일?$/.exec(s);
  if (!m) return { ok: false, reason: 'format' };
  const n = Number(m[1]);
  if (n < 1 || n > max) return { ok: false, reason: 'range' };
  return { ok: true, value: n };
}

// Korean button/category names staff use for the gateway codes (reference §4.3).
const CATEGORY_ALIASES: Readonly<Record<string, CommonCategory>> = {
  기본: 'Default',
  고지서: 'BILL',
  고지서납부: 'BILL_PAY',
  납부: 'BILL_PAY',
  안내문: 'NOTICE',
  계약서: 'CONTRACT',
  리포트: 'REPORT',
  보고서: 'REPORT',
};

/**
 * One or more categories separated by , ; or |. Codes match case-insensitively and are sent in their
 * canonical spelling ('Default' is mixed case and must be sent literally, reference §4.3).
 */
export function parseCategories(raw: string): Parsed<CommonCategory[]> {
  const out: CommonCategory[] = [];
  for (const part of raw.split(/[,;|]/)) {
    const token = part.normalize('NFKC').trim().replace(/\s+/g, '');
    if (token === '') continue;
    const code =
      COMMON_CATEGORIES.find((c) => c.toUpperCase() === token.toUpperCase()) ?? CATEGORY_ALIASES[token];
    if (code === undefined) return { ok: false, reason: token };
    if (!out.includes(code)) out.push(code);
  }
  if (out.length === 0) return { ok: false, reason: raw };
  return { ok: true, value: out };
}

const HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7AF\uD7B0-\uD7FF]/;

export type LinkProblem = 'hangul' | 'not-http' | 'too-long';

/** Link checks of reference §4.2 (no Hangul, http(s), ≤100 characters); every problem found is returned. */
export function linkProblems(link: string, max: number): LinkProblem[] {
  const out: LinkProblem[] = [];
  if (HANGUL.test(link)) out.push('hangul');
  // Same pattern as shared/domain/edoc.ts linkSchema (lower-case scheme, no whitespace).
  if (!/^https?:\/\/[^\s]+$/.test(link)) out.push('not-http');
  if (link.length > max) out.push('too-long');
  return out;
}
