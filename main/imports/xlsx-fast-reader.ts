// A narrow, fast reader for the common .xlsx layout (zip + SpreadsheetML, unprefixed elements), for the
// import's large lists: SheetJS spends most of a 100,000-row import building cell objects we read once.
// It reads only what the import uses (cell values, date formats, merged ranges, sheet names and visibility)
// and parses a sheet only when it is asked for. Anything it does not expect (zip64, encryption, 1904 dates
// in odd places, prefixed XML, a missing part) throws UnsupportedXlsx and the caller uses SheetJS instead, so
// a file this reader gets wrong is never read at all by it. Values follow workbook-reader.ts (toCellValue):
// strings, numbers, booleans, error text, and calendar dates for numbers in a date format (SheetJS cellDates).
// Every part is inflated as a stream against our own limits (limits.ts, zip.ts); a sheet's rows are parsed as
// they are inflated, and a row costs memory per cell, not per column (row-store.ts). A limit hit is an
// ImportError, never a reason to hand the file to SheetJS.
import * as XLSX from 'xlsx';
import { columnIndex } from './columns.ts';
import { MAX_MERGED_CELLS, mergedGrid } from './grid.ts';
import type { CalendarDate, CellValue, MergeRange, SheetGrid } from './grid.ts';
import {
  MAX_ROW_XML_BYTES,
  MAX_SHARED_STRINGS,
  MAX_SHARED_STRINGS_XML_BYTES,
  MAX_SHEET_XML_BYTES,
  MAX_SMALL_PART_BYTES,
  refuse,
} from './limits.ts';
import { RowStore, SHEET_COLUMNS } from './row-store.ts';
import { UnreadableZip, entryChunks, zipEntries } from './zip.ts';
import type { ZipEntry } from './zip.ts';

export class UnsupportedXlsx extends Error {}

export type FastBook = {
  sheetNames: string[];
  hidden: Set<string>;
  /**
   * The sheet with its merged ranges and first rows read; `progressive`: later rows are parsed as the caller asks
   * for them (SheetGrid.readMore), otherwise all of them now. Rejects with UnsupportedXlsx for a sheet SheetJS
   * should read instead.
   */
  sheet(name: string, progressive?: boolean): Promise<SheetGrid>;
};

const ssf = XLSX.SSF as { is_date(fmt: string): boolean; get_table(): Record<number, string | undefined> };

// ---------------------------------------------------------------------------------------------- parts

/** A part's inflated chunks; what the zip reader cannot take apart is left to SheetJS. */
async function* partChunks(buf: Buffer, e: ZipEntry, maxBytes: number, tooLarge: (declared: number) => Error): AsyncGenerator<Buffer> {
  try {
    yield* entryChunks(buf, e, maxBytes, tooLarge);
  } catch (err) {
    if (err instanceof UnreadableZip) throw new UnsupportedXlsx(err.message);
    throw err;
  }
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

async function relationships(text: (path: string) => Promise<string | null>, part: string): Promise<Map<string, string>> {
  const slash = part.lastIndexOf('/');
  const relsPath = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const xml = await text(relsPath);
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

/**
 * Complete items of a streamed part: each call's text runs from the previous cut to the end of the last
 * `endTag` (or self-closed `selfClosed`) in what has arrived. An item larger than MAX_ROW_XML_BYTES is refused.
 */
async function* completeItems(chunks: AsyncGenerator<Buffer>, endTag: string, selfClosed: string, part: string): AsyncGenerator<string> {
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of chunks) {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const a = data.lastIndexOf(endTag);
    const b = data.lastIndexOf(selfClosed);
    const cut = Math.max(a < 0 ? 0 : a + endTag.length, b < 0 ? 0 : b + selfClosed.length);
    if (cut > 0) yield data.toString('utf8', 0, cut);
    carry = data.subarray(cut);
    if (carry.length > MAX_ROW_XML_BYTES) throw refuse.xmlItem(part);
  }
  if (carry.length > 0) yield carry.toString('utf8');
}

/** The shared-strings table, parsed as it is inflated; its size and its number of strings are bounded. */
async function readSharedStrings(buf: Buffer, e: ZipEntry): Promise<string[]> {
  const out: string[] = [];
  let first = true;
  const chunks = partChunks(buf, e, MAX_SHARED_STRINGS_XML_BYTES, (declared) => refuse.sharedStringsXml(declared));
  for await (const xml of completeItems(chunks, '</si>', '<si/>', e.name)) {
    if (first) requireUnprefixed(xml, 'sst');
    first = false;
    const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
    for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
      if (out.length >= MAX_SHARED_STRINGS) throw refuse.sharedStrings();
      out.push(m[1] === undefined ? '' : stringItem(m[1]));
    }
  }
  return out;
}

