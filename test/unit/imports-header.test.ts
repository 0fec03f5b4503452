import { describe, expect, it } from 'vitest';
import { detectHeaderAndMapping, normalizeHeader } from '../../main/imports/header-detect.ts';

describe('normalizeHeader', () => {
  it('ignores case, spaces, punctuation and bracketed hints', () => {
    expect(normalizeHeader(' 휴대폰 번호(필수) ')).toBe('휴대폰번호');
    expect(normalizeHeader('CS_Number')).toBe('csnumber');
    expect(normalizeHeader('* 성명')).toBe('성명');
    expect(normalizeHeader('생년월일[YYYYMMDD]')).toBe('생년월일');
    expect(normalizeHeader('ＣＩ')).toBe('ci');
  });
});

describe('detectHeaderAndMapping', () => {
  it('maps Korean and English synonyms', () => {
    const d = detectHeaderAndMapping([
      ['수신자', '핸드폰', '생일', '연계정보', '제목', 'URL', '안내문구', 'payload', '고객센터번호', 'cs_name', '카테고리', '해시', 'Expires', '실명확인', '추가내용'],
    ]);
    expect(d?.headerRow).toBe(1);
    expect(d?.mapping).toEqual({
      name: 'A', phone: 'B', birthday: 'C', ci: 'D', title: 'E', link: 'F', message: 'G', payload: 'H',
      csNumber: 'I', csName: 'J', category: 'K', hash: 'L', expiresInDays: 'M', verifyName: 'N', bridgeContent: 'O',
    });
    expect(d?.unmappedColumns).toEqual([]);
  });

  it.each([
    [['이름', '휴대전화', '생년월일']],
    [['성명', '전화번호', 'birth']],
    [['Name', 'Mobile', 'Birthday']],
    [['NAME ', ' phone number', 'BIRTH DATE']],
    [['받는 사람', '연락처', '생년월일 (8자리)']],
  ])('recognises %j', (header) => {
    expect(detectHeaderAndMapping([header])?.mapping).toEqual({ name: 'A', phone: 'B', birthday: 'C' });
  });

  it('finds the header below a title and a note, and lists unknown columns', () => {
    const d = detectHeaderAndMapping([
      ['2025년 1월 고지서 발송 명단'],
      [],
      ['작성일', '2025-01-05'],
      ['번호', '성명', '휴대폰 번호', '생년월일', '주소'],
      [1, '김민수', '010-1234-5678', '19850315', '서울'],
    ]);
    expect(d?.headerRow).toBe(4);
    expect(d?.mapping).toEqual({ name: 'B', phone: 'C', birthday: 'D' });
    expect(d?.unmappedColumns).toEqual([
      { column: 'A', header: '번호' },
      { column: 'E', header: '주소' },
    ]);
  });

  it('prefers the row naming the most fields (two-row merged headers)', () => {
    const d = detectHeaderAndMapping([
      ['성명', '수신자 연락처', '수신자 연락처', '생년월일'],
      ['성명', '휴대폰', '내선', '생년월일'],
    ]);
    expect(d?.headerRow).toBe(2);
    expect(d?.mapping).toEqual({ name: 'A', phone: 'B', birthday: 'D' });
  });

  it('gives a field its first column; a header merged across columns is listed once', () => {
    const d = detectHeaderAndMapping([['이름', '성명', '비고', '비고', '휴대폰']]);
    expect(d?.mapping).toEqual({ name: 'A', phone: 'E' });
    expect(d?.unmappedColumns).toEqual([
      { column: 'B', header: '성명' },
      { column: 'C', header: '비고' },
    ]);
  });

  it('only searches the first 20 rows and returns null without a header', () => {
    const rows: unknown[][] = Array.from({ length: 20 }, () => ['x']);
    rows.push(['이름', '휴대폰', '생년월일']);
    expect(detectHeaderAndMapping(rows)).toBeNull();
    expect(detectHeaderAndMapping([])).toBeNull();
    expect(detectHeaderAndMapping([[1, 2, 3], [null, true]])).toBeNull();
  });
});
