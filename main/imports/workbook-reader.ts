// Excel-family reader (xlsx, xls, ods, HTML/SpreadsheetML ".xls") over SheetJS in dense mode.
// Cells are converted lazily when validation asks for them; merged ranges answer with their top-left value
// so a header merged across rows or columns, or a title merged down several rows, reads as the user sees it.
import * as XLSX from 'xlsx';
import type { CellObject, WorkSheet } from 'xlsx';
import type { CellValue, SheetGrid } from './grid.ts';

/** Above this many merged cells in one sheet, further merges are ignored (guards memory on odd files). */
const MAX_MERGED_CELLS = 1_000_000;

// BIFF error codes as Excel prints them; an error cell is shown to the user, never silently blank.
const ERROR_TEXT: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

export function toCellValue(cell: CellObject | undefined): CellValue {
  if (cell === undefined || cell === null) return null;
  const v = cell.v;
  switch (cell.t) {
    case 's':
      return typeof v === 'string' ? v : v === undefined ? null : String(v);
    case 'n':
      return typeof v === 'number' && Number.isFinite(v) ? v : null;
    case 'b':
      return typeof v === 'boolean' ? v : null;
    case 'd': {
      // SheetJS 0.20 with cellDates returns dates whose UTC reading is the calendar date in the sheet.
      const d = v instanceof Date ? v : typeof v === 'string' ? new Date(v) : null;
      if (d === null || Number.isNaN(d.getTime())) return null;
      return { kind: 'date', y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
    }
    case 'e':
      return cell.w ?? (typeof v === 'number' ? (ERROR_TEXT[v] ?? '#ERROR') : '#ERROR');
    default:
      return null;
  }
}

export function sheetGrid(name: string, ws: WorkSheet): SheetGrid {
  const data = (ws['!data'] as (CellObject[] | undefined)[] | undefined) ?? [];
  const merged = new Map<number, CellValue>();
  const KEY = 20_000; // > 16384 columns of xlsx
  // Rows whose merged cells reach past their last stored cell (a header merged down from the row above).
  const widths = new Map<number, number>();
  let filled = 0;
  for (const m of ws['!merges'] ?? []) {
    const top = toCellValue(data[m.s.r]?.[m.s.c]);
    if (top === null) continue;
    const area = (m.e.r - m.s.r + 1) * (m.e.c - m.s.c + 1);
    if (filled + area > MAX_MERGED_CELLS) break;
    filled += area;
    for (let r = m.s.r; r <= m.e.r; r++) {
      for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) merged.set(r * KEY + c, top);
      widths.set(r, Math.max(widths.get(r) ?? 0, m.e.c + 1));
    }
  }
  return {
    name,
    rowCount: data.length,
    rowWidth: (r) => Math.max(data[r]?.length ?? 0, widths.get(r) ?? 0),
    cell: (r, c) => {
      const v = toCellValue(data[r]?.[c]);
      if (v !== null || merged.size === 0) return v;
      return merged.get(r * KEY + c) ?? null;
    },
  };
}

export type ReadWorkbookResult = { sheetNames: string[]; hidden: Set<string>; sheets: Record<string, WorkSheet> };

/**
 * Parses the workbook (only `onlySheet` when given). Throws whatever SheetJS throws on a corrupt file;
 * the caller turns it into an ImportError.
 */
export function readWorkbook(buf: Uint8Array, onlySheet?: string): ReadWorkbookResult {
  const wb = XLSX.read(buf, {
    type: 'buffer',
    dense: true,
    cellDates: true,
    cellText: false,
    cellHTML: false,
    cellFormula: false,
    cellStyles: false,
    ...(onlySheet !== undefined ? { sheets: onlySheet } : {}),
  });
  const hidden = new Set<string>();
  wb.Workbook?.Sheets?.forEach((s, i) => {
    const n = s.name ?? wb.SheetNames[i];
    if (s.Hidden && n !== undefined) hidden.add(n);
  });
  return { sheetNames: wb.SheetNames, hidden, sheets: wb.Sheets };
}

/** Sheet names only (does not parse cells). */
export function readSheetNames(buf: Uint8Array): string[] {
  return XLSX.read(buf, { type: 'buffer', bookSheets: true }).SheetNames;
}
