// Excel-family reader (xlsx, xls, ods, HTML/SpreadsheetML ".xls") over SheetJS in dense mode.
// Cells are converted lazily when validation asks for them; merged ranges answer with their top-left value
// so a header merged across rows or columns, or a title merged down several rows, reads as the user sees it.
import * as XLSX from 'xlsx';
import type { CellObject, WorkSheet } from 'xlsx';
import { mergedGrid } from './grid.ts';
import type { CellValue, SheetGrid } from './grid.ts';

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
  return mergedGrid(name, data.length, (r) => data[r]?.length ?? 0, (r, c) => toCellValue(data[r]?.[c]), ws['!merges'] ?? []);
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
