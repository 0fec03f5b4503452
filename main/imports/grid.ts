// The reader-neutral view of one sheet that header detection and row validation work on. SheetJS sheets
// (workbook-reader.ts) are adapted lazily instead of copying every cell; our own readers (xlsx-fast-reader.ts,
// csv-reader.ts) parse rows as they are asked for and keep them per cell (row-store.ts), so a 1,000,000-row list
// is never held whole.

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
  /**
   * Only on a sheet read progressively (our own .xlsx and CSV readers): rowCount so far grows as this parses
   * further rows; false once the sheet is complete. Lets validation and storing start before the whole sheet is
   * read, and keeps memory to the rows not yet validated.
   */
  readMore?: () => Promise<boolean>; // the call that reads the last rows already answers false
  /** With readMore: the row count the sheet declares (or an estimate), for progress before it is all read. */
  readonly declaredRowCount?: number;
  /** With readMore: rows [from, to) will not be asked for again, so their cells may be dropped (memory). */
  releaseRows?: (from: number, to: number) => void;
  /** With readMore: only these columns will be asked for in rows read from now on; others need not be kept. */
  keepColumns?: (cols: readonly number[]) => void;
}

/** Reads a progressive sheet until it has at least `rows` rows (or is complete). */
export async function ensureRows(grid: SheetGrid, rows: number): Promise<void> {
  while (grid.rowCount < rows && grid.readMore !== undefined && (await grid.readMore())) {
    // keep reading
  }
}

/** Reads a progressive sheet to its end. */
export async function readAllRows(grid: SheetGrid): Promise<void> {
  while (grid.readMore !== undefined && (await grid.readMore())) {
    // keep reading
  }
}

export function isCalendarDate(v: CellValue): v is CalendarDate {
  return typeof v === 'object' && v !== null && v.kind === 'date';
}

export type MergeRange = { s: { r: number; c: number }; e: { r: number; c: number } };

/** Above this many merged cells in one sheet, further merges are ignored (guards memory on odd files). */
export const MAX_MERGED_CELLS = 1_000_000;

/**
 * A grid over a reader's own cell store, with merged ranges answering with their top-left value: a header
 * merged across rows or columns, or a title merged down several rows, reads as the user sees it.
 */
export function mergedGrid(
  name: string,
  rowCount: number | (() => number),
  storedWidth: (row: number) => number,
  value: (row: number, col: number) => CellValue,
  merges: readonly MergeRange[],
): SheetGrid {
  // Covered cell → its range's top-left cell (both as row * KEY + col), read when asked: a progressive sheet
  // may not have parsed the top-left row yet when the grid is built.
  const merged = new Map<number, number>();
  const KEY = 20_000; // > 16384 columns of xlsx
  // Rows whose merged cells reach past their last stored cell (a header merged down from the row above).
  const widths = new Map<number, number>();
  let filled = 0;
  for (const m of merges) {
    const area = (m.e.r - m.s.r + 1) * (m.e.c - m.s.c + 1);
    if (filled + area > MAX_MERGED_CELLS) break;
    filled += area;
    const top = m.s.r * KEY + m.s.c;
    for (let r = m.s.r; r <= m.e.r; r++) {
      for (let c = m.s.c; c <= m.e.c; c++) if (r !== m.s.r || c !== m.s.c) merged.set(r * KEY + c, top);
      widths.set(r, Math.max(widths.get(r) ?? 0, m.e.c + 1));
    }
  }
  const count = typeof rowCount === 'number' ? () => rowCount : rowCount;
  return {
    name,
    get rowCount() {
      return count();
    },
    rowWidth: (r) => Math.max(storedWidth(r), widths.get(r) ?? 0),
    cell: (r, c) => {
      const v = value(r, c);
      if (v !== null || merged.size === 0) return v;
      const top = merged.get(r * KEY + c);
      return top === undefined ? null : value(Math.floor(top / KEY), top % KEY);
    },
  };
}