/**
 * Merged ranges of a worksheet. They follow the rows in the part, and a progressive grid needs them before its
 * first rows (a header merged down or across), so the part is inflated once more up front just for them —
 * streamed, nothing kept but the <mergeCell> tags (which cannot occur inside the rows).
 */
async function readMerges(buf: Buffer, e: ZipEntry): Promise<MergeRange[]> {
  const merges: MergeRange[] = [];
  let area = 0;
  let carry: Buffer = Buffer.alloc(0);
  const TAG = '<mergeCell';
  for await (const chunk of partChunks(buf, e, MAX_SHEET_XML_BYTES, (declared) => refuse.sheetXml(declared))) {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let from = 0;
    for (let i = data.indexOf(TAG); i >= 0; i = data.indexOf(TAG, from)) {
      const end = data.indexOf('>', i);
      if (end < 0) break; // the tag goes on in the next chunk
      from = end + 1;
      for (const t of tags(data.toString('utf8', i, from), 'mergeCell')) {
        const ref = attr(t, 'ref');
        const m = ref === undefined ? null : /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
        if (m === null) continue;
        const range = { s: { r: Number(m[2]) - 1, c: columnIndex(m[1] ?? '') }, e: { r: Number(m[4]) - 1, c: columnIndex(m[3] ?? '') } };
        // Ranges beyond what mergedGrid honours would only cost memory.
        area += (range.e.r - range.s.r + 1) * (range.e.c - range.s.c + 1);
        if (area > MAX_MERGED_CELLS) return merges;
        merges.push(range);
      }
    }
    // An unfinished tag, or the start of one cut by the chunk's end, is looked at again with the next chunk.
    const open = data.indexOf(TAG, from);
    carry = data.subarray(open >= 0 ? open : Math.max(from, data.length - TAG.length));
    if (carry.length > MAX_ROW_XML_BYTES) throw refuse.xmlItem(e.name);
  }
  return merges;
}

/** Returns null when the bytes are not an .xlsx this reader handles (the caller then uses SheetJS). */
export async function tryReadXlsx(buf: Buffer): Promise<FastBook | null> {
  try {
    return await readXlsx(buf);
  } catch (e) {
    if (e instanceof UnsupportedXlsx || e instanceof UnreadableZip) return null;
    throw e;
  }
}

async function readXlsx(buf: Buffer): Promise<FastBook> {
  const entries = new Map(zipEntries(buf).map((e) => [e.name, e]));
  const text = async (p: string): Promise<string | null> => {
    const e = entries.get(p);
    if (e === undefined) return null;
    const chunks = partChunks(buf, e, MAX_SMALL_PART_BYTES, (declared) => refuse.smallPart(p, declared));
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts).toString('utf8');
  };

  const rootRels = await relationships(text, '');
  const workbookPath = [...rootRels.values()].find((t) => /(^|\/)workbook\d*\.xml$/i.test(t)) ?? 'xl/workbook.xml';
  const workbookXml = await text(workbookPath);
  if (workbookXml === null) throw new UnsupportedXlsx('no workbook part');
  requireUnprefixed(workbookXml, 'workbook');
  const props = tags(workbookXml, 'workbookPr')[0];
  const date1904 = props !== undefined && /^(1|true)$/i.test(attr(props, 'date1904') ?? '');
  const rels = await relationships(text, workbookPath);

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
  const sstEntry = entries.get(relTargets.find((t) => /sharedStrings\d*\.xml$/i.test(t)) ?? '');
  const stylesPath = relTargets.find((t) => /styles\d*\.xml$/i.test(t));
  // Read once, when the first sheet is asked for.
  let context: Promise<SheetContext> | null = null;
  const sheetContext = async (): Promise<SheetContext> => {
    const dates = dateStyles(stylesPath === undefined ? null : await text(stylesPath));
    const sharedStrings = sstEntry === undefined ? [] : await readSharedStrings(buf, sstEntry);
    return { sharedStrings, isDateStyle: (s) => dates[s] === true, date1904 };
  };

  const opened = new Map<string, Promise<SheetGrid>>();
  return {
    sheetNames,
    hidden,
    sheet(name, progressive = false) {
      const done = opened.get(name);
      if (done !== undefined) return done;
      const p = paths.get(name);
      const entry = p === undefined ? undefined : entries.get(p);
      if (entry === undefined) return Promise.reject(new UnsupportedXlsx(`sheet ${name} missing`));
      context ??= sheetContext();
      const grid = context.then((ctx) => openSheet(name, buf, entry, ctx, progressive));
      opened.set(name, grid);
      return grid;
    },
  };
}

