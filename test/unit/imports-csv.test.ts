// The CSV reader on real files in a temp folder: encoding detection over the whole file, RFC 4180 parsing streamed
// chunk by chunk (records, quotes and multi-byte characters cut by chunk ends), and the bounds on one record.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDelimiter, detectEncoding, openCsv } from '../../main/imports/csv-reader.ts';
import { ImportError } from '../../main/imports/errors.ts';
import { readAllRows } from '../../main/imports/grid.ts';
import type { CellValue, SheetGrid } from '../../main/imports/grid.ts';
import { openInputFile } from '../../main/imports/input-file.ts';
import { MAX_CSV_FIELDS, MAX_CSV_RECORD_CHARS } from '../../main/imports/limits.ts';
import { sniff } from '../../main/imports/sniff.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-csv-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
let fileNo = 0;

/** Writes `content` to a new file and reads it to its end: encoding and rows (each up to its last non-empty cell). */
async function readCsv(content: string | Uint8Array): Promise<{ encoding: string; rows: CellValue[][]; grid: SheetGrid }> {
  const file = path.join(tmp, `f${fileNo++}.csv`);
  fs.writeFileSync(file, content);
  const input = await openInputFile(file, 1024 * 1024 * 1024);
  try {
    const { encoding, grid } = await openCsv(input, 'f');
    await readAllRows(grid);
    const rows: CellValue[][] = [];
    for (let r = 0; r < grid.rowCount; r++) {
      const row: CellValue[] = [];
      for (let c = 0; c < grid.rowWidth(r); c++) row.push(grid.cell(r, c));
      rows.push(row);
    }
    return { encoding, rows, grid };
  } finally {
    await input.close();
  }
}

async function refusal(content: string): Promise<ImportError> {
  const e: unknown = await readCsv(content).then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(e)}`);
  return e;
}

describe('encoding', () => {
  it('reads UTF-8 with and without BOM', async () => {
    expect(await readCsv(utf8('이름,휴대폰'))).toMatchObject({ encoding: 'utf-8', rows: [['이름', '휴대폰']] });
    expect(await readCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('이름')]))).toMatchObject({ encoding: 'utf-8-bom', rows: [['이름']] });
  });
  it('falls back to CP949 when the bytes are not UTF-8 (Korean Excel "CSV (쉼표로 분리)")', async () => {
    // 똠 and 햏 exist in CP949 but not in plain EUC-KR.
    const bytes = iconv.encode('이름,똠햏\r\n홍길동,010', 'cp949');
    expect(await readCsv(bytes)).toMatchObject({ encoding: 'cp949', rows: [['이름', '똠햏'], ['홍길동', '010']] });
  });
  it('reads UTF-16 with BOM (Excel "유니코드 텍스트")', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('이름\t휴대폰', 'utf16le')]);
    expect(await readCsv(le)).toMatchObject({ encoding: 'utf-16le', rows: [['이름', '휴대폰']] });
  });
  it('checks the whole file: a CP949 byte after 8 MB of ASCII makes it CP949; a character cut by a read chunk is still UTF-8', async () => {
    const ascii = 'a,b\r\n'.repeat((9 * 1024 * 1024) / 5);
    const late = Buffer.concat([Buffer.from(ascii), iconv.encode('홍길동,010\r\n', 'cp949')]);
    const file = path.join(tmp, 'late.csv');
    fs.writeFileSync(file, late);
    const input = await openInputFile(file, 64 * 1024 * 1024);
    expect(await detectEncoding(input)).toBe('cp949');
    await input.close();
    // '가' (3 bytes) straddles the 8 MiB read boundary.
    const cut = Buffer.concat([Buffer.alloc(8 * 1024 * 1024 - 1, 0x61), Buffer.from('가,나\n')]);
    fs.writeFileSync(file, cut);
    const again = await openInputFile(file, 64 * 1024 * 1024);
    expect(await detectEncoding(again)).toBe('utf-8');
    await again.close();
  });
});

describe('RFC 4180 records', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside fields', async () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n1,,3\r\n';
    expect((await readCsv(text)).rows).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\r\nline2'],
      ['1', null, '3'],
    ]);
  });
  it('accepts LF and CR line ends, a missing final newline and a trailing delimiter', async () => {
    expect((await readCsv('a,b\nc,d\re,')).rows).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });
  it('keeps blank lines as rows so row numbers match the sheet', async () => {
    expect((await readCsv('h\n\nx\n')).rows).toEqual([['h'], [], ['x']]);
  });
  it('is lenient like Excel: text after a closing quote, and an unterminated quote', async () => {
    expect((await readCsv('"ab"c,d')).rows).toEqual([['abc', 'd']]);
    expect((await readCsv('"open,x\ny')).rows).toEqual([['open,x\ny']]);
  });
  it('reads records cut anywhere by the 64 KiB chunks exactly as written (quotes, CRLF, "" and Korean at the cuts)', async () => {
    const expected: string[][] = [];
    const lines: string[] = [];
    for (let i = 0; i < 80_000; i++) {
      const row = [`김${i}`, `010${String(i).padStart(8, '0')}`, i % 7 === 0 ? `메모 "${i}"\r\n둘째 줄, 쉼표` : `가나다${'라'.repeat(i % 13)}`];
      expected.push(row);
      lines.push(row.map((f) => (/[",\r\n]/.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(','));
    }
    const text = `${lines.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(3 * 1024 * 1024);
    for (const bytes of [utf8(text), iconv.encode(text, 'cp949')]) {
      const { rows, grid } = await readCsv(bytes);
      expect(rows).toEqual(expected);
      expect(grid.declaredRowCount).toBe(expected.length);
    }
  });
  it('stores only the kept columns of rows read after keepColumns (the others cost nothing but scanning)', async () => {
    const file = path.join(tmp, 'keep.csv');
    fs.writeFileSync(file, `이름,휴대폰,비고\n${'홍길동,01012345678,긴 메모\n'.repeat(200_000)}`);
    const input = await openInputFile(file, 64 * 1024 * 1024);
    const { grid } = await openCsv(input, 'keep');
    grid.keepColumns?.([1]);
    await readAllRows(grid);
    await input.close();
    expect(grid.cell(0, 0)).toBe('이름'); // read before keepColumns
    expect(grid.cell(150_000, 1)).toBe('01012345678');
    expect(grid.cell(150_000, 0)).toBeNull();
    expect(grid.rowWidth(150_000)).toBe(2);
  });
});

