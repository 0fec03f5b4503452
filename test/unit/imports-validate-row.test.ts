import { describe, expect, it } from 'vitest';
import { bulkDocumentItemSchema } from '../../shared/domain/edoc.ts';
import {
  MAX_EXPIRES_IN_DAYS,
  columnMappingSchema,
  mailingDefaultsSchema,
  rowErrorSchema,
  toBulkDocumentItem,
} from '../../shared/domain/import.ts';
import type { ColumnMapping, MailingDefaultsInput } from '../../shared/domain/import.ts';
import { columnIndex } from '../../main/imports/columns.ts';
import type { CellValue } from '../../main/imports/grid.ts';
import { RowValidator } from '../../main/imports/validate-row.ts';

const TODAY = '20250115';
const baseDefaults: MailingDefaultsInput = {
  title: '1월 고지서',
  link: 'https://example.com/doc',
  csNumber: '1588-0000',
  csName: '고객센터',
};

function validator(mapping: ColumnMapping, defaults: MailingDefaultsInput = baseDefaults): RowValidator {
  return new RowValidator(mapping, mailingDefaultsSchema.parse(defaults), TODAY);
}

/** A row given as { letter: value }. */
function cells(row: Record<string, CellValue>): (col: number) => CellValue {
  const byIndex = new Map(Object.entries(row).map(([l, v]) => [columnIndex(l), v]));
  return (c) => byIndex.get(c) ?? null;
}

const identity: ColumnMapping = { name: 'A', phone: 'B', birthday: 'C' };

