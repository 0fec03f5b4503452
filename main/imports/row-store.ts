// Rows of a sheet as our own readers (xlsx-fast-reader.ts, csv-reader.ts) keep them: a row costs memory in
// proportion to its cells, never to its width — a row with one cell in column XFD is one value, not 16,384 — and
// once the caller knows which columns it reads (keepColumns), cells in other columns are skipped unstored.
import type { CellValue } from './grid.ts';

/** Columns of a sheet (A … XFD). */
export const SHEET_COLUMNS = 16_384;

/** A row whose cells are far apart: its columns (ascending) and their values. */
class SparseRow {
  readonly cols: readonly number[];
  readonly vals: readonly CellValue[];
  constructor(cols: readonly number[], vals: readonly CellValue[]) {
    this.cols = cols;
    this.vals = vals;
  }
}

/** Dense (index = column) when that wastes few slots; holes read as null. */
type StoredRow = CellValue[] | SparseRow;

/** A dense row may have this many empty slots beyond twice its cells. */
const DENSE_SLACK = 16;
/** Rows per block; a block whose rows are all released is dropped, so released rows cost nothing at all. */
const BLOCK_ROWS = 4096;

type Block = { rows: (StoredRow | undefined)[]; stored: number };

export class RowStore {
  readonly #blocks = new Map<number, Block>();
  #count = 0;
  #keep: Uint8Array | null = null;
  #cols: number[] = [];
  #vals: CellValue[] = [];
  #ordered = true;
  // The block of the last row looked up: validation asks for several cells of one row, rows in order.
  #cachedKey = -1;
  #cachedBlock: Block | undefined;

  /** Rows so far: sheet row 1 (index 0) up to the last row that had a stored cell. */
  get count(): number {
    return this.#count;
  }

  /** Whether a cell in `col` is stored; a reader skips the others without decoding them. */
  wants(col: number): boolean {
    return this.#keep === null || this.#keep[col] === 1;
  }

  /** From now on only cells in `cols` are stored (rows already stored stay as they are). */
  keepColumns(cols: Iterable<number>): void {
    const keep = new Uint8Array(SHEET_COLUMNS);
    for (const c of cols) if (c >= 0 && c < SHEET_COLUMNS) keep[c] = 1;
    this.#keep = keep;
  }

  /** A non-null cell of the row being read. */
  add(col: number, value: CellValue): void {
    const last = this.#cols.length - 1;
    if (last >= 0 && col <= (this.#cols[last] ?? -1)) this.#ordered = false;
    this.#cols.push(col);
    this.#vals.push(value);
  }

  /** Ends the row being read as sheet row `row + 1`; a row without stored cells leaves nothing. */
  endRow(row: number): void {
    const cols = this.#cols;
    const vals = this.#vals;
    if (cols.length === 0) return;
    this.#cols = [];
    this.#vals = [];
    if (!this.#ordered) this.#order(cols, vals);
    this.#ordered = true;
    const width = (cols[cols.length - 1] ?? 0) + 1;
    if (width > 2 * cols.length + DENSE_SLACK) {
      this.#set(row, new SparseRow(cols, vals));
      return;
    }
    const dense: CellValue[] = new Array<CellValue>(width).fill(null);
    for (let i = 0; i < cols.length; i++) dense[cols[i] ?? 0] = vals[i] ?? null;
    this.#set(row, dense);
  }

  #set(row: number, stored: StoredRow): void {
    const key = Math.floor(row / BLOCK_ROWS);
    let block = this.#blocks.get(key);
    if (block === undefined) {
      block = { rows: [], stored: 0 };
      this.#blocks.set(key, block);
      this.#cachedKey = -1;
    }
    if (block.rows[row - key * BLOCK_ROWS] === undefined) block.stored++;
    block.rows[row - key * BLOCK_ROWS] = stored;
    if (row >= this.#count) this.#count = row + 1;
  }

  #get(row: number): StoredRow | undefined {
    const key = Math.floor(row / BLOCK_ROWS);
    if (key !== this.#cachedKey) {
      this.#cachedKey = key;
      this.#cachedBlock = this.#blocks.get(key);
    }
    return this.#cachedBlock?.rows[row - key * BLOCK_ROWS];
  }

  /** Cells given out of column order: sorted, the last value of a repeated column kept (as SheetJS does). */
  #order(cols: number[], vals: CellValue[]): void {
    const byCol = new Map<number, CellValue>();
    cols.forEach((c, i) => byCol.set(c, vals[i] ?? null));
    const sorted = [...byCol.keys()].sort((a, b) => a - b);
    cols.length = 0;
    vals.length = 0;
    for (const c of sorted) {
      cols.push(c);
      vals.push(byCol.get(c) ?? null);
    }
  }

  /** One past the last stored column of the row. */
  width(row: number): number {
    const r = this.#get(row);
    if (r === undefined) return 0;
    if (r instanceof SparseRow) return (r.cols[r.cols.length - 1] ?? -1) + 1;
    return r.length;
  }

  cell(row: number, col: number): CellValue {
    const r = this.#get(row);
    if (r === undefined) return null;
    if (!(r instanceof SparseRow)) return r[col] ?? null;
    let lo = 0;
    let hi = r.cols.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = r.cols[mid] ?? 0;
      if (c === col) return r.vals[mid] ?? null;
      if (c < col) lo = mid + 1;
      else hi = mid - 1;
    }
    return null;
  }

  /** Drops rows [from, to) except `kept` (their cells will not be asked for again). */
  release(from: number, to: number, kept?: ReadonlySet<number>): void {
    for (let r = from; r < to && r < this.#count; r++) {
      if (kept?.has(r) === true) continue;
      const key = Math.floor(r / BLOCK_ROWS);
      const block = this.#blocks.get(key);
      if (block?.rows[r - key * BLOCK_ROWS] === undefined) continue;
      block.rows[r - key * BLOCK_ROWS] = undefined;
      if (--block.stored === 0) {
        this.#blocks.delete(key);
        this.#cachedKey = -1;
      }
    }
  }
}
