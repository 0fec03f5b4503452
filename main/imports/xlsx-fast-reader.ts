// A narrow, fast reader for the common .xlsx layout (zip + SpreadsheetML, unprefixed elements), for the
// import's large lists: SheetJS spends most of a 100,000-row import building cell objects we read once.
// It reads only what the import uses (cell values, date formats, merged ranges, sheet names and visibility)
// and parses a sheet only when it is asked for. Anything it does not expect (zip64, encryption, 1904 dates
// in odd places, prefixed XML, a missing part) throws UnsupportedXlsx and the caller uses SheetJS instead, so
// a file this reader gets wrong is never read at all by it. Values follow workbook-reader.ts (toCellValue):
// strings, numbers, booleans, error text, and calendar dates for numbers in a date format (SheetJS cellDates).
import { inflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';
import { columnIndex } from './columns.ts';
import { mergedGrid } from './grid.ts';
import type { CalendarDate, CellValue, MergeRange, SheetGrid } from './grid.ts';

export class UnsupportedXlsx extends Error {}

export type FastBook = {
  sheetNames: string[];
  hidden: Set<string>;
  /** `progressive`: parse the rows as the caller asks for them (SheetGrid.readMore). */
  sheet(name: string, progressive?: boolean): SheetGrid;
};

const ssf = XLSX.SSF as { is_date(fmt: string): boolean; get_table(): Record<number, string | undefined> };

// ---------------------------------------------------------------------------------------------- zip

type ZipEntry = { method: number; compressedSize: number; size: number; localOffset: number };

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const min = Math.max(0, buf.length - 22 - 65_535);
  let eocd = -1;
  for (let i = buf.length - 22; i >= min; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnsupportedXlsx('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || p === 0xffffffff) throw new UnsupportedXlsx('zip64');
  const out = new Map<string, ZipEntry>();
  for (let i = 0; i < count; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new UnsupportedXlsx('bad central directory');
    const flags = buf.readUInt16LE(p + 8);
    const nameLen = buf.readUInt16LE(p + 28);
    const entry: ZipEntry = {
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    };
    if ((flags & 1) !== 0) throw new UnsupportedXlsx('encrypted zip entry');
    out.set(buf.toString('utf8', p + 46, p + 46 + nameLen), entry);
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

function unzip(buf: Buffer, e: ZipEntry): Buffer {
  const h = e.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new UnsupportedXlsx('bad local header');
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const raw = buf.subarray(start, start + e.compressedSize);
  // The declared size bounds the output: a part that inflates to more (a zip bomb, a lying header) throws.
  const data = e.method === 0 ? raw : e.method === 8 ? inflateRawSync(raw, { maxOutputLength: Math.max(1, e.size) }) : null;
  if (data === null || data.length !== e.size) throw new UnsupportedXlsx('unexpected zip entry');
  return data;
}

// ---------------------------------------------------------------------------------------------- xml

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#x([0-9a-fA-F]+)|#([0-9]+));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const OOXML_ESCAPE = /_x([0-9a-fA-F]{4})_/g;

/** XML entities, then the _xHHHH_ escapes OOXML uses for control characters (as SheetJS does). */
function unescapeXml(s: string): string {
  let out = s.includes('&')
    ? s.replace(ENTITY, (_m, name: string | undefined, hex: string | undefined, dec: string | undefined) =>
        name !== undefined ? (NAMED[name] ?? '') : String.fromCodePoint(parseInt(hex ?? dec ?? '0', hex !== undefined ? 16 : 10)),
      )
    : s;
  if (out.includes('_x')) out = out.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return out;
}

function attr(tag: string, name: string): string | undefined {
  const re = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const m = re.exec(tag);
  return m === null ? undefined : unescapeXml(m[1] ?? m[2] ?? '');
}

/** Every start tag `<name …>` or `<name …/>` in `xml`. */
function tags(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}(?=[\\s/>])[^>]*>`, 'g');
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) out.push(m[0]);
  return out;
}

/** The text of a rich or plain string (<si> or <is> content): every <t>, phonetic runs (<rPh>) left out. */
function stringItem(inner: string): string {
  const body = inner.includes('<rPh') ? inner.replace(/<rPh[\s>][\s\S]*?<\/rPh>/g, '') : inner;
  let out = '';
  const re = /<t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/t>)/g;
  for (let m = re.exec(body); m !== null; m = re.exec(body)) out += m[1] ?? '';
  return unescapeXml(out);
}

/** Refuses XML whose main elements carry a namespace prefix (<x:row>): legal, rare, left to SheetJS. */
function requireUnprefixed(xml: string, root: string): void {
  if (!new RegExp(`<${root}[\\s>]`).test(xml)) throw new UnsupportedXlsx(`no unprefixed <${root}>`);
}

// ---------------------------------------------------------------------------------------------- book

function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

function relationships(text: (path: string) => string | null, part: string): Map<string, string> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = text(relsPath);
  const out = new Map<string, string>();
  if (xml === null) return out;
  for (const t of tags(xml, 'Relationship')) {
    const id = attr(t, 'Id');
    const target = attr(t, 'Target');
    if (id !== undefined && target !== undefined && attr(t, 'TargetMode') !== 'External') out.set(id, resolvePart(part, target));
  }
  return out;
}

/** Which cell styles (index into cellXfs) show numbers as dates, by the same test SheetJS uses. */
function dateStyles(xml: string | null): boolean[] {
  if (xml === null) return [];
  const formats: Record<number, string | undefined> = { ...ssf.get_table() };
  for (const t of tags(xml, 'numFmt')) {
    const id = Number(attr(t, 'numFmtId'));
    const code = attr(t, 'formatCode');
    if (Number.isInteger(id) && code !== undefined) formats[id] = code;
  }
  const start = xml.indexOf('<cellXfs');
  const end = xml.indexOf('</cellXfs>', start);
  if (start < 0 || end < 0) return [];
  return tags(xml.slice(start, end), 'xf').map((t) => {
    const fmt = formats[Number(attr(t, 'numFmtId') ?? '0')];
    return fmt !== undefined && ssf.is_date(fmt);
  });
}

/** Returns null when the bytes are not an .xlsx this reader handles (the caller then uses SheetJS). */
export function tryReadXlsx(bytes: Uint8Array): FastBook | null {
  try {
    return readXlsx(bytes);
  } catch (e) {
    if (e instanceof UnsupportedXlsx || e instanceof RangeError) return null;
    throw e;
  }
}

function readXlsx(bytes: Uint8Array): FastBook {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries = zipEntries(buf);
  const part = (p: string): Buffer | null => {
    const e = entries.get(p);
    return e === undefined ? null : unzip(buf, e);
  };
  const text = (p: string): string | null => part(p)?.toString('utf8') ?? null;

  const rootRels = relationships(text, '');
  const workbookPath = [...rootRels.values()].find((t) => /(^|\/)workbook\d*\.xml$/i.test(t)) ?? 'xl/workbook.xml';
  const workbookXml = text(workbookPath);
  if (workbookXml === null) throw new UnsupportedXlsx('no workbook part');
  requireUnprefixed(workbookXml, 'workbook');
  const props = tags(workbookXml, 'workbookPr')[0];
  const date1904 = props !== undefined && /^(1|true)$/i.test(attr(props, 'date1904') ?? '');
  const rels = relationships(text, workbookPath);

  const sheetNames: string[] = [];
  const hidden = new Set<string>();
  const paths = new Map<string, string>();
  for (const t of tags(workbookXml, 'sheet')) {
    const name = attr(t, 'name');
    const rid = /\sr:id\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(t);
    const target = rid === null ? undefined : rels.get(rid[1] ?? rid[2] ?? '');
    if (name === undefined || target === undefined) throw new UnsupportedXlsx('sheet without a part');
    if (!entries.has(target)) throw new UnsupportedXlsx('sheet part missing (chart sheet or macro sheet?)');
    sheetNames.push(name);
    paths.set(name, target);
    const state = attr(t, 'state');
    if (state === 'hidden' || state === 'veryHidden') hidden.add(name);
  }

  const relTargets = [...rels.values()];
  const sstPath = relTargets.find((t) => /sharedStrings\d*\.xml$/i.test(t));
  const stylesPath = relTargets.find((t) => /styles\d*\.xml$/i.test(t));
  let shared: string[] | null = null;
  const sharedStrings = (): string[] => {
    if (shared !== null) return shared;
    const xml = sstPath === undefined ? null : text(sstPath);
    shared = [];
    if (xml !== null) {
      requireUnprefixed(xml, 'sst');
      const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
      for (let m = re.exec(xml); m !== null; m = re.exec(xml)) shared.push(m[1] === undefined ? '' : stringItem(m[1]));
    }
    return shared;
  };
  let dates: boolean[] | null = null;
  const isDateStyle = (s: number): boolean => {
    dates ??= dateStyles(stylesPath === undefined ? null : text(stylesPath));
    return dates[s] === true;
  };

  const parsed = new Map<string, SheetGrid>();
  return {
    sheetNames,
    hidden,
    sheet(name, progressive = false) {
      const done = parsed.get(name);
      if (done !== undefined) return done;
      const p = paths.get(name);
      const data = p === undefined ? null : part(p);
      if (data === null) throw new UnsupportedXlsx(`sheet ${name} missing`);
      const grid = parseSheet(name, data, { sharedStrings, isDateStyle, date1904 }, progressive);
      parsed.set(name, grid);
      return grid;
    },
  };
}

// ---------------------------------------------------------------------------------------------- sheet

type SheetContext = { sharedStrings(): string[]; isDateStyle(s: number): boolean; date1904: boolean };

const DAY_MS = 86_400_000;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** SheetJS numdate() read as a calendar date in UTC; serial 60 (Lotus' 1900-02-29) stays a number. */
function serialDate(v: number, date1904: boolean): CellValue {
  const n = date1904 ? v + 1462 : v;
  if (n >= 60 && n < 61) return n;
  const d = new Date((n > 60 ? n : n + 1) * DAY_MS + EXCEL_EPOCH);
  if (Number.isNaN(d.getTime())) return null;
  return { kind: 'date', y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() } satisfies CalendarDate;
}

/** A cell's value from its type, style and the <v> text (`v` undefined: no <v>), as toCellValue reads SheetJS. */
function cellValue(type: string | undefined, style: number, v: string | undefined, ctx: SheetContext): CellValue {
  switch (type) {
    case undefined:
    case 'n': {
      if (v === undefined || v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) return null;
      return ctx.isDateStyle(style) ? serialDate(n, ctx.date1904) : n;
    }
    case 's': {
      if (v === undefined || v === '') return null;
      const s = ctx.sharedStrings()[Number(v)];
      if (s === undefined) throw new UnsupportedXlsx('shared string index out of range');
      return s;
    }
    case 'str':
      return v === undefined ? '' : unescapeXml(v);
    case 'b':
      return v === undefined || v === '' ? null : v === '1' || v === 'true';
    case 'e':
      return v === undefined || v === '' ? '#ERROR' : unescapeXml(v);
    case 'd': {
      const m = v === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
      if (m === null) throw new UnsupportedXlsx('date cell not in ISO form');
      return { kind: 'date', y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
    }
    default:
      throw new UnsupportedXlsx(`cell type ${type}`);
  }
}

const ROW_CHUNK = 1 << 20;

/**
 * Rows are decoded a chunk at a time, cut after a </row>, so a 500,000-row sheet never becomes one huge string.
 * With `progressive`, only the first chunk is parsed now and readMore() parses the next (the grid's rowCount
 * grows); otherwise the whole sheet is parsed here.
 */
function parseSheet(name: string, xmlBytes: Buffer, ctx: SheetContext, progressive: boolean): SheetGrid {
  const start = xmlBytes.indexOf('<sheetData');
  if (start < 0) throw new UnsupportedXlsx('no unprefixed <sheetData>');
  let end = xmlBytes.indexOf('</sheetData>', start);
  const selfClosed = end < 0;
  if (selfClosed) end = xmlBytes.indexOf('>', start) + 1;
  // Merged ranges come after the rows in the file; they are read first so a progressive grid has them all.
  const merges: MergeRange[] = [];
  for (const t of tags(xmlBytes.toString('utf8', end), 'mergeCell')) {
    const ref = attr(t, 'ref');
    const m = ref === undefined ? null : /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
    if (m === null) continue;
    merges.push({ s: { r: Number(m[2]) - 1, c: columnIndex(m[1] ?? '') }, e: { r: Number(m[4]) - 1, c: columnIndex(m[3] ?? '') } });
  }
  const rows: (CellValue[] | undefined)[] = [];
  let rowIndex = -1;
  let pos = selfClosed ? end : start;
  let bytes: Buffer | null = xmlBytes; // dropped once every row is parsed
  const readMore = (): boolean => {
    if (bytes === null || pos >= end) return false;
    let cut = bytes.indexOf('</row>', Math.min(pos + ROW_CHUNK, end));
    cut = cut < 0 || cut > end ? end : cut + 6;
    rowIndex = parseRows(bytes.toString('utf8', pos, cut), rows, rowIndex, ctx);
    pos = cut;
    if (pos < end) return true;
    bytes = null;
    return false;
  };
  const grid = mergedGrid(name, () => rows.length, (r) => rows[r]?.length ?? 0, (r, c) => rows[r]?.[c] ?? null, merges);
  if (!progressive) {
    while (readMore()) {
      // whole sheet now
    }
    return grid;
  }
  const dim = /<dimension\s+ref\s*=\s*"[A-Z]*\d*:?[A-Z]*(\d+)"/.exec(xmlBytes.toString('utf8', 0, Math.min(start, 4096)));
  readMore();
  // A merged range's top-left row stays: cells it covers further down still read its value.
  const mergeTops = new Set(merges.map((m) => m.s.r));
  const releaseRows = (from: number, to: number): void => {
    for (let r = from; r < to && r < rows.length; r++) if (!mergeTops.has(r)) rows[r] = undefined;
  };
  return Object.assign(grid, { readMore, releaseRows, declaredRowCount: dim?.[1] === undefined ? undefined : Number(dim[1]) });
}

const ROW_NUMBER = /\sr\s*=\s*(?:"(\d+)"|'(\d+)')/;

const isSpace = (ch: number): boolean => ch === 32 || ch === 9 || ch === 10 || ch === 13;

/**
 * Parses the <row> elements in `xml` into `rows`; returns the index of the last row seen. Hand-scanned with
 * indexOf/charCodeAt rather than regular expressions: this loop runs once per cell of a 1,000,000-row list.
 */
function parseRows(xml: string, rows: (CellValue[] | undefined)[], lastRow: number, ctx: SheetContext): number {
  let rowIndex = lastRow;
  let i = xml.indexOf('<row');
  while (i >= 0) {
    const tagEnd = xml.indexOf('>', i);
    if (tagEnd < 0) throw new UnsupportedXlsx('unterminated row');
    const rowTag = xml.slice(i, tagEnd + 1);
    const r = ROW_NUMBER.exec(rowTag);
    rowIndex = r === null ? rowIndex + 1 : Number(r[1] ?? r[2]) - 1;
    if (!Number.isInteger(rowIndex) || rowIndex < 0 || rowIndex > 1_048_575) throw new UnsupportedXlsx('bad row number');
    if (xml.charCodeAt(tagEnd - 1) === 47 /* / */) {
      i = xml.indexOf('<row', tagEnd);
      continue;
    }
    const rowEnd = xml.indexOf('</row>', tagEnd);
    if (rowEnd < 0) throw new UnsupportedXlsx('unterminated row');
    let cells: CellValue[] | undefined;
    let col = -1;
    let j = xml.indexOf('<c', tagEnd);
    while (j >= 0 && j < rowEnd) {
      if (!isSpace(xml.charCodeAt(j + 2)) && xml.charCodeAt(j + 2) !== 62 && xml.charCodeAt(j + 2) !== 47) {
        j = xml.indexOf('<c', j + 2);
        continue;
      }
      // Attributes: r (column), t (type), s (style); others are skipped.
      let k = j + 2;
      let ref = -1;
      let type: string | undefined;
      let style = 0;
      let selfClosing = false;
      for (;;) {
        const ch = xml.charCodeAt(k);
        if (Number.isNaN(ch)) throw new UnsupportedXlsx('unterminated cell');
        if (ch === 62 /* > */) break;
        if (ch === 47 /* / */) {
          selfClosing = true;
          k++;
          continue;
        }
        if (isSpace(ch)) {
          k++;
          continue;
        }
        const nameStart = k;
        while (k < xml.length && xml.charCodeAt(k) !== 61 /* = */ && !isSpace(xml.charCodeAt(k))) k++;
        const nameLen = k - nameStart;
        const name = nameLen === 1 ? xml.charCodeAt(nameStart) : 0;
        while (k < xml.length && xml.charCodeAt(k) !== 34 && xml.charCodeAt(k) !== 39) k++;
        const quote = xml[k] ?? '"';
        const valueEnd = xml.indexOf(quote, k + 1);
        if (valueEnd < 0) throw new UnsupportedXlsx('unterminated attribute');
        if (name === 114 /* r */) ref = refColumn(xml, k + 1, valueEnd);
        else if (name === 116 /* t */) type = xml.slice(k + 1, valueEnd);
        else if (name === 115 /* s */) style = Number(xml.slice(k + 1, valueEnd));
        k = valueEnd + 1;
      }
      col = ref >= 0 ? ref : col + 1;
      let after = k + 1;
      let v: CellValue = null;
      if (!selfClosing) {
        const close = xml.indexOf('</c>', k);
        if (close < 0 || close > rowEnd) throw new UnsupportedXlsx('unterminated cell');
        after = close + 4;
        if (type === 'inlineStr') {
          const is = xml.indexOf('<is>', k);
          v = is < 0 || is > close ? '' : stringItem(xml.slice(is + 4, xml.lastIndexOf('</is>', close)));
        } else {
          let text: string | undefined;
          const vOpen = xml.indexOf('<v', k);
          if (vOpen >= 0 && vOpen < close && (xml.charCodeAt(vOpen + 2) === 62 || isSpace(xml.charCodeAt(vOpen + 2)))) {
            const vStart = xml.indexOf('>', vOpen) + 1;
            const vEnd = xml.indexOf('</v>', vStart);
            if (vEnd < 0 || vEnd > close) throw new UnsupportedXlsx('unterminated value');
            text = xml.slice(vStart, vEnd);
          }
          v = text === undefined && type !== 'str' ? null : cellValue(type, style, text, ctx);
        }
      } else if (type === 'str' || type === 'inlineStr') {
        v = '';
      }
      if (v !== null) {
        cells ??= [];
        cells[col] = v;
      }
      j = xml.indexOf('<c', after);
    }
    if (cells !== undefined) {
      // Holes from skipped columns read as null, not undefined.
      for (let c = 0; c < cells.length; c++) if (cells[c] === undefined) cells[c] = null;
      rows[rowIndex] = cells;
    }
    i = xml.indexOf('<row', rowEnd);
  }
  return rowIndex;
}

/** Column index of a cell reference such as "AB12" (the letters of xml[from, to)). */
function refColumn(xml: string, from: number, to: number): number {
  let n = 0;
  let k = from;
  for (; k < to; k++) {
    const code = xml.charCodeAt(k);
    if (code < 65 || code > 90) break;
    n = n * 26 + (code - 64);
  }
  if (k === from || n > 16_384) throw new UnsupportedXlsx('bad cell reference');
  return n - 1;
}
