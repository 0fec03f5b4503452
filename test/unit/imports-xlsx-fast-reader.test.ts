// The fast .xlsx reader must read every cell exactly as the SheetJS path does (workbook-reader.ts), and hand
// anything it does not handle back to SheetJS rather than guess.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { readAllRows } from '../../main/imports/grid.ts';
import type { SheetGrid } from '../../main/imports/grid.ts';
import { openInputFile } from '../../main/imports/input-file.ts';
import { openBook } from '../../main/imports/open-book.ts';
import { readWorkbook, sheetGrid } from '../../main/imports/workbook-reader.ts';
import { tryReadXlsx } from '../../main/imports/xlsx-fast-reader.ts';
import { SHEET_NS as NS, part, workbookParts, zipArchive } from '../helpers/zip-writer.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures/imports');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-fast-xlsx-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cells(g: SheetGrid): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 0; r < g.rowCount; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < g.rowWidth(r); c++) row.push(g.cell(r, c));
    out.push(row);
  }
  return out;
}

/** Both readers agree on names, visibility and every cell of every sheet. */
async function expectSameAsSheetJs(bytes: Uint8Array): Promise<void> {
  const buf = Buffer.from(bytes);
  const fast = await tryReadXlsx(buf);
  expect(fast).not.toBeNull();
  if (fast === null) return;
  const slow = readWorkbook(buf);
  expect(fast.sheetNames).toEqual(slow.sheetNames);
  expect([...fast.hidden]).toEqual([...slow.hidden]);
  for (const name of fast.sheetNames) {
    const ws = slow.sheets[name];
    if (ws === undefined) throw new Error(`no sheet ${name}`);
    expect(cells(await fast.sheet(name))).toEqual(cells(sheetGrid(name, ws)));
  }
}

/** The fast reader's grid of one sheet (the whole sheet read). */
async function fastSheet(buf: Buffer, name: string, progressive = false): Promise<SheetGrid> {
  const book = await tryReadXlsx(buf);
  if (book === null) throw new Error('the fast reader refused the file');
  return book.sheet(name, progressive);
}

/** A one-sheet workbook around hand-written XML parts (stored uncompressed). */
function handWritten(sheetXml: string, extra: { sst?: string; styles?: string; workbookPr?: string } = {}): Buffer {
  return zipArchive([
    ...workbookParts({ sst: extra.sst !== undefined, styles: extra.styles !== undefined, ...(extra.workbookPr !== undefined ? { workbookPr: extra.workbookPr } : {}) }),
    part('xl/worksheets/sheet1.xml', sheetXml, 0),
    ...(extra.sst !== undefined ? [part('xl/sharedStrings.xml', extra.sst, 0)] : []),
    ...(extra.styles !== undefined ? [part('xl/styles.xml', extra.styles, 0)] : []),
  ]);
}

