// The import pipeline in-thread (runImport), on real files written to a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import type { DraftDocument, ImportProgress, MailingDefaultsInput } from '../../shared/domain/import.ts';
import { ImportError } from '../../main/imports/errors.ts';
import { DOCUMENT_BATCH, runImport, runListSheets } from '../../main/imports/run-import.ts';
import type { ImportOptions } from '../../main/imports/run-import.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const defaults: MailingDefaultsInput = { title: '안내문', link: 'https://example.com/n', csNumber: '1588-1234', csName: '민원실' };

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(tmp, name);
  fs.writeFileSync(p, content);
  return p;
}

function xlsx(name: string, sheets: Record<string, unknown[][]>, hidden: string[] = []): string {
  const wb = XLSX.utils.book_new();
  for (const [sheetName, aoa] of Object.entries(sheets)) {
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa, { dense: true }), sheetName);
  }
  wb.Workbook = { Sheets: Object.keys(sheets).map((n) => ({ name: n, Hidden: hidden.includes(n) ? 1 : 0 })) };
  const buf: Uint8Array = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' });
  return file(name, buf);
}

async function run(filePath: string, options: Partial<ImportOptions> = {}) {
  const documents: DraftDocument[] = [];
  const progress: ImportProgress[] = [];
  const report = await runImport(filePath, { defaults, ...options }, {
    progress: (p) => progress.push(p),
    documents: (b) => documents.push(...b),
  });
  return { report, documents, progress };
}

