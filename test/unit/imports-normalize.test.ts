import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetter } from '../../main/imports/columns.ts';
import { formatMb } from '../../main/imports/errors.ts';
import { josa } from '../../main/imports/messages.ts';
import {
  cellText,
  linkProblems,
  normalizeBirthday,
  normalizePhone,
  parseCategories,
  parseDays,
  parseYesNo,
  todayInSeoul,
} from '../../main/imports/normalize.ts';

describe('column letters', () => {
  it('round-trips A, Z, AA, AZ, XFD', () => {
    for (const [letter, index] of [['A', 0], ['Z', 25], ['AA', 26], ['AZ', 51], ['BA', 52], ['XFD', 16383]] as const) {
      expect(columnLetter(index)).toBe(letter);
      expect(columnIndex(letter)).toBe(index);
    }
    expect(() => columnIndex('A1')).toThrow(RangeError);
  });
});

describe('cellText', () => {
  it('trims, NFC-normalises and unwraps ="…"', () => {
    // Decomposed jamo (NFD, as macOS writes file names) become the composed syllables.
    expect(cellText('  \u1112\u1161\u11AB\u1100\u1173\u11AF ')).toBe('한글');
    expect(cellText('\u200B홍길동\u200B')).toBe('홍길동');
    expect(cellText('="01012345678"')).toBe('01012345678');
    expect(cellText('a\r\nb\rc')).toBe('a\nb\nc');
    expect(cellText('   ')).toBeNull();
    expect(cellText(null)).toBeNull();
  });
  it('prints numbers, booleans and dates without surprises', () => {
    expect(cellText(1012345678)).toBe('1012345678');
    expect(cellText(1e15)).toBe('1000000000000000');
    expect(cellText(1.5)).toBe('1.5');
    expect(cellText(true)).toBe('TRUE');
    expect(cellText({ kind: 'date', y: 1990, m: 1, d: 2 })).toBe('1990-01-02');
  });
});

describe('normalizePhone', () => {
  it.each([
    ['010-1234-5678', '01012345678'],
    ['010 1234 5678', '01012345678'],
    ['010.1234.5678', '01012345678'],
    ['(010) 1234-5678', '01012345678'],
    ['+82 10-1234-5678', '01012345678'],
    ['+82 010-1234-5678', '01012345678'],
    ['+821012345678', '01012345678'],
    ['821012345678', '01012345678'],
    ['1012345678', '01012345678'], // Excel dropped the leading 0 of a numeric cell
    ['111234567', '0111234567'], // old 011 number, leading 0 dropped
    ['０１０１２３４５６７８', '01012345678'], // full-width digits
    ['0111234567', '0111234567'],
  ])('%s → %s', (raw, want) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: want });
  });
  it.each([
    ['010-12', 'format'],
    ['010-1234-56789', 'format'],
    ['전화없음', 'format'],
    ['02-123-4567', 'format'], // a Seoul landline has 9 digits
    ['0212345678', 'prefix'],
  ])('%s is refused (%s)', (raw, reason) => {
    expect(normalizePhone(raw)).toEqual({ ok: false, reason });
  });
});

