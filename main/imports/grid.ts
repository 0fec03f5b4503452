// The reader-neutral view of one sheet that header detection and row validation work on.
// Readers (workbook-reader.ts, csv-reader.ts) adapt their native structures lazily instead of copying
// every cell, so a 1,000,000-row sheet is held in memory once.

/** A calendar date from a date-typed cell; no time zone involved (a birthday is a day, not an instant). */
export type CalendarDate = { readonly kind: 'date'; readonly y: number; readonly m: number; readonly d: number };

export type CellValue = string | number | boolean | CalendarDate | null;

export interface SheetGrid {
  readonly name: string;
  /** Number of rows, counting from sheet row 1 (index 0) to the last row that has a cell. */
  readonly rowCount: number;
  /** Number of columns stored for one row (cells beyond it are empty). */
  rowWidth(row: number): number;
  /** 0-based row and column; empty cells are null. Merged ranges answer with their top-left value. */
  cell(row: number, col: number): CellValue;
}

export function isCalendarDate(v: CellValue): v is CalendarDate {
  return typeof v === 'object' && v !== null && v.kind === 'date';
}