async function refused(p: Promise<unknown>): Promise<ImportError> {
  const e: unknown = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

describe('runImport', () => {
  it('skips hidden sheets when choosing automatically, and finds a sheet name ignoring case and spaces', async () => {
    const p = xlsx('hidden.xlsx', {
      Old: [['이름', '휴대폰', '생년월일'], ['옛사람', '01000000000', '19500101']],
      List: [['이름', '휴대폰', '생년월일'], ['새사람', '01011112222', '19900101']],
    }, ['Old']);
    const auto = await run(p);
    expect(auto.report.sheet).toBe('List');
    expect(auto.documents.map((d) => 'name' in d.receiver && d.receiver.name)).toEqual(['새사람']);
    const named = await run(p, { sheet: ' old ' });
    expect(named.report.sheet).toBe('Old');
  });

  it('uses an explicit mapping and header row (a preset) over detection', async () => {
    const p = xlsx('preset.xlsx', {
      S: [['col1', 'col2', 'col3'], ['x', 'y', 'z'], ['김', '01011112222', '19900101']],
    });
    // Unknown header names: detection fails, so the header row must be given.
    expect((await refused(run(p))).code).toBe('NO_HEADER');
    const { report, documents } = await run(p, { mapping: { name: 'A', phone: 'B', birthday: 'C' }, headerRow: 2 });
    expect(report).toMatchObject({ headerRow: 2, rows: 1, valid: 1 });
    expect(documents[0]?.sourceRow).toBe(3);
    expect(report.unmappedColumns).toEqual([]);
  });

  it('reads a sheet without a header when headerRow is 0', async () => {
    const p = xlsx('noheader.xlsx', { S: [['김', '01011112222', '19900101'], ['이', '01033334444', '19910101']] });
    const { report, documents } = await run(p, { mapping: { name: 'A', phone: 'B', birthday: 'C' }, headerRow: 0 });
    expect(report).toMatchObject({ headerRow: 0, rows: 2, valid: 2 });
    expect(documents.map((d) => d.sourceRow)).toEqual([1, 2]);
  });

  it('maps from the header row the user names, even when another row looks like a header', async () => {
    const p = xlsx('twoheaders.xlsx', {
      S: [['이름', '휴대폰', '생년월일', '제목'], ['성명', '전화번호', '생일'], ['김', '01011112222', '19900101', 'X']],
    });
    const { report } = await run(p, { headerRow: 2 });
    expect(report.mapping).toEqual({ name: 'A', phone: 'B', birthday: 'C' });
    expect(report.rows).toBe(1);
  });

  it('reads date cells written by SheetJS and numeric YYYYMMDD', async () => {
    const ws = XLSX.utils.aoa_to_sheet([['이름', '휴대폰', '생년월일'], ['김', 1012345678, 31121], ['이', 1023456789, 19860101]], { dense: true });
    const data = ws['!data'] as XLSX.CellObject[][];
    const dateCell = data[1]?.[2];
    if (dateCell) dateCell.z = 'yyyy-mm-dd';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const p = file('dates.xlsx', XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Uint8Array);
    const { documents } = await run(p);
    expect(documents.map((d) => d.receiver)).toEqual([
      { phone_number: '01012345678', name: '김', birthday: '19850315', is_required_verify_name: false },
      { phone_number: '01023456789', name: '이', birthday: '19860101', is_required_verify_name: false },
    ]);
  });

  it('reads an HTML table saved as .xls (web-system exports) but refuses it as .xlsx', async () => {
    const html = '<html><body><table><tr><td>성명</td><td>휴대폰</td><td>생년월일</td></tr>' +
      '<tr><td>김</td><td>010-1111-2222</td><td>1990-01-01</td></tr></table></body></html>';
    const { report } = await run(file('web.xls', html));
    expect(report).toMatchObject({ rows: 1, valid: 1 });
    expect((await refused(run(file('web.xlsx', html)))).code).toBe('NOT_SPREADSHEET');
  });

  it('reads a UTF-16 tab-separated "유니코드 텍스트" file and a CP949 .txt', async () => {
    const tsv = '이름\t휴대폰\t생년월일\r\n김\t01011112222\t19900101\r\n';
    const p = file('unicode.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, 'utf16le')]));
    expect((await run(p)).report).toMatchObject({ rows: 1, valid: 1 });
    const q = file('ansi.txt', iconv.encode('이름,휴대폰,생년월일\r\n김,01011112222,19900101\r\n', 'cp949'));
    expect((await run(q)).report).toMatchObject({ rows: 1, valid: 1 });
  });

  it('caps the stored errors but counts them all', async () => {
    const rows = [['이름', '휴대폰', '생년월일'], ...Array.from({ length: 30 }, (_, i) => [`김${i}`, 'bad', 'bad'])];
    const { report } = await run(xlsx('errors.xlsx', { S: rows }), { limits: { maxErrors: 10 } });
    expect(report).toMatchObject({ rows: 30, invalid: 30, errorsOmitted: 50 });
    expect(report.errors).toHaveLength(10);
  });

  it('flags duplicates on later rows only, naming the first row', async () => {
    const p = xlsx('dups.xlsx', {
      S: [['이름', '휴대폰', '생년월일'], ['김', '010-1111-2222', '1990-01-01'], ['김', '01011112222', '19900101'], ['김', '01011112222', '19900102'], ['김', '+82 10 1111 2222', '1990.1.1']],
    });
    const { report, documents } = await run(p);
    expect(documents.map((d) => d.sourceRow)).toEqual([2, 4]);
    expect(report).toMatchObject({ rows: 4, valid: 2, invalid: 2, duplicates: 2 });
    expect(report.errors.map((e) => [e.row, e.code, e.message.slice(0, 3)])).toEqual([
      [3, 'DUPLICATE_RECIPIENT', '2행과'],
      [5, 'DUPLICATE_RECIPIENT', '2행과'],
    ]);
  });

  it('sends documents in batches and progress up to 100%', async () => {
    const rows = [['이름', '휴대폰', '생년월일'], ...Array.from({ length: 12_000 }, (_, i) => [`김${i}`, `010${String(i).padStart(8, '0')}`, '19900101'])];
    const p = xlsx('batches.xlsx', { S: rows });
    const batches: number[] = [];
    const progress: ImportProgress[] = [];
    const report = await runImport(p, { defaults }, { progress: (x) => progress.push(x), documents: (b) => batches.push(b.length) });
    expect(report.valid).toBe(12_000);
    const full = Math.floor(12_000 / DOCUMENT_BATCH);
    expect(batches).toEqual([...Array<number>(full).fill(DOCUMENT_BATCH), ...(12_000 % DOCUMENT_BATCH > 0 ? [12_000 % DOCUMENT_BATCH] : [])]);
    const validate = progress.filter((x) => x.phase === 'validate');
    expect(validate.at(-1)).toEqual({ phase: 'validate', done: 12_000, total: 12_000 });
    expect(validate.length).toBeGreaterThan(5);
  });
});

describe('runImport refusals', () => {
  const good = () => xlsx('good.xlsx', { S: [['이름', '휴대폰', '생년월일'], ['김', '01011112222', '19900101']] });

  it('refuses bad defaults and says which', async () => {
    const e = await refused(run(good(), { defaults: { ...defaults, link: 'https://예시.kr' } }));
    expect(e.code).toBe('BAD_DEFAULTS');
    expect(e.message).toContain('링크');
  });
  it('refuses a bad mapping', async () => {
    const e = await refused(run(good(), { mapping: { name: 'A', phone: 'A', birthday: 'C' } }));
    expect(e.code).toBe('BAD_MAPPING');
  });
  it('refuses a list without receiver columns', async () => {
    const p = xlsx('noreceiver.xlsx', { S: [['이름', '제목'], ['김', 'x']] });
    const e = await refused(run(p));
    expect(e.code).toBe('MISSING_FIELD');
    expect(e.message).toContain("'휴대폰 번호', '생년월일'");
  });
  it('refuses empty and unknown binary files', async () => {
    expect((await refused(run(file('empty.csv', '')))).code).toBe('EMPTY_FILE');
    expect((await refused(run(file('blob.xlsx', new Uint8Array([1, 0, 2, 0, 3]))))).code).toBe('NOT_SPREADSHEET');
  });
  it('lists sheets without parsing cells; a CSV has one sheet named after the file', async () => {
    expect(await runListSheets(good())).toEqual(['S']);
    expect(await runListSheets(file('명단.csv', '이름\n김\n'))).toEqual(['명단']);
    expect((await refused(runListSheets(file('cut.xlsx', fs.readFileSync(good()).subarray(0, 300))))).code).toBe('CORRUPT_FILE');
  });
});
