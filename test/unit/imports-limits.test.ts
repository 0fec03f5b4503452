// The bounds of limits.ts, in-process on files written here: each refusal names its limit, and every reader of
// recipient, KCP and PayUp files (and the sheet picker) goes through them. Memory under crafted files is measured
// in test/integration/imports-crafted.test.ts.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError } from '../../main/imports/errors.ts';
import { readAllRows } from '../../main/imports/grid.ts';
import { openInputFile } from '../../main/imports/input-file.ts';
import { MAX_ROW_XML_BYTES, MAX_SHARED_STRINGS, MAX_SHEETJS_FILE_BYTES } from '../../main/imports/limits.ts';
import { openBook } from '../../main/imports/open-book.ts';
import { runListSheets } from '../../main/imports/run-import.ts';
import { previewVerifyBatch } from '../../main/kcp/batch-preview.ts';
import { readCancelBatchFile } from '../../main/payup/batch-file.ts';
import { SHEET_NS, part, repeatedPart, workbookParts, zipArchive } from '../helpers/zip-writer.ts';
import type { ZipPart } from '../helpers/zip-writer.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-limits-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const MB = 1024 * 1024;
const sheetHead = `<?xml version="1.0"?><worksheet ${SHEET_NS}><sheetData>`;
const sheetTail = '</sheetData></worksheet>';
let fileNo = 0;

function xlsx(parts: ZipPart[]): string {
  const file = path.join(tmp, `f${fileNo++}.xlsx`);
  fs.writeFileSync(file, zipArchive(parts));
  return file;
}

/** Opens the file as an import does and reads the first sheet to its end. */
async function readFirstSheet(file: string): Promise<void> {
  const input = await openInputFile(file, 200 * MB);
  try {
    const book = await openBook(input, { streamRows: true });
    const name = book.sheetNames[0];
    if (name === undefined) throw new Error('no sheet');
    await readAllRows(await book.sheet(name));
  } finally {
    await input.close();
  }
}

async function refusal(p: Promise<unknown>): Promise<ImportError> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof ImportError)) throw new Error(`expected an ImportError, got ${String(e)}`);
  return e;
}

/** A sheet part of `mb` MiB of zeros, declaring its true size. */
const zeros = (name: string, mb = 40): ZipPart => repeatedPart(name, sheetHead, Buffer.alloc(MB), mb, sheetTail);