// ---------------------------------------------------------------------------------------------- sheet

type SheetContext = { sharedStrings: readonly string[]; isDateStyle(s: number): boolean; date1904: boolean };

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
      const s = ctx.sharedStrings[Number(v)];
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

/** Sheet XML parsed per readMore() call: at least this much, cut where a row begins. */
const ROW_CHUNK = 1 << 20;

/**
 * The sheet's rows as they are inflated: each call returns the XML of whole rows (at least ROW_CHUNK bytes of it
 * unless the rows end), null once every row has been returned. A row larger than MAX_ROW_XML_BYTES is refused.
 */
class RowXmlStream {
  #carry: Buffer = Buffer.alloc(0);
  #inRows = false;
  #ended = false;
  readonly #chunks: AsyncGenerator<Buffer>;
  readonly #part: string;
  /** From the <dimension> element before the rows, when there is one. */
  declaredRowCount: number | undefined;
  /** Sheet row (1-based) near the carried bytes, for the refusal of an oversized row. */
  nearRow = 1;

  constructor(chunks: AsyncGenerator<Buffer>, part: string) {
    this.#chunks = chunks;
    this.#part = part;
  }

  /** Takes chunks until at least `want` bytes are carried or the part ends; false at its end. */
  async #fill(want: number): Promise<boolean> {
    const parts: Buffer[] = [this.#carry];
    let size = this.#carry.length;
    let more = true;
    while (size < want) {
      const next = await this.#chunks.next();
      if (next.done === true) {
        more = false;
        break;
      }
      parts.push(next.value);
      size += next.value.length;
    }
    this.#carry = parts.length === 1 ? this.#carry : Buffer.concat(parts, size);
    return more;
  }