describe('RowValidator', () => {
  it('builds a draft from columns plus mailing defaults', () => {
    const r = validator(identity).validate(7, cells({ A: ' 홍길동 ', B: 1012345678, C: { kind: 'date', y: 1980, m: 1, d: 31 } }));
    expect(r.errors).toEqual([]);
    expect(r.document).toEqual({
      sourceRow: 7,
      title: '1월 고지서',
      receiver: { phone_number: '01012345678', name: '홍길동', birthday: '19800131', is_required_verify_name: false },
      property: { link: 'https://example.com/doc', cs_number: '1588-0000', cs_name: '고객센터' },
      read_expired_sec: 2_592_000,
    });
    expect(r.recipientKey).toBe('id:01012345678\u0000홍길동\u000019800131');
  });

  it('lets every mappable column override its default', () => {
    const mapping: ColumnMapping = {
      ...identity,
      title: 'D', link: 'E', message: 'F', payload: 'G', csNumber: 'H', csName: 'I', category: 'J',
      hash: 'K', expiresInDays: 'L', verifyName: 'M', bridgeContent: 'N',
    };
    const hash = 'a'.repeat(64);
    const r = validator(mapping, { ...baseDefaults, message: '기본 문구', category: 'NOTICE', expiresInDays: 10, verifyName: true }).validate(
      3,
      cells({
        A: '김영희', B: '010-2222-3333', C: '1999-09-09', D: '개별 제목', E: 'http://example.org/x', F: '개별 문구', G: 'P-1',
        H: '02-000-0000', I: '콜센터', J: 'contract', K: hash, L: 3, M: '예', N: '상세 내용',
      }),
    );
    expect(r.errors).toEqual([]);
    expect(r.document).toEqual({
      sourceRow: 3,
      title: '개별 제목',
      receiver: { phone_number: '01022223333', name: '김영희', birthday: '19990909', is_required_verify_name: true },
      property: { link: 'http://example.org/x', cs_number: '02-000-0000', cs_name: '콜센터', message: '개별 문구', payload: 'P-1' },
      common_categories: ['CONTRACT'],
      hash,
      read_expired_sec: 3 * 86_400,
      bridge: { content: '상세 내용' },
    });
  });

  it('falls back to the defaults when the mapped cell is empty', () => {
    const r = validator({ ...identity, title: 'D', expiresInDays: 'E' }, { ...baseDefaults, category: 'BILL', expiresInDays: 60, verifyName: true }).validate(
      2,
      cells({ A: '김', B: '01011112222', C: '19700101', D: '  ' }),
    );
    expect(r.document).toMatchObject({
      title: '1월 고지서',
      common_categories: ['BILL'],
      read_expired_sec: 60 * 86_400,
      receiver: { is_required_verify_name: true },
    });
  });

  it('reports every error of a row with its column letter and a Korean message', () => {
    const mapping: ColumnMapping = { ...identity, title: 'D', link: 'E', category: 'F', expiresInDays: 'G', verifyName: 'H' };
    const r = validator(mapping).validate(
      12,
      cells({
        A: '가'.repeat(21), B: '010-12', C: '2999-01-01', D: '제'.repeat(41), E: 'https://예제.com', F: '기타', G: 5000, H: '글쎄',
      }),
    );
    expect(r.document).toBeNull();
    expect(r.recipientKey).toBeNull();
    expect(r.errors.map((e) => [e.row, e.column, e.field, e.code])).toEqual([
      [12, 'D', 'title', 'TOO_LONG'],
      [12, 'E', 'link', 'HANGUL_IN_LINK'],
      [12, 'F', 'category', 'BAD_CATEGORY'],
      [12, 'G', 'expiresInDays', 'BAD_EXPIRES'],
      [12, 'A', 'name', 'TOO_LONG'],
      [12, 'B', 'phone', 'BAD_PHONE'],
      [12, 'C', 'birthday', 'BAD_BIRTHDAY'],
      [12, 'H', 'verifyName', 'BAD_VERIFY_NAME'],
    ]);
    for (const e of r.errors) {
      expect(rowErrorSchema.parse(e)).toEqual(e);
      expect(e.message).toMatch(/[가-힣]/);
    }
    const byField = Object.fromEntries(r.errors.map((e) => [e.field, e.message]));
    expect(byField.title).toBe('제목은 최대 40자까지 입력할 수 있습니다 (현재 41자). 내용을 줄여 주세요.');
    expect(byField.phone).toBe('휴대폰 번호는 숫자 10~11자리여야 합니다 (입력값: 010-12). 번호를 확인해 주세요.');
    expect(byField.expiresInDays).toContain(`1~${MAX_EXPIRES_IN_DAYS}`);
    expect(byField.category).toContain('기타');
  });

  it('reports a link that is too long and one that is not http(s)', () => {
    const r = validator({ ...identity, link: 'D' }).validate(
      4,
      cells({ A: '김', B: '01011112222', C: '19700101', D: `ftp://example.com/${'x'.repeat(100)}` }),
    );
    expect(r.errors.map((e) => e.code)).toEqual(['BAD_LINK', 'TOO_LONG']);
  });

  it('accepts a CI receiver, refuses both forms and neither form', () => {
    const v = validator({ ...identity, ci: 'D' });
    const ci = 'c'.repeat(88);
    const byCi = v.validate(2, cells({ D: ci }));
    expect(byCi.document?.receiver).toEqual({ ci });
    expect(byCi.recipientKey).toBe(`ci:${ci}`);

    const both = v.validate(3, cells({ A: '김', B: '01011112222', C: '19700101', D: ci }));
    expect(both.errors.map((e) => [e.field, e.column, e.code])).toEqual([['row', '', 'BOTH_CI_AND_IDENTITY']]);
    const partialBoth = v.validate(4, cells({ B: '01011112222', D: ci }));
    expect(partialBoth.errors.map((e) => e.code)).toEqual(['BOTH_CI_AND_IDENTITY']);

    const neither = validator({ ...identity, ci: 'D', title: 'E' }).validate(5, cells({ E: '제목만 있음' }));
    expect(neither.errors.map((e) => [e.field, e.code])).toEqual([['row', 'NO_RECIPIENT']]);
    expect(neither.errors[0]?.message).toContain('CI 또는 이름·휴대폰 번호·생년월일');
  });

  it('takes a CI with a name as a CI recipient: the name is kept for display and search, never sent', () => {
    const v = validator({ ...identity, ci: 'D' });
    const ci = 'c'.repeat(88);
    const r = v.validate(2, cells({ A: ' 홍길동 ', D: ci }));
    expect(r.errors).toEqual([]);
    expect(r.document?.receiver).toEqual({ ci });
    expect(r.document?.recipientName).toBe('홍길동');
    expect(r.recipientKey).toBe(`ci:${ci}`);
    const item = toBulkDocumentItem(r.document!, 'E-1');
    expect(bulkDocumentItemSchema.safeParse(item).success).toBe(true);
    expect(JSON.stringify(item)).not.toContain('홍길동');
  });

  it('refuses a CI with a phone or a birthday (which form to send is ambiguous)', () => {
    const v = validator({ ...identity, ci: 'D' });
    const ci = 'c'.repeat(88);
    const rows: Record<string, CellValue>[] = [{ A: '홍길동', B: '01011112222', D: ci }, { A: '홍길동', C: '19700101', D: ci }, { C: '19700101', D: ci }];
    for (const row of rows) {
      const r = v.validate(3, cells(row));
      expect(r.document).toBeNull();
      expect(r.errors.map((e) => [e.field, e.column, e.code])).toEqual([['row', '', 'BOTH_CI_AND_IDENTITY']]);
      expect(r.errors[0]?.message).toContain('이름은 표시용으로 남겨도 됩니다');
    }
  });

  it('reports a CI that is too long on the CI column, with or without a name', () => {
    const v = validator({ ...identity, ci: 'D' });
    const long = 'c'.repeat(89);
    const rows: Record<string, CellValue>[] = [{ D: long }, { A: '홍길동', D: long }];
    for (const row of rows) {
      const r = v.validate(4, cells(row));
      expect(r.document).toBeNull();
      expect(r.errors.map((e) => [e.field, e.column, e.code])).toEqual([['ci', 'D', 'TOO_LONG']]);
    }
    const nameTooLong = v.validate(5, cells({ A: '가'.repeat(21), D: 'c'.repeat(88) }));
    expect(nameTooLong.errors.map((e) => [e.field, e.column, e.code])).toEqual([['name', 'A', 'TOO_LONG']]);
  });

  it('names each missing part of a phone/name/birthday receiver', () => {
    const r = validator(identity).validate(9, cells({ B: '01011112222' }));
    expect(r.errors.map((e) => [e.column, e.field, e.code])).toEqual([
      ['A', 'name', 'REQUIRED'],
      ['C', 'birthday', 'REQUIRED'],
    ]);
  });

  it('treats a row with no value in any mapped column as blank', () => {
    const v = validator(identity);
    expect(v.isBlank(cells({ D: '비고만 있음' }))).toBe(true);
    expect(v.isBlank(cells({ A: '  ' }))).toBe(true);
    expect(v.isBlank(cells({ C: 0 }))).toBe(false);
  });

  it('produces drafts that become valid bulk items once an external id is added', () => {
    const v = validator({ ...identity, ci: 'D', message: 'E', bridgeContent: 'F' }, { ...baseDefaults, category: 'Default', hash: 'h'.repeat(99) });
    const docs = [
      v.validate(2, cells({ A: '가'.repeat(20), B: '0111234567', C: '19000101', E: '문'.repeat(500), F: '내'.repeat(500) })).document,
      v.validate(3, cells({ D: 'c'.repeat(88) })).document,
    ];
    for (const d of docs) {
      expect(d).not.toBeNull();
      if (d === null) continue;
      const item = toBulkDocumentItem(d, 'x'.repeat(40));
      expect(bulkDocumentItemSchema.safeParse(item).success).toBe(true);
      expect(item.property.external_document_uuid).toBe('x'.repeat(40));
      expect('sourceRow' in item).toBe(false);
    }
  });
});

