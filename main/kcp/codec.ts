// EUC-KR / CP949 codec (reference kcp-and-payup.md A6). KCP speaks EUC-KR; real data uses CP949, its superset,
// which is what iconv-lite's 'euc-kr' implements. iconv-lite silently writes '?' for a character it cannot
// encode, so every encode here is checked by a round trip: nothing half-encoded ever reaches KCP. ASCII and Hangul
// syllables, nearly all of what KCP carries, take iconv-lite-exact fast paths (cp949-hangul.ts, issue 16).
import iconv from 'iconv-lite';
import { decodeAsciiHangul, encodeAsciiHangul, isCp949ExtensionPair, scanAsciiHangul } from './cp949-hangul.ts';

export class KcpEncodingError extends Error {
  readonly code = 'KCP_UNENCODABLE';
  readonly characters: string[];
  constructor(field: string, characters: string[]) {
    super(
      `${field}에 KCP(EUC-KR)로 보낼 수 없는 글자가 있습니다: ${characters.map((c) => `'${c}'(U+${c.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')})`).join(', ')}. ` +
        '통장에 적힌 한글 예금주명으로 다시 입력하세요. 아무것도 전송하지 않았습니다.',
    );
    this.characters = characters;
  }
}

/** Characters of `text` that CP949 cannot represent (each listed once, in order). */
export function unencodableCharacters(text: string): string[] {
  // Fast path: the whole string round-trips (the common case); per-character search only to name the culprits.
  if (iconv.decode(iconv.encode(text, 'euc-kr'), 'euc-kr') === text) return [];
  const bad: string[] = [];
  for (const ch of text) {
    if (ch === '?') continue;
    const back = iconv.decode(iconv.encode(ch, 'euc-kr'), 'euc-kr');
    if (back !== ch && !bad.includes(ch)) bad.push(ch);
  }
  return bad;
}

/** Strict CP949 encode: throws KcpEncodingError naming the characters instead of writing '?'. */
export function encodeCp949(text: string, field = '값'): Buffer {
  // Every ASCII character and syllable is encodable: no round trip needed.
  const fast = encodeAsciiHangul(text);
  if (fast !== null) return fast;
  const buf = iconv.encode(text, 'euc-kr');
  if (iconv.decode(buf, 'euc-kr') !== text) throw new KcpEncodingError(field, unencodableCharacters(text));
  return buf;
}

export function decodeCp949(bytes: Uint8Array): string {
  const fast = decodeAsciiHangul(bytes);
  if (fast !== null) return fast;
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'euc-kr');
}

/**
 * Syllables CP949 adds to KS X 1001 (the 8,822 "extension" Hangul such as 똠, 뷁): encodable, but whether KCP's
 * EUC-KR side accepts them is unknown (reference A6) — the caller warns.
 */
export function cp949ExtensionCharacters(text: string): string[] {
  const scan = scanAsciiHangul(text);
  if (scan !== null) return scan.extension;
  const out: string[] = [];
  // Fast path: no byte of the whole string is a CP949-only lead byte (0x81–0xA0) or a low trail byte.
  const all = iconv.encode(text, 'euc-kr');
  let suspicious = false;
  for (let i = 0; i < all.length; i++) {
    const b = all[i] ?? 0;
    if (b >= 0x80) {
      const t = all[i + 1] ?? 0;
      if (b < 0xa1 || t < 0xa1) suspicious = true;
      i++;
    }
  }
  if (!suspicious) return out;
  for (const ch of text) {
    const b = iconv.encode(ch, 'euc-kr');
    if (b.length !== 2) continue;
    if (isCp949ExtensionPair(((b[0] ?? 0) << 8) | (b[1] ?? 0)) && !out.includes(ch)) out.push(ch);
  }
  return out;
}

export function cp949ByteLength(text: string): number {
  const scan = scanAsciiHangul(text);
  if (scan !== null) return scan.bytes;
  return iconv.encode(text, 'euc-kr').length;
}

/** Module output: with opt=1 strict UTF-8 first, then CP949 (reference A6 "Output"). */
export function decodeModuleOutput(bytes: Uint8Array, utf8First: boolean): string {
  if (utf8First) {
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      // not UTF-8: the module answered in EUC-KR despite opt=1
    }
  }
  return decodeCp949(bytes);
}

export type Cp949Analysis = {
  /** Byte length in CP949 (meaningful only when `encodable`). */
  bytes: number;
  encodable: boolean;
  /** CP949-only syllables (see cp949ExtensionCharacters). */
  extension: string[];
};

/**
 * One encode and one decode for the whole text (validation of 10,000 batch rows calls this per field): the
 * per-character searches run only when the fast checks find something to name.
 */
export function analyzeCp949(text: string): Cp949Analysis {
  const scan = scanAsciiHangul(text);
  if (scan !== null) return { bytes: scan.bytes, encodable: true, extension: scan.extension };
  const buf = iconv.encode(text, 'euc-kr');
  const encodable = iconv.decode(buf, 'euc-kr') === text;
  let extension: string[] = [];
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] ?? 0;
    if (b < 0x80) continue;
    if (b < 0xa1 || (buf[i + 1] ?? 0) < 0xa1) {
      extension = cp949ExtensionCharacters(text);
      break;
    }
    i++;
  }
  return { bytes: buf.length, encodable, extension };
}

