// KCP EUC-KR/CP949 codec (reference kcp-and-payup.md A6): Korean owner names round-trip byte-exact; a character
// EUC-KR/CP949 cannot encode is a clear Korean error (never a silent '?').
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { KcpEncodingError, cp949ByteLength, cp949ExtensionCharacters, decodeCp949, decodeModuleOutput, encodeCp949, unencodableCharacters } from '../../main/kcp/codec.ts';
import { validateOwnerName } from '../../main/kcp/validate.ts';

describe('EUC-KR round trip of Korean owner names', () => {
  it('encodes KS X 1001 names to the known EUC-KR bytes and decodes them back', () => {
    // 홍 = C8AB, 길 = B1E6, 동 = B5BF in KS X 1001 (EUC-KR).
    expect(encodeCp949('홍길동').toString('hex')).toBe('c8abb1e6b5bf');
    for (const name of ['홍길동', '김철수', '이영희', '남궁민수', '황보 세영', '(주)카카오', '㈜한국상사', '선우용녀']) {
      const bytes = encodeCp949(name);
      expect(decodeCp949(bytes)).toBe(name);
      expect(bytes.length).toBe(cp949ByteLength(name));
    }
  });

  it('round-trips CP949 extension syllables (똠, 뷁) and flags them for a warning', () => {
    const bytes = encodeCp949('최뷁순');
    expect(decodeCp949(bytes)).toBe('최뷁순');
    expect(cp949ExtensionCharacters('최뷁순 김똠')).toEqual(['뷁', '똠']);
    expect(cp949ExtensionCharacters('홍길동')).toEqual([]);
    const v = validateOwnerName('최뷁순');
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.warnings.join(' ')).toMatch(/확장 완성형/);
  });

  it('refuses a character neither EUC-KR nor CP949 can encode, naming it, instead of writing "?"', () => {
    // '㐂' (CJK extension A) and an emoji are outside CP949: iconv-lite alone would silently write 0x3F.
    expect(iconv.encode('김㐂수', 'euc-kr').toString('hex')).toContain('3f');
    expect(unencodableCharacters('김㐂수😀')).toEqual(['㐂', '😀']);
    expect(() => encodeCp949('김㐂수', '예금주명')).toThrow(KcpEncodingError);
    expect(() => encodeCp949('김㐂수', '예금주명')).toThrow(/'㐂'\(U\+3402\).*아무것도 전송하지 않았습니다/);
    const v = validateOwnerName('김㐂수');
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.problem.code).toBe('UNENCODABLE');
      expect(v.problem.message).toMatch(/EUC-KR.*'㐂'/);
    }
    // A literal '?' is a real character, not an encoding failure.
    expect(unencodableCharacters('a?b')).toEqual([]);
  });

  it('decodes module output: strict UTF-8 first with opt=1, CP949 fallback, CP949 only otherwise', () => {
    const utf8 = Buffer.from('res_cd=0000\x1fres_msg=정상처리\x1f', 'utf8');
    const euckr = iconv.encode('res_cd=0000\x1fres_msg=정상처리\x1f', 'euc-kr');
    expect(decodeModuleOutput(utf8, true)).toContain('정상처리');
    expect(decodeModuleOutput(euckr, true)).toContain('정상처리');
    expect(decodeModuleOutput(euckr, false)).toContain('정상처리');
  });
});