describe('shared import schemas', () => {
  it('mailing defaults: 30 days and no name check by default; the day limit fits read_expired_sec (8 digits)', () => {
    const d = mailingDefaultsSchema.parse({});
    expect(d).toEqual({ expiresInDays: 30, verifyName: false });
    expect(MAX_EXPIRES_IN_DAYS * 86_400).toBeLessThanOrEqual(99_999_999);
    expect((MAX_EXPIRES_IN_DAYS + 1) * 86_400).toBeGreaterThan(99_999_999);
    expect(mailingDefaultsSchema.safeParse({ expiresInDays: MAX_EXPIRES_IN_DAYS + 1 }).success).toBe(false);
    expect(mailingDefaultsSchema.safeParse({ link: 'https://예.com' }).success).toBe(false);
    expect(mailingDefaultsSchema.safeParse({ category: 'DEFAULT' }).success).toBe(false);
    expect(mailingDefaultsSchema.safeParse({ csName: '열한글자의고객센터이름' }).success).toBe(false);
  });
  it('column mapping: letters only, one field per column', () => {
    expect(columnMappingSchema.safeParse({ name: 'A', phone: 'B' }).success).toBe(true);
    expect(columnMappingSchema.safeParse({ name: 'A', phone: 'A' }).success).toBe(false);
    expect(columnMappingSchema.safeParse({ name: 'a' }).success).toBe(false);
    expect(columnMappingSchema.safeParse({ nickname: 'A' }).success).toBe(false);
  });
});
