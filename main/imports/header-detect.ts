// Header-row detection and automatic column mapping. Korean lists often start with a title row, a date line
// or a merged "수신자 정보" band, so the header is searched in the first rows rather than assumed at row 1.
import type { ColumnMapping, ImportField } from '../../shared/domain/import.ts';
import { columnLetter } from './columns.ts';

/** Rows searched for the header (sheet rows 1..20). */
export const HEADER_SEARCH_ROWS = 20;

// Synonyms as they appear after normalizeHeader (lower case, no spaces/punctuation, no "(…)" hints).
const SYNONYMS: Readonly<Record<ImportField, readonly string[]>> = {
  name: ['이름', '성명', '수신자', '수신자명', '수신자이름', '고객명', '받는사람', 'name', 'receivername'],
  phone: [
    '휴대폰',
    '휴대폰번호',
    '휴대전화',
    '휴대전화번호',
    '핸드폰',
    '핸드폰번호',
    '전화번호',
    '연락처',
    '휴대폰연락처',
    'phone',
    'phonenumber',
    'mobile',
    'mobilenumber',
    'cellphone',
  ],
  birthday: ['생년월일', '생일', '생년월일8자리', 'birthday', 'birth', 'birthdate', 'dateofbirth', 'dob'],
  ci: ['ci', '연계정보', '연계정보ci', 'ci연계정보'],
  title: ['제목', '문서제목', 'title'],
  link: ['링크', 'url', 'link', '링크url', '랜딩url'],
  message: ['메시지', '메세지', '안내문구', '안내메시지', '알림톡문구', 'message'],
  payload: ['payload', '페이로드'],
  csNumber: ['고객센터번호', '고객센터전화번호', '고객센터연락처', 'csnumber'],
  csName: ['고객센터명', '고객센터이름', '고객센터', 'csname'],
  category: ['분류', '카테고리', '문서분류', 'category', 'categories', 'commoncategories'],
  hash: ['해시', '해시값', 'hash'],
  expiresInDays: ['만료일수', '열람만료일수', '열람기한일수', 'expires', 'expiresindays', 'expiredays'],
  verifyName: ['실명확인', '실명확인여부', '이름확인', 'verify', 'verifyname', 'isrequiredverifyname'],
  bridgeContent: ['추가내용', '상세내용', 'bridge', 'bridgecontent'],
};

const LOOKUP: ReadonlyMap<string, ImportField> = new Map(
  (Object.entries(SYNONYMS) as [ImportField, readonly string[]][]).flatMap(([field, names]) =>
    names.map((n) => [n, field] as const),
  ),
);

/**
 * Case-, space- and punctuation-insensitive form of a header: "휴대폰 번호(필수)" → "휴대폰번호",
 * "CS_Number" → "csnumber", "* 성명" → "성명". Bracketed hints like "(필수)" or "[YYYYMMDD]" are dropped.
 */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\([^)]*\)|\[[^\]]*\]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function headerField(raw: unknown): ImportField | undefined {
  if (typeof raw !== 'string') return undefined;
  return LOOKUP.get(normalizeHeader(raw));
}

export type HeaderDetection = {
  /** 1-based sheet row of the header. */
  headerRow: number;
  mapping: ColumnMapping;
  /** Header cells that no field took (unknown names, or a second column for an already mapped field). */
  unmappedColumns: { column: string; header: string }[];
};

/**
 * Picks, among the first HEADER_SEARCH_ROWS rows, the row whose cells name the most distinct fields (the
 * earliest on a tie) and maps each field to the first column naming it. Returns null when no row names any
 * field. `sheetRows[i][j]` is sheet row i+1, column j (A=0); merged header cells should already carry their
 * value in every covered cell (readers do that), but a value only in the top-left cell works as well.
 */
export function detectHeaderAndMapping(sheetRows: ReadonlyArray<ReadonlyArray<unknown>>): HeaderDetection | null {
  let best: { row: number; score: number } | null = null;
  const limit = Math.min(sheetRows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const fields = new Set<ImportField>();
    for (const cell of sheetRows[r] ?? []) {
      const f = headerField(cell);
      if (f !== undefined) fields.add(f);
    }
    if (fields.size > 0 && (best === null || fields.size > best.score)) best = { row: r, score: fields.size };
  }
  if (best === null) return null;
  const mapping: ColumnMapping = {};
  const unmappedColumns: { column: string; header: string }[] = [];
  const headerCells = sheetRows[best.row] ?? [];
  let previous: unknown = undefined;
  headerCells.forEach((cell, c) => {
    const text = typeof cell === 'string' ? cell.trim() : typeof cell === 'number' ? String(cell) : '';
    const f = headerField(cell);
    // A header merged across columns repeats its text: only the first column takes the field.
    const repeatOfMerged = cell === previous && text !== '';
    previous = cell;
    if (f !== undefined && mapping[f] === undefined) mapping[f] = columnLetter(c);
    else if (text !== '' && !repeatOfMerged) unmappedColumns.push({ column: columnLetter(c), header: text });
  });
  return { headerRow: best.row + 1, mapping, unmappedColumns };
}