describe('normalizeBirthday', () => {
  const today = '20250115';
  it.each([
    [{ kind: 'date', y: 1985, m: 3, d: 15 } as const, '19850315'],
    [19850315, '19850315'],
    [31121, '19850315'], // Excel serial
    [31121.75, '19850315'], // serial with a time part
    ['19850315', '19850315'],
    ['1985-03-15', '19850315'],
    ['1985.3.5', '19850305'],
    ['1985. 03. 05.', '19850305'],
    ['1985/03/15', '19850315'],
    ['1985-03-15 00:00:00', '19850315'],
    ['1985년 3월 15일', '19850315'],
    ['2000-02-29', '20000229'],
    ['20250115', '20250115'], // today is not the future
  ])('%o → %s', (raw, want) => {
    expect(normalizeBirthday(raw, today)).toEqual({ ok: true, value: want });
  });
  it.each([
    ['850315', 'format'],
    ['15/03/1985', 'format'],
    ['abc', 'format'],
    [true, 'format'],
    ['1985-02-29', 'not-a-date'],
    ['1988-02-30', 'not-a-date'],
    ['19851301', 'not-a-date'],
    ['18991231', 'too-old'],
    ['20250116', 'future'],
    [{ kind: 'date', y: 2999, m: 1, d: 1 } as const, 'future'],
  ])('%o is refused (%s)', (raw, problem) => {
    expect(normalizeBirthday(raw, today)).toMatchObject({ ok: false, problem });
  });
  it('computes today in Asia/Seoul (UTC+9)', () => {
    expect(todayInSeoul(Date.UTC(2025, 0, 14, 14, 59))).toBe('20250114');
    expect(todayInSeoul(Date.UTC(2025, 0, 14, 15, 0))).toBe('20250115');
  });
});

describe('parseYesNo', () => {
  it.each([
    ['Y', true], ['y', true], ['예', true], ['네', true], ['true', true], ['TRUE', true], ['1', true], [1, true], [true, true],
    ['N', false], ['아니오', false], ['아니요', false], ['false', false], ['0', false], [0, false], [false, false],
  ])('%o → %s', (raw, want) => {
    expect(parseYesNo(raw)).toEqual({ ok: true, value: want });
  });
  it('refuses anything else', () => {
    expect(parseYesNo('maybe').ok).toBe(false);
    expect(parseYesNo(2).ok).toBe(false);
  });
});

describe('parseDays', () => {
  it('accepts whole days within the limit', () => {
    expect(parseDays(30, 1157)).toEqual({ ok: true, value: 30 });
    expect(parseDays('7일', 1157)).toEqual({ ok: true, value: 7 });
    expect(parseDays('1157', 1157)).toEqual({ ok: true, value: 1157 });
  });
  it('refuses zero, too many, fractions and words', () => {
    for (const v of [0, 1158, 1.5, '한달', '-3']) expect(parseDays(v, 1157).ok).toBe(false);
  });
});

describe('parseCategories', () => {
  it('maps codes case-insensitively to their canonical spelling, and Korean names', () => {
    expect(parseCategories('default')).toEqual({ ok: true, value: ['Default'] });
    expect(parseCategories('DEFAULT')).toEqual({ ok: true, value: ['Default'] });
    expect(parseCategories('bill_pay')).toEqual({ ok: true, value: ['BILL_PAY'] });
    expect(parseCategories('고지서, 안내문; NOTICE')).toEqual({ ok: true, value: ['BILL', 'NOTICE'] });
  });
  it('refuses an unknown code', () => {
    expect(parseCategories('BILL, 기타')).toEqual({ ok: false, reason: '기타' });
  });
});

describe('linkProblems', () => {
  it('reports every problem of reference §4.2', () => {
    expect(linkProblems('https://example.com/a?b=1', 100)).toEqual([]);
    expect(linkProblems('https://example.com/문서', 100)).toEqual(['hangul']);
    expect(linkProblems('example.com/doc', 100)).toEqual(['not-http']);
    expect(linkProblems('https://example.com/a b', 100)).toEqual(['not-http']);
    expect(linkProblems(`https://example.com/${'가'.repeat(90)}`, 100)).toEqual(['hangul', 'too-long']);
  });
});

describe('Korean particles and sizes', () => {
  it('picks 은/는 and 이/가 by the final consonant', () => {
    expect(josa('이름', '은', '는')).toBe('은');
    expect(josa('휴대폰 번호', '은', '는')).toBe('는');
    expect(josa('CI(연계정보)', '이', '가')).toBe('가');
    expect(josa('payload', '은', '는')).toBe('은(는)');
  });
  it('formats limits in MB', () => {
    expect(formatMb(200 * 1024 * 1024)).toBe('200MB');
    expect(formatMb(1.5 * 1024 * 1024)).toBe('1.5MB');
    expect(formatMb(1024)).toContain('MB');
  });
});
