// A small, generic table import for lists other than mailings (PayUp cancel batches, KCP verification
// batches): the same sniffing and readers (open-book.ts), header search in the first rows and header
// normalisation (header-detect.ts), with the caller's own column synonyms. Values come back as cell text.
import { columnLetter } from './columns.ts';
import { ImportError } from './errors.ts';
import { ensureRows, readAllRows } from './grid.ts';
import type { SheetGrid } from './grid.ts';
import { HEADER_SEARCH_ROWS, normalizeHeader } from './header-detect.ts';
import { openInputFile } from './input-file.ts';
import { cellText } from './normalize.ts';
import { openBook } from './open-book.ts';

export type KeyedColumn = { key: string; label: string; names: readonly string[]; required: boolean };

export type KeyedRow = { sourceRow: number; values: Record<string, string | null> };

export type KeyedTable = {
  sheet: string;
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** key → column letter. */
  columns: Record<string, string>;
  /** Data rows below the header; fully empty rows are left out. */
  rows: KeyedRow[];
};

export const KEYED_TABLE_MAX_BYTES = 50 * 1024 * 1024;

/** Reads the table; the file is bounded like an import (input-file.ts, limits.ts) and by KEYED_TABLE_MAX_BYTES. */
export async function readKeyedTable(
  filePath: string,
  columns: readonly KeyedColumn[],
  options: { sheet?: string; maxRows?: number } = {},
): Promise<KeyedTable> {
  const input = await openInputFile(filePath, KEYED_TABLE_MAX_BYTES);
  try {
    const book = await openBook(input, { streamRows: true, ...(options.sheet !== undefined ? { onlySheet: options.sheet } : {}) });
    const sheetName = options.sheet ?? book.visibleSheetNames[0] ?? book.sheetNames[0];
    if (sheetName === undefined) throw new ImportError('EMPTY_FILE', `'${input.name}'에 시트가 없습니다.`);
    return await tableOf(input.name, await book.sheet(sheetName), columns, options.maxRows ?? 1_000_000);
  } finally {
    await input.close();
  }
}

async function tableOf(fileName: string, grid: SheetGrid, columns: readonly KeyedColumn[], maxRows: number): Promise<KeyedTable> {
  await ensureRows(grid, HEADER_SEARCH_ROWS);
  const lookup = new Map<string, string>();
  for (const c of columns) for (const n of c.names) lookup.set(normalizeHeader(n), c.key);

  // The header is the row (among the first rows) naming the most of our columns; the earliest on a tie.
  let best: { row: number; map: Record<string, number> } | null = null;
  for (let r = 0; r < Math.min(grid.rowCount, HEADER_SEARCH_ROWS); r++) {
    const map: Record<string, number> = {};
    for (let c = 0; c < grid.rowWidth(r); c++) {
      const v = grid.cell(r, c);
      const key = typeof v === 'string' ? lookup.get(normalizeHeader(v)) : undefined;
      if (key !== undefined && map[key] === undefined) map[key] = c;
    }
    if (Object.keys(map).length > 0 && (best === null || Object.keys(map).length > Object.keys(best.map).length)) best = { row: r, map };
  }
  const names = columns.map((c) => `'${c.label}'`).join(', ');
  if (best === null) {
    throw new ImportError('NO_HEADER', `'${fileName}'에서 머리글 행을 찾지 못했습니다. 첫 행에 ${names} 열 이름을 넣어 주세요.`);
  }
  const missing = columns.filter((c) => c.required && best.map[c.key] === undefined);
  if (missing.length > 0) {
    throw new ImportError(
      'MISSING_FIELD',
      `'${fileName}'의 ${best.row + 1}행 머리글에 ${missing.map((c) => `'${c.label}'`).join(', ')} 열이 없습니다. 열 이름을 확인해 주세요.`,
      { missing: missing.map((c) => c.key) },
    );
  }
  grid.keepColumns?.(Object.values(best.map));
  await readAllRows(grid);
  const rows: KeyedRow[] = [];
  for (let r = best.row + 1; r < grid.rowCount; r++) {
    const values: Record<string, string | null> = {};
    let any = false;
    for (const c of columns) {
      const col = best.map[c.key];
      const text = col === undefined ? null : cellText(grid.cell(r, col));
      values[c.key] = text;
      if (text !== null) any = true;
    }
    if (!any) continue;
    if (rows.length >= maxRows) {
      throw new ImportError('TOO_MANY_ROWS', `'${fileName}'의 행이 ${maxRows.toLocaleString('ko-KR')}개를 넘습니다. 파일을 나누어 주세요.`);
    }
    rows.push({ sourceRow: r + 1, values });
  }
  const letters: Record<string, string> = {};
  for (const [k, c] of Object.entries(best.map)) letters[k] = columnLetter(c);
  return { sheet: grid.name, headerRow: best.row + 1, columns: letters, rows };
}
