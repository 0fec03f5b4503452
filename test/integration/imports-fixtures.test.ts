// Imports the committed LibreOffice/iconv fixtures (test/fixtures/imports, see make-fixtures.sh) through the
// public API, i.e. in the real worker thread.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bulkDocumentItemSchema } from '../../shared/domain/edoc.ts';
import { draftDocumentSchema, importReportSchema, toBulkDocumentItem } from '../../shared/domain/import.ts';
import type { DraftDocument, ImportProgress, MailingDefaultsInput } from '../../shared/domain/import.ts';
import { ImportError, importRecipientFile, listSheets } from '../../main/imports/index.ts';
import { detectEncoding } from '../../main/imports/csv-reader.ts';
import { openInputFile } from '../../main/imports/input-file.ts';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'imports');
const fixture = (name: string): string => path.join(dir, name);
const defaults: MailingDefaultsInput = {
  title: '관리비 고지서',
  link: 'https://example.com/d',
  csNumber: '02-123-4567',
  csName: '관리사무소',
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function refusal(p: Promise<unknown>): Promise<ImportError> {
  const e: unknown = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

function expectSendable(documents: DraftDocument[]): void {
  documents.forEach((d, i) => {
    expect(draftDocumentSchema.safeParse(d).success).toBe(true);
    const item = toBulkDocumentItem(d, `M1-${String(i).padStart(6, '0')}`);
    const parsed = bulkDocumentItemSchema.safeParse(item);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
  });
}

describe.each(['recipients.xlsx', 'recipients.xls'])('%s (LibreOffice)', (file) => {
  it('skips the instructions sheet, finds the two-row merged header, reads numeric phones and date cells', async () => {
    const progress: ImportProgress[] = [];
    const { report, documents } = await importRecipientFile(fixture(file), { defaults }, (p) => progress.push(p));
    expect(importReportSchema.parse(report)).toEqual(report);
    expect(report.sheet).toBe('수신자');
    expect(report.sheets).toEqual(['안내', '수신자', 'CI목록']);
    expect(report.headerRow).toBe(4);
    expect(report.mapping).toEqual({
      name: 'A',
      phone: 'B',
      birthday: 'D',
      message: 'F',
      expiresInDays: 'G',
      verifyName: 'H',
      link: 'I',
    });
    expect(report.unmappedColumns).toEqual([{ column: 'C', header: '내선' }]);
    // rows 5,6,8,10..16: blank rows 7, 9, 17 and row 18 (only an unmapped note) are not counted.
    expect(report).toMatchObject({ rows: 10, valid: 4, invalid: 6, duplicates: 1, errorsOmitted: 0 });

    expect(documents.map((d) => d.sourceRow)).toEqual([5, 6, 8, 16]);
    const [kim, lee, park, han] = documents;
    // Numeric cell 1012345678 lost its leading 0 in Excel; date cell 1985-03-15.
    expect(kim?.receiver).toEqual({ phone_number: '01012345678', name: '김민수', birthday: '19850315', is_required_verify_name: false });
    // Columns override the mailing defaults per row.
    expect(lee?.receiver).toMatchObject({ phone_number: '01023456789', birthday: '19900102', is_required_verify_name: true });
    expect(lee?.property.message).toBe('3월분 관리비 고지서입니다.');
    expect(lee?.read_expired_sec).toBe(7 * 86_400);
    expect(park?.receiver).toMatchObject({ phone_number: '01034567890', birthday: '19770707', is_required_verify_name: false });
    expect(park?.property.link).toBe('https://example.com/override');
    expect(han?.receiver).toMatchObject({ phone_number: '01077778880', birthday: '19700101' });
    // Defaults fill what the row leaves empty.
    expect(kim).toMatchObject({ title: '관리비 고지서', read_expired_sec: 30 * 86_400 });
    expect(kim?.property).toEqual({ link: 'https://example.com/d', cs_number: '02-123-4567', cs_name: '관리사무소' });
    expectSendable(documents);

    const errs = report.errors.map((e) => [e.row, e.column, e.field, e.code]);
    expect(errs).toEqual([
      [10, 'B', 'phone', 'BAD_PHONE'],
      [10, 'D', 'birthday', 'BAD_BIRTHDAY'],
      [11, 'I', 'link', 'HANGUL_IN_LINK'],
      [12, '', 'row', 'DUPLICATE_RECIPIENT'],
      [13, 'H', 'verifyName', 'BAD_VERIFY_NAME'],
      [14, 'A', 'name', 'REQUIRED'],
      [15, 'D', 'birthday', 'BAD_BIRTHDAY'],
    ]);
    const msg = (row: number, field: string): string => report.errors.find((e) => e.row === row && e.field === field)?.message ?? '';
    expect(msg(10, 'phone')).toBe('휴대폰 번호는 숫자 10~11자리여야 합니다 (입력값: 010-12). 번호를 확인해 주세요.');
    expect(msg(10, 'birthday')).toContain('오늘 이후');
    expect(msg(11, 'link')).toContain('한글');
    expect(msg(12, 'row')).toContain('5행과 같은 수신자');
    expect(msg(14, 'name')).toContain('이름이 비어 있습니다');
    expect(msg(15, 'birthday')).toContain('달력에 없는 날짜');

    // Progress arrives for every phase and ends complete.
    for (const phase of ['read', 'parse', 'validate'] as const) {
      const last = progress.filter((p) => p.phase === phase).at(-1);
      expect(last, phase).toBeDefined();
      expect(last?.done).toBe(last?.total);
    }
    expect(progress.findIndex((p) => p.phase === 'read')).toBeLessThan(progress.findIndex((p) => p.phase === 'validate'));
  });

  it('imports a named sheet of CI receivers with per-row title and category', async () => {
    const { report, documents } = await importRecipientFile(fixture(file), { sheet: 'CI목록', defaults: { ...defaults, category: 'BILL' } });
    expect(report.mapping).toEqual({ ci: 'A', title: 'B', category: 'C', payload: 'D' });
    expect(report).toMatchObject({ rows: 4, valid: 2, invalid: 2, duplicates: 1 });
    expect(documents[0]).toMatchObject({ title: '2025년 1월 건강검진 안내', common_categories: ['NOTICE'], property: { payload: 'INV-0001' } });
    expect(documents[0]?.receiver).toEqual({ ci: expect.stringMatching(/^H0D8/) });
    expect(documents[1]).toMatchObject({ title: '관리비 고지서', common_categories: ['BILL', 'NOTICE'] });
    expect(report.errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [4, '', 'DUPLICATE_RECIPIENT'],
      [5, 'B', 'TOO_LONG'],
      [5, 'C', 'BAD_CATEGORY'],
      [5, 'A', 'TOO_LONG'],
    ]);
    expect(report.errors[1]?.message).toBe('제목은 최대 40자까지 입력할 수 있습니다 (현재 43자). 내용을 줄여 주세요.');
    expectSendable(documents);
  });

  it('lists the sheets', async () => {
    expect(await listSheets(fixture(file))).toEqual(['안내', '수신자', 'CI목록']);
  });
});

it('the CSV fixtures really are CP949 and UTF-8 with BOM', async () => {
  const encodingOf = async (name: string): Promise<string> => {
    const input = await openInputFile(fixture(name), 1024 * 1024);
    try {
      return await detectEncoding(input);
    } finally {
      await input.close();
    }
  };
  expect(await encodingOf('recipients-cp949.csv')).toBe('cp949');
  expect(await encodingOf('recipients-utf8-bom.csv')).toBe('utf-8-bom');
});

describe.each(['recipients-cp949.csv', 'recipients-utf8-bom.csv'])('%s', (file) => {
  it('decodes Korean text, honours RFC 4180 quoting and keeps leading zeros', async () => {
    const { report, documents } = await importRecipientFile(fixture(file), { defaults });
    expect(report.sheets).toEqual([path.basename(file, '.csv')]);
    expect(report.mapping).toEqual({ name: 'A', phone: 'B', birthday: 'C', message: 'D' });
    expect(report.unmappedColumns).toEqual([{ column: 'E', header: '비고' }]);
    expect(report).toMatchObject({ headerRow: 1, rows: 4, valid: 3, invalid: 1 });
    expect(documents.map((d) => [d.sourceRow, d.receiver])).toEqual([
      [2, { phone_number: '01098765432', name: '홍길동', birthday: '19750401', is_required_verify_name: false }],
      [3, { phone_number: '01023456789', name: '김철수', birthday: '19830622', is_required_verify_name: false }],
      [5, { phone_number: '01034567890', name: '이영희', birthday: '19911130', is_required_verify_name: false }],
    ]);
    // Comma, doubled quote and a line break inside one quoted field (CRLF normalised to \n).
    expect(documents[0]?.property.message).toBe('안녕하세요, "홍길동"님\n3월 고지서입니다.');
    expect(report.errors).toEqual([
      {
        row: 6,
        column: 'B',
        field: 'phone',
        code: 'BAD_PHONE',
        message: '휴대폰 번호는 숫자 10~11자리여야 합니다 (입력값: 010-1111-22). 번호를 확인해 주세요.',
      },
    ]);
    expectSendable(documents);
  });
});

describe('refusals of the whole file', () => {
  it('refuses a truncated xlsx as corrupt', async () => {
    const e = await refusal(importRecipientFile(fixture('corrupt-truncated.xlsx'), { defaults }));
    expect(e.code).toBe('CORRUPT_FILE');
    expect(e.message).toContain('corrupt-truncated.xlsx');
    expect(e.message).toContain('손상');
  });

  it('refuses a PNG and a text file named .xlsx, by content', async () => {
    const png = await refusal(importRecipientFile(fixture('image-renamed.xlsx'), { defaults }));
    expect(png.code).toBe('NOT_SPREADSHEET');
    expect(png.message).toContain('PNG');
    const text = await refusal(importRecipientFile(fixture('text-renamed.xlsx'), { defaults }));
    expect(text.code).toBe('NOT_SPREADSHEET');
    expect(text.message).toContain('.xlsx');
    expect(text.message).toContain('텍스트');
  });

  it('refuses a file over the size limit and says the limit in MB', async () => {
    const e = await refusal(importRecipientFile(fixture('recipients.xlsx'), { defaults, limits: { maxFileBytes: 1024 } }));
    expect(e.code).toBe('FILE_TOO_LARGE');
    expect(e.message).toMatch(/MB/);
    expect(e.details).toMatchObject({ limit: 1024 });
    // The default limit reads as 200MB.
    const big = path.join(tmp, 'big.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, 200 * 1024 * 1024 + 1);
    const d = await refusal(importRecipientFile(big, { defaults }));
    expect(d.code).toBe('FILE_TOO_LARGE');
    expect(d.message).toContain('200MB');
  });

  it('refuses more rows than the limit and says the limit', async () => {
    const e = await refusal(importRecipientFile(fixture('recipients.xlsx'), { defaults, limits: { maxRows: 9 } }));
    expect(e.code).toBe('TOO_MANY_ROWS');
    expect(e.message).toContain('10행');
    expect(e.message).toContain('9행까지');
    // Exactly at the limit is accepted (blank rows do not count).
    const ok = await importRecipientFile(fixture('recipients.xlsx'), { defaults, limits: { maxRows: 10 } });
    expect(ok.report.rows).toBe(10);
  });

  it('refuses an unknown sheet and lists the sheets', async () => {
    const e = await refusal(importRecipientFile(fixture('recipients.xls'), { sheet: '명단', defaults }));
    expect(e.code).toBe('SHEET_NOT_FOUND');
    expect(e.message).toContain("'안내', '수신자', 'CI목록'");
    expect(e.details).toMatchObject({ sheets: ['안내', '수신자', 'CI목록'] });
  });

  it('refuses a sheet without a header row', async () => {
    const e = await refusal(importRecipientFile(fixture('recipients.xlsx'), { sheet: '안내', defaults }));
    expect(e.code).toBe('NO_HEADER');
    expect(e.message).toContain('머리글');
  });

  it('refuses when a required field has neither a column nor a default', async () => {
    const e = await refusal(importRecipientFile(fixture('recipients.xlsx'), { defaults: { title: '고지서', link: 'https://example.com/d' } }));
    expect(e.code).toBe('MISSING_FIELD');
    expect(e.message).toContain("'고객센터 번호'");
    expect(e.message).toContain("'고객센터 이름'");
  });

  it('refuses a missing file', async () => {
    const e = await refusal(importRecipientFile(path.join(tmp, 'nope.xlsx'), { defaults }));
    expect(e.code).toBe('FILE_NOT_FOUND');
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const e = await refusal(importRecipientFile(fixture('recipients.xlsx'), { defaults, signal: ac.signal }));
    expect(e.code).toBe('ABORTED');
  });
});
