// A recipient typed into a form is checked exactly as the same values in a sheet row (main/imports/typed-row.ts).
import { describe, expect, it } from 'vitest';
import { mailingDefaultsSchema, rowErrorSchema } from '../../shared/domain/import.ts';
import { validateTypedRow } from '../../main/imports/typed-row.ts';
import { RowValidator } from '../../main/imports/validate-row.ts';

const TODAY = '20250115';
const defaults = mailingDefaultsSchema.parse({ title: '1월 고지서', link: 'https://example.com/doc', csNumber: '1588-0000', csName: '고객센터' });

describe('validateTypedRow', () => {
  it('normalises what staff type the way an import does, with the mailing defaults and the given row', () => {
    const typed = validateTypedRow({ name: ' 홍길동 ', phone: '+82 10-1234-5678', birthday: '1980년 1월 31일', verifyName: true }, defaults, TODAY, 12);
    const sheet = new RowValidator({ name: 'A', phone: 'B', birthday: 'C', verifyName: 'D' }, defaults, TODAY).validate(12, (c) => [' 홍길동 ', '+82 10-1234-5678', '1980년 1월 31일', true][c] ?? null);
    expect(typed).toEqual(sheet);
    expect(typed.document?.receiver).toEqual({ phone_number: '01012345678', name: '홍길동', birthday: '19800131', is_required_verify_name: true });
  });

  it('reports every problem by field, in Korean, without a column (a form has none)', () => {
    const r = validateTypedRow({ name: '가'.repeat(21), phone: '02-1234-5678', birthday: '2025-02-01', title: 'x'.repeat(41) }, defaults, TODAY);
    expect(r.document).toBeNull();
    expect(r.errors.map((e) => [e.field, e.code])).toEqual([
      ['title', 'TOO_LONG'],
      ['name', 'TOO_LONG'],
      ['phone', 'BAD_PHONE'],
      ['birthday', 'BAD_BIRTHDAY'],
    ]);
    for (const e of r.errors) {
      expect(rowErrorSchema.parse(e).column).toBe('');
      expect(e.message).toMatch(/[가-힣]/);
    }
  });
});