  async next(): Promise<string | null> {
    if (this.#ended) return null;
    if (!this.#inRows && !(await this.#head())) return null;
    for (;;) {
      const more = await this.#fill(this.#carry.length + ROW_CHUNK);
      const data = this.#carry;
      const end = data.indexOf('</sheetData>');
      if (end >= 0 || !more) {
        if (end < 0) throw new UnsupportedXlsx('no </sheetData>');
        this.#finish();
        return data.toString('utf8', 0, end);
      }
      // Everything before the last row that has begun is whole rows.
      const cut = lastRowStart(data);
      if (cut > 0) {
        this.#carry = data.subarray(cut);
        return data.toString('utf8', 0, cut);
      }
      if (data.length > MAX_ROW_XML_BYTES) throw refuse.rowXml(this.nearRow);
    }
  }

  /** Reads up to the rows: the root must be unprefixed (else SheetJS reads it); false for an empty <sheetData/>. */
  async #head(): Promise<boolean> {
    let rootChecked = false;
    for (;;) {
      const more = await this.#fill(this.#carry.length + ROW_CHUNK);
      const data = this.#carry;
      if (!rootChecked) requireUnprefixed(data.toString('utf8', 0, Math.min(data.length, 65_536)), 'worksheet');
      rootChecked = true;
      const start = data.indexOf('<sheetData');
      if (start < 0) {
        if (!more) throw new UnsupportedXlsx('no unprefixed <sheetData>');
        if (data.length > MAX_ROW_XML_BYTES) throw refuse.xmlItem(this.#part);
        continue;
      }
      const dim = /<dimension\s+ref\s*=\s*"[A-Z]*\d*:?[A-Z]*(\d+)"/.exec(data.toString('utf8', 0, Math.min(start, 65_536)));
      this.declaredRowCount = dim?.[1] === undefined ? undefined : Number(dim[1]);
      const tagEnd = data.indexOf('>', start);
      if (tagEnd < 0) throw new UnsupportedXlsx('unterminated <sheetData>');
      if (data[tagEnd - 1] === 0x2f /* / */) {
        this.#finish();
        return false;
      }
      this.#carry = data.subarray(tagEnd + 1);
      this.#inRows = true;
      return true;
    }
  }

  get ended(): boolean {
    return this.#ended;
  }

  #finish(): void {
    this.#ended = true;
    this.#carry = Buffer.alloc(0);
    // Stops the inflater: what follows the rows (merged ranges) was read up front.
    void this.#chunks.return(undefined);
  }
}

/** Offset of the last `<row` start tag in `data` (0 when there is none past the start). */
function lastRowStart(data: Buffer): number {
  for (let i = data.lastIndexOf('<row'); i > 0; i = data.lastIndexOf('<row', i - 1)) {
    const next = data[i + 4];
    if (next === 0x20 || next === 0x3e || next === 0x2f || next === 0x09 || next === 0x0a || next === 0x0d) return i;
  }
  return 0;
}

/**
 * A sheet whose rows are parsed as its part is inflated (RowXmlStream). With `progressive`, only the first
 * chunk is parsed now and readMore() parses the next (the grid's rowCount grows); otherwise the whole sheet is
 * parsed here. Merged ranges are read first (readMerges) so every row can answer with them.
 */
async function openSheet(name: string, buf: Buffer, e: ZipEntry, ctx: SheetContext, progressive: boolean): Promise<SheetGrid> {
  const merges = await readMerges(buf, e);
  const store = new RowStore();
  const stream = new RowXmlStream(partChunks(buf, e, MAX_SHEET_XML_BYTES, (declared) => refuse.sheetXml(declared)), e.name);
  let rowIndex = -1;
  let complete = false;
  const readMore = async (): Promise<boolean> => {
    if (complete) return false;
    const xml = await stream.next();
    if (xml !== null) {
      rowIndex = parseRows(xml, store, rowIndex, ctx);
      stream.nearRow = rowIndex + 2;
    }
    // The call that parses the last rows already answers false.
    complete = xml === null || stream.ended;
    return !complete;
  };
  await readMore();
  if (!progressive) {
    while (await readMore()) {
      // whole sheet now
    }
  }
  // A merged range's top-left cell stays: cells it covers further down or across still read its value.
  const mergeTops = new Set(merges.map((m) => m.s.r));
  const mergeLeftColumns = merges.map((m) => m.s.c);
  return Object.assign(mergedGrid(name, () => store.count, (r) => store.width(r), (r, c) => store.cell(r, c), merges), {
    readMore,
    declaredRowCount: stream.declaredRowCount,
    releaseRows: (from: number, to: number) => store.release(from, to, mergeTops),
    keepColumns: (cols: readonly number[]) => store.keepColumns([...cols, ...mergeLeftColumns]),
  });
}

const ROW_NUMBER = /\sr\s*=\s*(?:"(\d+)"|'(\d+)')/;

const isSpace = (ch: number): boolean => ch === 32 || ch === 9 || ch === 10 || ch === 13;

/**
 * Parses the <row> elements in `xml` into `store`; returns the index of the last row seen. Hand-scanned with
 * indexOf/charCodeAt rather than regular expressions: this loop runs once per cell of a 1,000,000-row list.
 * A cell in a column the store does not want is skipped without decoding its value.
 */
function parseRows(xml: string, store: RowStore, lastRow: number, ctx: SheetContext): number {
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
      if (col >= SHEET_COLUMNS) throw new UnsupportedXlsx('cell beyond column XFD');
      let after = k + 1;
      if (!store.wants(col)) {
        if (!selfClosing) {
          const close = xml.indexOf('</c>', k);
          if (close < 0 || close > rowEnd) throw new UnsupportedXlsx('unterminated cell');
          after = close + 4;
        }
        j = xml.indexOf('<c', after);
        continue;
      }
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
      if (v !== null) store.add(col, v);
      j = xml.indexOf('<c', after);
    }
    store.endRow(rowIndex);
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