describe('.xlsx parts', () => {
  it(`refuses more than ${MAX_SHARED_STRINGS.toLocaleString('en')} shared strings, counted as they are read`, { timeout: 60_000 }, async () => {
    const sst = repeatedPart('xl/sharedStrings.xml', `<?xml version="1.0"?><sst ${SHEET_NS}>`, '<si/>'.repeat(1000), MAX_SHARED_STRINGS / 1000 + 1, '</sst>');
    const sheet = part('xl/worksheets/sheet1.xml', `${sheetHead}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${sheetTail}`);
    const e = await refusal(readFirstSheet(xlsx([...workbookParts({ sst: true }), sst, sheet])));
    expect(e.code).toBe('LIMIT_EXCEEDED');
    expect(e.details).toMatchObject({ limit: 'sharedStrings', max: MAX_SHARED_STRINGS });
    expect(e.message).toContain('4,000,000개');
  });

  it('refuses one row larger than the row limit, naming the row', async () => {
    const sheet = repeatedPart(
      'xl/worksheets/sheet1.xml',
      `${sheetHead}<row r="1"><c r="A1" t="inlineStr"><is><t>이름</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>`,
      'x'.repeat(MB),
      MAX_ROW_XML_BYTES / MB + 1,
      `</t></is></c></row>${sheetTail}`,
    );
    const e = await refusal(readFirstSheet(xlsx([...workbookParts(), sheet])));
    expect(e.details).toMatchObject({ limit: 'rowXmlBytes', max: MAX_ROW_XML_BYTES });
    expect(e.message).toContain('2행 근처');
    expect(e.message).toContain('16MB');
  });

  it('refuses a sheet whose rows never begin within the limit (no <sheetData> in the first 16 MB)', async () => {
    const sheet = repeatedPart('xl/worksheets/sheet1.xml', `<?xml version="1.0"?><worksheet ${SHEET_NS}><sheetViews>`, ' '.repeat(MB), 17, '</sheetViews><sheetData/></worksheet>');
    const e = await refusal(readFirstSheet(xlsx([...workbookParts(), sheet])));
    expect(e.details).toMatchObject({ limit: 'rowXmlBytes' });
    expect(e.message).toContain('xl/worksheets/sheet1.xml');
  });

  it('refuses a styles part over the small-part limit by its declared size, before inflating it', async () => {
    const e = await refusal(readFirstSheet(xlsx([...workbookParts({ styles: true }), zeros('xl/styles.xml'), part('xl/worksheets/sheet1.xml', `${sheetHead}${sheetTail}`)])));
    expect(e.details).toMatchObject({ limit: 'partBytes' });
    expect(e.message).toContain("'xl/styles.xml'");
    expect(e.message).toContain('32MB');
  });

  it('skips cells of columns not kept: after keepColumns a later row holds only the kept cells', async () => {
    const rows: string[] = ['<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'];
    // Enough rows that some are parsed after keepColumns (the first ~1 MB of rows is parsed when the sheet opens).
    for (let r = 2; r <= 60_000; r++) rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><v>${r}</v></c><c r="XFD${r}"><v>9</v></c></row>`);
    const input = await openInputFile(xlsx([...workbookParts(), part('xl/worksheets/sheet1.xml', `${sheetHead}${rows.join('')}${sheetTail}`)]), 200 * MB);
    const grid = await (await openBook(input, { streamRows: true })).sheet('수신자');
    grid.keepColumns?.([1]);
    await readAllRows(grid);
    await input.close();
    expect([grid.cell(0, 0), grid.cell(0, 1)]).toEqual([1, 2]);
    expect([grid.cell(59_999, 0), grid.cell(59_999, 1), grid.cell(59_999, 16_383), grid.rowWidth(59_999)]).toEqual([null, 60_000, null, 2]);
  });
});

describe('what SheetJS may read', () => {
  it('refuses an .xls over its size limit before reading it', async () => {
    const file = path.join(tmp, 'big.xls');
    const cfb = Buffer.alloc(MAX_SHEETJS_FILE_BYTES + 1);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
    fs.writeFileSync(file, cfb);
    const e = await refusal(readFirstSheet(file));
    expect(e.details).toMatchObject({ limit: 'sheetJsFileBytes', max: MAX_SHEETJS_FILE_BYTES });
    expect(e.message).toContain('32MB');
  });

  it('the sheet picker reads names with our reader; a file it leaves to SheetJS is checked first', async () => {
    expect(await runListSheets(xlsx([...workbookParts(), zeros('xl/worksheets/sheet1.xml')]))).toEqual(['수신자']);
    const e = await refusal(runListSheets(xlsx([...workbookParts({ prefixed: true }), zeros('xl/worksheets/sheet1.xml', 70)])));
    expect(e.details).toMatchObject({ limit: 'sheetJsUnzippedBytes' });
  });

  it('refuses a zip whose local header announces more than its central directory (SheetJS sizes its buffer by it)', async () => {
    const sheet = { ...part('xl/worksheets/sheet1.xml', `${sheetHead}${sheetTail}`), localSize: 0xfffffff0 };
    const e = await refusal(readFirstSheet(xlsx([...workbookParts({ prefixed: true }), sheet])));
    expect(e.code).toBe('CORRUPT_FILE');
  });
});

describe('what SheetJS may read: every entry', () => {
  it('checks each entry of the central directory, a repeated name included (SheetJS inflates them all)', async () => {
    const benign = part('xl/worksheets/sheet1.xml', `${sheetHead}${sheetTail}`);
    const hidden = { ...zeros('xl/worksheets/sheet1.xml'), declaredSize: MB };
    const e = await refusal(readFirstSheet(xlsx([...workbookParts({ prefixed: true }), hidden, benign])));
    expect(e.code).toBe('CORRUPT_FILE');
    expect(e.message).toContain('적힌 크기(1MB)보다 커집니다');
  });
});

describe('KCP and PayUp batch files go through the same bounds', () => {
  it('a zip bomb and a FIFO are refused by the KCP preview and the PayUp batch reader', async () => {
    const bomb = xlsx([...workbookParts(), { ...zeros('xl/worksheets/sheet1.xml'), declaredSize: MB }]);
    expect((await refusal(previewVerifyBatch(bomb))).code).toBe('CORRUPT_FILE');
    expect((await refusal(readCancelBatchFile(bomb))).code).toBe('CORRUPT_FILE');
    const fifo = path.join(tmp, 'batch.xlsx');
    execFileSync('mkfifo', [fifo]);
    expect(await refusal(previewVerifyBatch(fifo))).toMatchObject({ code: 'NOT_A_FILE' });
    expect(await refusal(readCancelBatchFile(fifo))).toMatchObject({ code: 'NOT_A_FILE' });
  });
});
