// The fast .xlsx reader must read every cell exactly as the SheetJS path does (workbook-reader.ts), and hand
// anything it does not handle back to SheetJS rather than guess.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { SheetGrid } from '../../main/imports/grid.ts';
import { openBook } from '../../main/imports/open-book.ts';
import { readWorkbook, sheetGrid } from '../../main/imports/workbook-reader.ts';
import { tryReadXlsx } from '../../main/imports/xlsx-fast-reader.ts';

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
function expectSameAsSheetJs(buf: Uint8Array): void {
  const fast = tryReadXlsx(buf);
  expect(fast).not.toBeNull();
  if (fast === null) return;
  const slow = readWorkbook(buf);
  expect(fast.sheetNames).toEqual(slow.sheetNames);
  expect([...fast.hidden]).toEqual([...slow.hidden]);
  for (const name of fast.sheetNames) {
    const ws = slow.sheets[name];
    if (ws === undefined) throw new Error(`no sheet ${name}`);
    expect(cells(fast.sheet(name))).toEqual(cells(sheetGrid(name, ws)));
  }
}

/** A minimal stored (uncompressed) zip, so tests can hand-write the XML parts. */
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(data.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

function handWritten(sheetXml: string, extra: { sst?: string; styles?: string; workbookPr?: string } = {}): Buffer {
  return zip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      (extra.sst ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') +
      (extra.styles ? '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' : '') +
      '</Types>',
    '_rels/.rels':
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook ${NS}>${extra.workbookPr ?? ''}<sheets><sheet name="수신자" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
      (extra.sst ? '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : '') +
      (extra.styles ? '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="/xl/styles.xml"/>' : '') +
      '</Relationships>',
    'xl/worksheets/sheet1.xml': sheetXml,
    ...(extra.sst ? { 'xl/sharedStrings.xml': extra.sst } : {}),
    ...(extra.styles ? { 'xl/styles.xml': extra.styles } : {}),
  });
}

describe('fast .xlsx reader', () => {
  it('reads the LibreOffice fixture exactly as SheetJS does (merged headers, date cells, numbers, hidden-free sheets)', () => {
    expectSameAsSheetJs(fs.readFileSync(path.join(fixtures, 'recipients.xlsx')));
  });

  it('reads SheetJS-written workbooks (inline and shared strings, compressed or stored, dates, booleans, merges, hidden sheets)', () => {
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
        expectSameAsSheetJs(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST, compression, cellDates: true }) as Uint8Array);
      }
    }
  });

  it('reads hand-written SpreadsheetML: rich and phonetic text, inline strings, entities, missing r attributes, date formats, errors', () => {
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
    expectSameAsSheetJs(buf);
    const grid = tryReadXlsx(buf)?.sheet('수신자');
    expect(grid?.cell(1, 0)).toBe('성명'); // merged down
    expect(grid?.cell(0, 1)).toBe('휴대폰 번호');
    expect(grid?.cell(2, 2)).toEqual({ kind: 'date', y: 1985, m: 3, d: 15 });
    expect(grid?.cell(2, 3)).toEqual({ kind: 'date', y: 1991, m: 1, d: 2 });
    expect(grid?.cell(6, 26)).toBe(1);
  });

  it('reads a long sheet progressively: rows arrive chunk by chunk and end up exactly as SheetJS reads them', () => {
    const aoa: unknown[][] = [['제목'], ['성명', '휴대폰', '생년월일']];
    for (let i = 0; i < 20_000; i++) aoa.push([`김${i}`, `010${String(i).padStart(8, '0')}`, i % 3 === 0 ? new Date(Date.UTC(1980, 0, 1 + (i % 300))) : '19900101']);
    const ws = XLSX.utils.aoa_to_sheet(aoa, { cellDates: true });
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: 2 } }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const buf = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, cellDates: true }) as Uint8Array;
    const grid = tryReadXlsx(buf)?.sheet('S', true);
    if (grid?.readMore === undefined) throw new Error('expected a progressive grid');
    expect(grid.declaredRowCount).toBe(20_002);
    expect(grid.rowCount).toBeGreaterThan(20);
    expect(grid.rowCount).toBeLessThan(20_002);
    expect(grid.cell(0, 2)).toBe('제목'); // merged range known before its rows are all read
    let calls = 0;
    while (grid.readMore()) calls++;
    expect(calls).toBeGreaterThan(0);
    expect(cells(grid)).toEqual(cells(sheetGrid('S', readWorkbook(buf).sheets['S'] as XLSX.WorkSheet)));
  });

  it('leaves what it does not handle to SheetJS: prefixed XML, 1904 dates are read; not-xlsx bytes are refused', () => {
    const prefixed = handWritten(
      '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
        '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>성명</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>',
    );
    const fast = tryReadXlsx(prefixed);
    expect(() => fast?.sheet('수신자')).toThrow();
    const p = path.join(tmp, 'prefixed.xlsx');
    fs.writeFileSync(p, prefixed);
    expect(cells(openBook(p, prefixed).sheet('수신자'))).toEqual(cells(sheetGrid('수신자', readWorkbook(prefixed).sheets['수신자'] as XLSX.WorkSheet)));

    const styles = `<?xml version="1.0"?><styleSheet ${NS}><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>`;
    const d1904 = handWritten(`<?xml version="1.0"?><worksheet ${NS}><sheetData><row r="1"><c r="A1" s="1"><v>29000</v></c></row></sheetData></worksheet>`, {
      styles,
      workbookPr: '<workbookPr date1904="1"/>',
    });
    expectSameAsSheetJs(d1904);

    expect(tryReadXlsx(fs.readFileSync(path.join(fixtures, 'corrupt-truncated.xlsx')))).toBeNull();
    expect(tryReadXlsx(fs.readFileSync(path.join(fixtures, 'image-renamed.xlsx')))).toBeNull();
  });
});
