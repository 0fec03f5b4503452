// The ASCII-and-Hangul fast paths of the KCP codec (main/kcp/cp949-hangul.ts, issue 16) give byte for byte what
// iconv-lite's 'euc-kr' (CP949, reference kcp-and-payup.md A6) gives: every syllable, every ASCII character, every
// two-byte sequence and mixed text. The expected values are computed here from iconv-lite alone, and the fast paths
// are checked to be taken, so a table off by one (or a fallback that hides it) fails.
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { analyzeCp949, cp949ByteLength, cp949ExtensionCharacters, decodeCp949, encodeCp949, KcpEncodingError } from '../../main/kcp/codec.ts';
import { decodeAsciiHangul, encodeAsciiHangul, scanAsciiHangul } from '../../main/kcp/cp949-hangul.ts';
import { seededRandom } from '../../main/imports/seeded-random.ts';

const SYLLABLES = Array.from({ length: 0xd7a3 - 0xac00 + 1 }, (_, i) => String.fromCharCode(0xac00 + i));
const ASCII = Array.from({ length: 0x80 }, (_, i) => String.fromCharCode(i));

type Expected = { bytes: string; encodable: boolean; byteLength: number; extension: string[] };

/** What the codec answered before the fast paths: iconv-lite, its round trip, and KS X 1001's 0xA1–0xFE rule. */
function expectedOf(text: string): Expected {
  const buf = iconv.encode(text, 'euc-kr');
  const extension: string[] = [];
  for (const ch of text) {
    const b = iconv.encode(ch, 'euc-kr');
    if (b.length !== 2) continue;
    const ksx1001 = b[0]! >= 0xa1 && b[0]! <= 0xfe && b[1]! >= 0xa1 && b[1]! <= 0xfe;
    if (!ksx1001 && !extension.includes(ch)) extension.push(ch);
  }
  return { bytes: buf.toString('hex'), encodable: iconv.decode(buf, 'euc-kr') === text, byteLength: buf.length, extension };
}

function expectCodecAgrees(text: string): void {
  const want = expectedOf(text);
  const analysis = analyzeCp949(text);
  expect({ text, ...analysis }).toEqual({ text, bytes: want.byteLength, encodable: want.encodable, extension: want.extension });
  expect(cp949ByteLength(text)).toBe(want.byteLength);
  expect(cp949ExtensionCharacters(text)).toEqual(want.extension);
  if (want.encodable) {
    const bytes = encodeCp949(text);
    expect(bytes.toString('hex')).toBe(want.bytes);
    expect(decodeCp949(bytes)).toBe(text);
  } else {
    expect(() => encodeCp949(text)).toThrow(KcpEncodingError);
  }
}

function decodeAgrees(bytes: number[]): boolean {
  const buf = Buffer.from(bytes);
  return decodeCp949(buf) === iconv.decode(buf, 'euc-kr');
}


