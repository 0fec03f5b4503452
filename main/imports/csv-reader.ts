// CSV/TSV reader: encoding detection and RFC 4180 parsing. Every cell stays text, so phone numbers keep
// their leading 0 (SheetJS' CSV reader would turn 01012345678 into a number).
import iconv from 'iconv-lite';
import type { SheetGrid } from './grid.ts';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'cp949' | 'utf-16le' | 'utf-16be';

/**
 * UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise CP949 — the superset of EUC-KR that
 * Korean Excel writes for "CSV (쉼표로 분리)". UTF-16 with BOM is Excel's "유니코드 텍스트".
 */
export function decodeText(buf: Uint8Array): { text: string; encoding: CsvEncoding } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf.subarray(2)), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf.subarray(2)), encoding: 'utf-16be' };
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: new TextDecoder('utf-8', { fatal: false }).decode(buf.subarray(3)), encoding: 'utf-8-bom' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength), 'cp949'), encoding: 'cp949' };
  }
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

/**
 * RFC 4180: fields separated by `delimiter`, records by CRLF, LF or CR; a quoted field may hold delimiters,
 * line breaks and "" for a quote. Lenient where Excel is: text after a closing quote is kept, and an
 * unterminated quote runs to the end of the file. Empty fields are null.
 */
export function parseCsv(
  text: string,
  delimiter: string,
  onProgress?: (doneChars: number, totalChars: number) => void,
): (string | null)[][] {
  const rows: (string | null)[][] = [];
  const n = text.length;
  const d = delimiter.charCodeAt(0);
  let row: (string | null)[] = [];
  let i = 0;
  let nextReport = 1 << 20;
  while (i < n) {
    // One field per iteration.
    let value: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let out = '';
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) {
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
      let k = j;
      while (k < n && !isFieldEnd(text.charCodeAt(k), d)) k++;
      value = out + text.slice(j, k);
      i = k;
    } else {
      let k = i;
      while (k < n && !isFieldEnd(text.charCodeAt(k), d)) k++;
      value = text.slice(i, k);
      i = k;
    }
    row.push(value === '' ? null : value);
    const c = i < n ? text.charCodeAt(i) : -1;
    if (c === d) {
      i++;
      if (i === n) row.push(null);
      continue;
    }
    // End of record (line break or end of text).
    if (c === 13 /* \r */ && text.charCodeAt(i + 1) === 10) i += 2;
    else if (c === 13 || c === 10) i++;
    rows.push(row);
    row = [];
    if (onProgress && i >= nextReport) {
      onProgress(i, n);
      nextReport = i + (1 << 20);
    }
  }
  if (row.length > 0) rows.push(row);
  onProgress?.(n, n);
  return rows;
}

function isFieldEnd(c: number, d: number): boolean {
  return c === d || c === 10 || c === 13;
}

export function csvGrid(name: string, rows: (string | null)[][]): SheetGrid {
  return {
    name,
    rowCount: rows.length,
    rowWidth: (r) => rows[r]?.length ?? 0,
    cell: (r, c) => rows[r]?.[c] ?? null,
  };
}