describe('fast .xlsx reader', () => {
  it('reads the LibreOffice fixture exactly as SheetJS does (merged headers, date cells, numbers, hidden-free sheets)', async () => {
    await expectSameAsSheetJs(fs.readFileSync(path.join(fixtures, 'recipients.xlsx')));
  });

  it('reads SheetJS-written workbooks (inline and shared strings, compressed or stored, dates, booleans, merges, hidden sheets)', async () => {
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['명단 제목'],
        ['성명', '휴대폰', '생년월일', '동의', '금액', '비고'],
        ['김민수', '010-1234-5678', new Date(Date.UTC(1985, 2, 15)), true, 1234.5, 'a & b <c> "d"'],
        ['이서연', 1012345678, '19900102', false, -3, '줄\n바꿈'],
        [null, null, null, null, null, '_x0041_ 그대로'],
        ['박', '01011112222', 19770707, null, 0.1, '   공백   '],
      ],
      { cellDates: true },
    );
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 5 } }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '수신자');
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['숨김']]), '숨김');
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }] };
    for (const bookSST of [false, true]) {
      for (const compression of [false, true]) {
        await expectSameAsSheetJs(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST, compression, cellDates: true }) as Uint8Array);
      }
    }
  });

  it('reads hand-written SpreadsheetML: rich and phonetic text, inline strings, entities, missing r attributes, date formats, errors', async () => {
    const sst =
      `<?xml version="1.0"?><sst ${NS} count="4" uniqueCount="4">` +
      '<si><t>성명</t></si>' +
      '<si><r><rPr><b/></rPr><t>휴대폰</t></r><r><t xml:space="preserve"> 번호</t></r><rPh sb="0" eb="1"><t>ふりがな</t></rPh></si>' +
      '<si><t>A&amp;B &#xAC00;&#44032;</t></si>' +
      '<si/></sst>';
    const styles =
      `<?xml version="1.0"?><styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;년&quot; m&quot;월&quot; d&quot;일&quot;"/></numFmts>` +
      '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
      '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/><xf numFmtId="4"/></cellXfs></styleSheet>';
    const sheet =
      `<?xml version="1.0"?><worksheet ${NS}><sheetData>` +
      '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>' +
      '<row r="3" spans="1:6"><c r="A3" t="inlineStr"><is><r><t>김</t></r><r><t>민수</t></r></is></c><c r="B3" s="3"><v>1012345678</v></c>' +
      "<c r='C3' s='1'><v>31121</v></c><c r=\"D3\" s=\"2\"><v>33240.75</v></c><c r=\"E3\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c><c r=\"F3\" t=\"b\"><v>1</v></c></row>" +
      '<row><c t="str"><f>A1</f><v>x &lt;y&gt;</v></c><c/><c s="1"/><c t="n"><v>7</v></c><c t="s"></c><c t="str"/></row>' +
      '<row r="6"/>' +
      '<row r="7"><c r="C7" t="d"><v>2001-02-03T00:00:00</v></c><c r="AA7"><v>1</v></c></row>' +
      '</sheetData><mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells></worksheet>';
    const buf = handWritten(sheet, { sst, styles });
    await expectSameAsSheetJs(buf);
    const grid = await fastSheet(buf, '수신자');
    expect(grid.cell(1, 0)).toBe('성명'); // merged down
    expect(grid.cell(0, 1)).toBe('휴대폰 번호');
    expect(grid.cell(2, 2)).toEqual({ kind: 'date', y: 1985, m: 3, d: 15 });
    expect(grid.cell(2, 3)).toEqual({ kind: 'date', y: 1991, m: 1, d: 2 });
    expect(grid.cell(6, 26)).toBe(1);
  });

  it('reads a long sheet progressively: rows arrive chunk by chunk and end up exactly as SheetJS reads them', async () => {
    const aoa: unknown[][] = [['제목'], ['성명', '휴대폰', '생년월일']];
    for (let i = 0; i < 40_000; i++) aoa.push([`김${i}`, `010${String(i).padStart(8, '0')}`, i % 3 === 0 ? new Date(Date.UTC(1980, 0, 1 + (i % 300))) : '19900101']);
    const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true });
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 2 } }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, cellDates: true }) as Buffer;
    const grid = await fastSheet(buf, 'S', true);
    if (grid.readMore === undefined) throw new Error('expected a progressive grid');
    expect(grid.declaredRowCount).toBe(40_002);
    expect(grid.rowCount).toBeGreaterThan(20);
    expect(grid.rowCount).toBeLessThan(40_002);
    expect(grid.cell(0, 2)).toBe('제목'); // merged range known before its rows are all read
    let calls = 0;
    while (await grid.readMore()) calls++;
    expect(calls).toBeGreaterThan(0);
    expect(cells(grid)).toEqual(cells(sheetGrid('S', readWorkbook(buf).sheets['S'] as XLSX.WorkSheet)));
  });

  it('leaves what it does not handle to SheetJS: prefixed XML, 1904 dates are read; not-xlsx bytes are refused', async () => {
    const prefixed = handWritten(
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>성명</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
    );
    await expect(fastSheet(prefixed, '수신자')).rejects.toThrow();
    const p = path.join(tmp, 'prefixed.xlsx');
    fs.writeFileSync(p, prefixed);
    const input = await openInputFile(p, 1024 * 1024);
    const viaSheetJs = await (await openBook(input)).sheet('수신자');
    await readAllRows(viaSheetJs);
    await input.close();
    expect(cells(viaSheetJs)).toEqual(cells(sheetGrid('수신자', readWorkbook(prefixed).sheets['수신자'] as XLSX.WorkSheet)));

    const styles = `<?xml version="1.0"?><styleSheet ${NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const d1904 = handWritten(`<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" s="1"><v>29000</v></c></row></sheetData></worksheet>`, {
      styles,
      workbookPr: '<workbookPr date1904="1"/>',
    });
    await expectSameAsSheetJs(d1904);

    expect(await tryReadXlsx(fs.readFileSync(path.join(fixtures, 'corrupt-truncated.xlsx')))).toBeNull();
    expect(await tryReadXlsx(fs.readFileSync(path.join(fixtures, 'image-renamed.xlsx')))).toBeNull();
  });
});