describe('CP949 fast paths agree with iconv-lite', () => {
  it('every one of the 11,172 Hangul syllables: bytes, length, extension flag, encodable — through the fast path', () => {
    let extension = 0;
    for (const s of SYLLABLES) {
      const want = expectedOf(s);
      expect(want.encodable).toBe(true);
      expect(encodeAsciiHangul(s)?.toString('hex')).toBe(want.bytes);
      expect(scanAsciiHangul(s)).toEqual({ bytes: 2, extension: want.extension });
      expect(decodeAsciiHangul(Buffer.from(want.bytes, 'hex'))).toBe(s);
      expectCodecAgrees(s);
      extension += want.extension.length;
    }
    // 2,350 syllables are KS X 1001; CP949 adds the other 8,822 (reference A6).
    expect(extension).toBe(11_172 - 2_350);
  });

  it('every ASCII character, alone and all together, is its own byte and never an extension', () => {
    for (const c of [...ASCII, ASCII.join('')]) {
      expect(encodeAsciiHangul(c)?.toString('hex')).toBe(iconv.encode(c, 'euc-kr').toString('hex'));
      expect(scanAsciiHangul(c)).toEqual({ bytes: c.length, extension: [] });
      expect(decodeAsciiHangul(Buffer.from(c, 'latin1'))).toBe(c);
      expectCodecAgrees(c);
    }
    expectCodecAgrees('');
  });

  it('every two-byte sequence lead 0x81–0xFE × trail 0x00–0xFF between ASCII decodes as iconv-lite decodes it', () => {
    let fast = 0;
    const disagreeing: string[] = [];
    for (let lead = 0x81; lead <= 0xfe; lead++) {
      for (let trail = 0x00; trail <= 0xff; trail++) {
        const bytes = [0x41, lead, trail, 0x42];
        if (decodeAsciiHangul(Buffer.from(bytes)) !== null) fast++;
        if (!decodeAgrees(bytes)) disagreeing.push(Buffer.from(bytes).toString('hex'));
      }
    }
    expect(disagreeing).toEqual([]);
    // Exactly the syllables' pairs take the fast path; invalid and other pairs are iconv-lite's.
    expect(fast).toBe(SYLLABLES.length);
  });

  it('single high bytes, a lead byte at the end and invalid sequences decode as iconv-lite decodes them', () => {
    for (let b = 0; b <= 0xff; b++) {
      expect(decodeAgrees([b])).toBe(true);
      expect(decodeAgrees([0x41, b])).toBe(true);
      expect(decodeAgrees([0xb0, 0xa1, b])).toBe(true);
    }
    for (const bytes of [[0x81, 0x20], [0xc8, 0x30, 0xc8], [0x80, 0xff, 0xc8, 0xab], [0xc8, 0xab, 0xc8], [0xa1, 0xa1, 0xb0, 0xa1]]) {
      expect(decodeAgrees(bytes)).toBe(true);
    }
    expect(decodeCp949(new Uint8Array(0))).toBe('');
  });

  it('mixed text of ASCII, syllables, Hanja, symbols, emoji and lone surrogates agrees, fast path or not', () => {
    const others = ['金', '㈜', '·', '€', 'é', 'Ａ', '㐂', '😀', '\ud800', '\udc00', '\ufeff', '?', 'ㄱ', 'ㅏ', '똠', '뷁'];
    const random = seededRandom(16);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    let tookFastPath = 0;
    for (let n = 0; n < 3_000; n++) {
      const onlyAsciiHangul = n % 2 === 0;
      let text = '';
      const length = Math.floor(random() * 30);
      for (let i = 0; i < length; i++) {
        const r = random();
        text += r < 0.45 ? pick(ASCII) : r < 0.9 || onlyAsciiHangul ? pick(SYLLABLES) : pick(others);
      }
      if (scanAsciiHangul(text) !== null) tookFastPath++;
      expectCodecAgrees(text);
    }
    expect(tookFastPath).toBeGreaterThanOrEqual(1_500);
  });

  it('byte strings mixing ASCII, syllable pairs and stray high bytes decode as iconv-lite decodes them', () => {
    const random = seededRandom(949);
    const syllablePairs = SYLLABLES.map((s) => [...iconv.encode(s, 'euc-kr')]);
    for (let n = 0; n < 3_000; n++) {
      const bytes: number[] = [];
      const parts = Math.floor(random() * 40);
      for (let i = 0; i < parts; i++) {
        const r = random();
        if (r < 0.4) bytes.push(Math.floor(random() * 0x80));
        else if (r < 0.95 || n % 2 === 0) bytes.push(...syllablePairs[Math.floor(random() * syllablePairs.length)]!);
        else bytes.push(0x80 + Math.floor(random() * 0x80));
      }
      expect(decodeAgrees(bytes)).toBe(true);
    }
  });

  it('a typical KCP answer and request take the fast paths', () => {
    const answer = 'res_cd=0000\x1fres_msg=정상처리\x1fbank_code=004\x1fowner_name=김똠순\x1f';
    expect(decodeAsciiHangul(iconv.encode(answer, 'euc-kr'))).toBe(answer);
    expect(encodeAsciiHangul(answer)?.toString('hex')).toBe(iconv.encode(answer, 'euc-kr').toString('hex'));
    expect(analyzeCp949('김똠순')).toEqual({ bytes: 6, encodable: true, extension: ['똠'] });
  });
});
