// CSV/TSV reader: encoding detection and RFC 4180 parsing, streamed from the file. Every cell stays text, so phone
// numbers keep their leading 0 (SheetJS' CSV reader would turn 01012345678 into a number). Only the records not
// yet validated are held, and one record is bounded in length and in fields (limits.ts): 100 MB of commas on
// one line is refused within its first chunk.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import type { SheetGrid } from './grid.ts';
import type { InputFile } from './input-file.ts';
import { MAX_CSV_FIELDS, MAX_CSV_RECORD_CHARS, refuse } from './limits.ts';
import { RowStore } from './row-store.ts';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'cp949' | 'utf-16le' | 'utf-16be';

/**
 * Bytes decoded and parsed per readMore() call. Small, so the rows of one chunk die young: with 1 MiB a file of
 * very short lines kept half a million rows alive at once and grew the heap; a 500,000-row list reads as fast.
 */
const TEXT_CHUNK_BYTES = 64 * 1024;
/** Bytes per read while checking that the file is UTF-8. */
const CHECK_CHUNK_BYTES = 8 * 1024 * 1024;

const BOM_BYTES: Readonly<Record<CsvEncoding, number>> = { 'utf-8': 0, 'utf-8-bom': 3, cp949: 0, 'utf-16le': 2, 'utf-16be': 2 };

/** Length of `buf` up to the last character boundary (a multi-byte UTF-8 sequence cut by the chunk stays out). */
function utf8Boundary(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back++) {
    const b = buf[buf.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back for the lead byte
    if (b < 0x80) return buf.length;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return back >= need ? buf.length : buf.length - back;
  }
  return buf.length;
}

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise CP949 — the superset of EUC-KR that
 * Korean Excel writes for "CSV (쉼표로 분리)". UTF-16 with BOM is Excel's "유니코드 텍스트". Without a BOM the
 * whole file is checked, a chunk at a time and without decoding it, before any record is parsed: a file that
 * turns out not to be UTF-8 at its end must not have had its first rows read as UTF-8.
 */
export async function detectEncoding(file: InputFile, onProgress?: (done: number, total: number) => void): Promise<CsvEncoding> {
  const head = file.head;
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8-bom';
  // One buffer for the whole pass: a character cut by the chunk's end is moved to its start before the next read.
  const buf = Buffer.allocUnsafe(CHECK_CHUNK_BYTES + 3);
  let carried = 0;
  for (let position = 0; position < file.size; ) {
    const bytes = await file.read(position, CHECK_CHUNK_BYTES, buf.subarray(carried));
    if (bytes.length === 0) break;
    position += bytes.length;
    const data = buf.subarray(0, carried + bytes.length);
    const end = position >= file.size ? data.length : utf8Boundary(data);
    if (!isUtf8(data.subarray(0, end))) return 'cp949';
    carried = data.copy(buf, 0, end);
    onProgress?.(position, file.size);
  }
  return 'utf-8';
}

type TextDecoding = { write(bytes: Buffer): string; end(): string };

function decoderFor(encoding: CsvEncoding): TextDecoding {
  if (encoding === 'cp949') {
    const d = iconv.getDecoder('cp949');
    return { write: (b) => d.write(b), end: () => d.end() ?? '' };
  }
  const label = encoding === 'utf-16le' || encoding === 'utf-16be' ? encoding : 'utf-8';
  const d = new TextDecoder(label, { fatal: false, ignoreBOM: encoding === 'utf-8' });
  return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() };
}

const CANDIDATE_DELIMITERS = [',', '\t', ';'] as const;

/** The candidate that occurs most often outside quotes in the first 64 KiB (',' on a tie or none). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(CANDIDATE_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  const end = Math.min(text.length, 65_536);
  for (let i = 0; i < end; i++) {
    const ch = text[i] as string;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  }
  let best = ',';
  for (const d of CANDIDATE_DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

const isFieldEnd = (c: number, d: number): boolean => c === d || c === 10 || c === 13;

/**
 * RFC 4180: fields separated by `delimiter`, records by CRLF, LF or CR; a quoted field may hold delimiters, line
 * breaks and "" for a quote. Lenient where Excel is: text after a closing quote is kept, and an unterminated quote
 * runs to the end of the file. Parses the complete records of `text` into `store` (empty fields are not stored)
 * as sheet rows from `firstRow`; returns where the first incomplete record starts and the next row. Unless
 * `final`, a record that reaches the end of `text` is incomplete (its end may be in the next chunk).
 */