describe('bounds on one record', () => {
  it(`refuses a record with more than ${MAX_CSV_FIELDS} fields, naming the limit and the line`, async () => {
    const e = await refusal(`이름,휴대폰\n홍길동,010\n${','.repeat(MAX_CSV_FIELDS)}\n`);
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.details).toMatchObject({ limit: 'csvFields', max: MAX_CSV_FIELDS });
    expect(e.message).toContain('3번째 줄');
    expect(e.message).toContain('16,384개');
    expect(await readCsv(`${','.repeat(MAX_CSV_FIELDS - 1)}x\n`)).toMatchObject({ rows: [[...new Array<null>(MAX_CSV_FIELDS - 1).fill(null), 'x']] });
  });
  it('refuses a record longer than the limit: one endless line, or an unterminated quote running on', async () => {
    const long = await refusal(`이름\n${'가'.repeat(MAX_CSV_RECORD_CHARS + 10)}\n`);
    expect(long.details).toMatchObject({ limit: 'csvRecordChars' });
    expect(long.message).toContain('2번째 줄');
    expect(long.message).toContain('1,048,576자');
    const quote = await refusal(`이름\n"${'x,\n'.repeat(MAX_CSV_RECORD_CHARS / 2)}`);
    expect(quote.details).toMatchObject({ limit: 'csvRecordChars' });
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent of , tab ; outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n"1,2,3,4"\t2\t3')).toBe('\t');
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('single column')).toBe(',');
  });
});

describe('sniff', () => {
  it('recognises containers and text by content', () => {
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toEqual({ kind: 'zip' });
    expect(sniff(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual({ kind: 'cfb' });
    expect(sniff(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toMatchObject({ kind: 'other-binary', what: 'PDF 문서' });
    expect(sniff(new Uint8Array([1, 2, 0, 4]))).toMatchObject({ kind: 'other-binary' });
    expect(sniff(utf8('<html><table><tr><td>이름</td></tr></table></html>'))).toEqual({ kind: 'markup' });
    expect(sniff(utf8('이름,휴대폰'))).toEqual({ kind: 'text', encoding: 'unknown' });
    expect(sniff(iconv.encode('이름,휴대폰', 'cp949'))).toEqual({ kind: 'text', encoding: 'unknown' });
  });
});
