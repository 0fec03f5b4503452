import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, detectDelimiter, parseCsv } from '../../main/imports/csv-reader.ts';
import { sniff } from '../../main/imports/sniff.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('reads UTF-8 with and without BOM', () => {
    expect(decodeText(utf8('이름,휴대폰'))).toEqual({ text: '이름,휴대폰', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('이름')]))).toEqual({ text: '이름', encoding: 'utf-8-bom' });
  });
  it('falls back to CP949 when the bytes are not UTF-8 (Korean Excel "CSV (쉼표로 분리)")', () => {
    // 똠 and 햏 exist in CP949 but not in plain EUC-KR.
    const bytes = iconv.encode('이름,똠햏\r\n홍길동,010', 'cp949');
    expect(decodeText(bytes)).toEqual({ text: '이름,똠햏\r\n홍길동,010', encoding: 'cp949' });
  });
  it('reads UTF-16 with BOM (Excel "유니코드 텍스트")', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('이름\t휴대폰', 'utf16le')]);
    expect(decodeText(le)).toEqual({ text: '이름\t휴대폰', encoding: 'utf-16le' });
  });
});

describe('parseCsv (RFC 4180)', () => {
  it('handles quotes, doubled quotes, delimiters and line breaks inside fields', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","line1\r\nline2"\r\n1,,3\r\n';
    expect(parseCsv(text, ',')).toEqual([
      ['a', 'b', 'c'],
      ['x, y', 'say "hi"', 'line1\r\nline2'],
      ['1', null, '3'],
    ]);
  });
  it('accepts LF and CR line ends, a missing final newline and a trailing delimiter', () => {
    expect(parseCsv('a,b\nc,d\re,', ',')).toEqual([['a', 'b'], ['c', 'd'], ['e', null]]);
  });
  it('keeps blank lines as rows so row numbers match the sheet', () => {
    expect(parseCsv('h\n\nx\n', ',')).toEqual([['h'], [null], ['x']]);
  });
  it('is lenient like Excel: text after a closing quote, and an unterminated quote', () => {
    expect(parseCsv('"ab"c,d', ',')).toEqual([['abc', 'd']]);
    expect(parseCsv('"open,x\ny', ',')).toEqual([['open,x\ny']]);
  });
  it('reports progress and ends at 100%', () => {
    const calls: [number, number][] = [];
    parseCsv('a,b\n'.repeat(10), ',', (d, t) => calls.push([d, t]));
    expect(calls.at(-1)).toEqual([40, 40]);
  });
});

describe('detectDelimiter', () => {
  it('picks the most frequent of , tab ; outside quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n"1,2,3,4"\t2\t3')).toBe('\t');
    expect(detectDelimiter('a;b;c\n1;2;3')).toBe(';');
    expect(detectDelimiter('single column')).toBe(',');
  });
});

describe('sniff', () => {
  it('recognises containers and text by content', () => {
    expect(sniff(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0]))).toEqual({ kind: 'zip' });
    expect(sniff(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toEqual({ kind: 'cfb' });
    expect(sniff(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toMatchObject({ kind: 'other-binary', what: 'PDF 문서' });
    expect(sniff(new Uint8Array([1, 2, 0, 4]))).toMatchObject({ kind: 'other-binary' });
    expect(sniff(utf8('<html><table><tr><td>이름</td></tr></table></html>'))).toEqual({ kind: 'markup' });
    expect(sniff(utf8('이름,휴대폰'))).toEqual({ kind: 'text', encoding: 'unknown' });
    expect(sniff(iconv.encode('이름,휴대폰', 'cp949'))).toEqual({ kind: 'text', encoding: 'unknown' });
  });
});