export function parseRecords(
  text: string,
  delimiter: string,
  final: boolean,
  store: RowStore,
  firstRow: number,
): { consumed: number; nextRow: number } {
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let row = firstRow;
  let recordStart = 0;
  let i = 0;
  let cols: number[] = [];
  let vals: string[] = [];
  let col = 0;
  while (i < n) {
    // One field per iteration; `k` ends it.
    let value: string;
    let k: number;
    if (text.charCodeAt(i) === 34 /* " */) {
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1 || (q === n - 1 && !final)) {
          // Unterminated so far (a closing quote may be next), or a quote that may be the first of "".
          if (!final) return { consumed: recordStart, nextRow: row };
          out += text.slice(j);
          j = n;
          break;
        }
        out += text.slice(j, q);
        if (text.charCodeAt(q + 1) === 34) {
          out += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      // Excel keeps characters between the closing quote and the delimiter.
      k = j;
      while (k < n && !isFieldEnd(text.charCodeAt(k), d)) k++;
      value = out + text.slice(j, k);
    } else {
      k = i;
      while (k < n && !isFieldEnd(text.charCodeAt(k), d)) k++;
      value = text.slice(i, k);
    }
    if (k - recordStart > MAX_CSV_RECORD_CHARS) throw refuse.csvRecord(row + 1);
    const c = k < n ? text.charCodeAt(k) : -1;
    // A field or record end cut by the chunk (or a CR whose LF may follow) is decided with the next chunk.
    if (!final && (c === -1 || (c === 13 && k + 1 >= n))) return { consumed: recordStart, nextRow: row };
    if (col >= MAX_CSV_FIELDS) throw refuse.csvFields(row + 1);
    if (value !== '' && store.wants(col)) {
      cols.push(col);
      vals.push(value);
    }
    col++;
    if (c === d) {
      i = k + 1;
      if (i < n || final) continue;
      return { consumed: recordStart, nextRow: row };
    }
    // End of record (line break or end of text).
    i = c === 13 && text.charCodeAt(k + 1) === 10 ? k + 2 : c === 13 || c === 10 ? k + 1 : k;
    endRecord();
    recordStart = i;
  }
  // A final record ending in a delimiter (its last field empty).
  if (col > 0) endRecord();
  return { consumed: n, nextRow: row };

  function endRecord(): void {
    for (let f = 0; f < cols.length; f++) store.add(cols[f] ?? 0, vals[f] ?? null);
    store.endRow(row);
    row++;
    cols = [];
    vals = [];
    col = 0;
  }
}

/**
 * The file as a progressive sheet named `name`: each readMore() decodes and parses the next chunk, so the
 * validation and storing of the first rows start before the file is read to its end.
 */
export async function openCsv(
  file: InputFile,
  name: string,
  onRead?: (done: number, total: number) => void,
): Promise<{ encoding: CsvEncoding; grid: SheetGrid }> {
  onRead?.(0, file.size);
  const encoding = await detectEncoding(file, onRead);
  onRead?.(file.size, file.size);
  const decoder = decoderFor(encoding);
  const store = new RowStore();
  let position = BOM_BYTES[encoding];
  const chunk = Buffer.allocUnsafe(TEXT_CHUNK_BYTES); // reused: the decoder copies what it reads
  let pending = '';
  let delimiter: string | null = null;
  let row = 0;
  let complete = false;

  const readMore = async (): Promise<boolean> => {
    if (complete) return false;
    const bytes = await file.read(position, TEXT_CHUNK_BYTES, chunk);
    position += bytes.length;
    const final = bytes.length === 0 || position >= file.size;
    pending += decoder.write(bytes);
    if (final) pending += decoder.end();
    delimiter ??= detectDelimiter(pending);
    const parsed = parseRecords(pending, delimiter, final, store, row);
    row = parsed.nextRow;
    pending = pending.slice(parsed.consumed);
    if (pending.length > MAX_CSV_RECORD_CHARS) throw refuse.csvRecord(row + 1);
    complete = final;
    return !complete;
  };
  await readMore();
  const grid: SheetGrid = {
    name,
    get rowCount() {
      return store.count;
    },
    rowWidth: (r) => store.width(r),
    cell: (r, c) => store.cell(r, c),
    readMore,
    // Rows so far scaled by the bytes still to read: for progress only.
    get declaredRowCount() {
      return complete ? row : Math.round((row * file.size) / Math.max(1, position));
    },
    releaseRows: (from, to) => store.release(from, to),
    keepColumns: (cols) => store.keepColumns(cols),
  };
  return { encoding, grid };
}
