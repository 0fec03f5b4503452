// Writes one table (header + rows) to an .xlsx file with every text cell neutralised (formula-guard.ts).
// Text cells are written as type 's' so nothing is re-interpreted as a number, date or formula.
import path from 'node:path';
import * as XLSX from 'xlsx';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { neutralizeCell, type ExportCell } from './formula-guard.ts';

export function tableToSheet(header: readonly string[], rows: readonly (readonly ExportCell[])[]): XLSX.WorkSheet {
  const aoa = [header.map((h) => neutralizeCell(h)), ...rows.map((r) => r.map((c) => neutralizeCell(c)))];
  return XLSX.utils.aoa_to_sheet(aoa, { cellDates: false });
}

export type XlsxTable = { sheetName: string; header: readonly string[]; rows: readonly (readonly ExportCell[])[] };

/** Writes atomically (temp file + rename), so a half-written export never looks complete; owner-only (0600). */
export function writeXlsxTable(filePath: string, sheetName: string, header: readonly string[], rows: readonly (readonly ExportCell[])[]): void {
  writeXlsxTables(filePath, [{ sheetName, header, rows }]);
}

/** One sheet per table, in order; the same guards and atomic write as writeXlsxTable. */
export function writeXlsxTables(filePath: string, tables: readonly XlsxTable[]): void {
  const wb = XLSX.utils.book_new();
  for (const t of tables) XLSX.utils.book_append_sheet(wb, tableToSheet(t.header, t.rows), t.sheetName.slice(0, 31));
  const data = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  writeFileAtomic(path.resolve(filePath), data);
}
