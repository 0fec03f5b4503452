// CP949 without iconv-lite for the text KCP mostly carries: ASCII and precomposed Hangul syllables (reference
// kcp-and-payup.md A6: CP949 is EUC-KR's superset and iconv-lite's 'euc-kr' is CP949). iconv-lite's DBCS codec runs
// in JS, costs a codec lookup per call and needs a decode round trip to notice an unencodable character; the
// verification batch pays that per owner name, per order id and twice per message (issue 16). Every syllable's two
// bytes come from iconv-lite itself (one encode of all 11,172, built once, lazily), so these paths cannot disagree
// with it; any other text or byte sequence returns null and the caller takes the iconv-lite path.
import iconv from 'iconv-lite';

const FIRST_SYLLABLE = 0xac00;
const LAST_SYLLABLE = 0xd7a3;
const SYLLABLES = LAST_SYLLABLE - FIRST_SYLLABLE + 1;

type HangulTables = {
  /** (lead << 8) | trail of each syllable, indexed by code point − U+AC00; 0 when iconv-lite does not give 2 bytes. */
  bytesOf: Uint16Array;
  /** The syllable's code point, indexed by (lead << 8) | trail; 0 for every other pair. */
  syllableOf: Uint16Array;
};

let tables: HangulTables | null = null;

function hangulTables(): HangulTables {
  if (tables !== null) return tables;
  const bytesOf = new Uint16Array(SYLLABLES);
  const syllableOf = new Uint16Array(0x10000);
  let all = '';
  for (let i = 0; i < SYLLABLES; i++) all += String.fromCharCode(FIRST_SYLLABLE + i);
  const encoded = iconv.encode(all, 'euc-kr');
  // One encode is per-character concatenation only if every syllable came out as exactly two bytes and the whole
  // decodes back; otherwise (never seen with iconv-lite 0.7) no syllable takes the fast path.
  if (encoded.length === 2 * SYLLABLES && iconv.decode(encoded, 'euc-kr') === all) {
    for (let i = 0; i < SYLLABLES; i++) {
      const pair = ((encoded[2 * i] ?? 0) << 8) | (encoded[2 * i + 1] ?? 0);
      bytesOf[i] = pair;
      syllableOf[pair] = FIRST_SYLLABLE + i;
    }
  }
  tables = { bytesOf, syllableOf };
  return tables;
}

/** KS X 1001 (EUC-KR proper) uses 0xA1–0xFE for both bytes; any other pair is CP949's extension (reference A6). */
export function isCp949ExtensionPair(pair: number): boolean {
  const lead = pair >> 8;
  const trail = pair & 0xff;
  return !(lead >= 0xa1 && lead <= 0xfe && trail >= 0xa1 && trail <= 0xfe);
}

export type AsciiHangulScan = {
  bytes: number;
  /** CP949-only syllables, each once, in order of first appearance. */
  extension: string[];
};

/** CP949 byte length and extension syllables of ASCII-and-Hangul text; null for any other text. */
export function scanAsciiHangul(text: string): AsciiHangulScan | null {
  const { bytesOf } = hangulTables();
  let bytes = 0;
  let extension: string[] | null = null;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      bytes += 1;
      continue;
    }
    const pair = code >= FIRST_SYLLABLE && code <= LAST_SYLLABLE ? (bytesOf[code - FIRST_SYLLABLE] ?? 0) : 0;
    if (pair === 0) return null;
    bytes += 2;
    if (isCp949ExtensionPair(pair)) {
      const ch = text[i] ?? '';
      extension ??= [];
      if (!extension.includes(ch)) extension.push(ch);
    }
  }
  return { bytes, extension: extension ?? [] };
}

/** CP949 bytes of ASCII-and-Hangul text; null for any other text. */
export function encodeAsciiHangul(text: string): Buffer | null {
  const { bytesOf } = hangulTables();
  // At most two bytes per code unit: one pass, no counting pass first.
  const out = Buffer.allocUnsafe(2 * text.length);
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out[at++] = code;
      continue;
    }
    const pair = code >= FIRST_SYLLABLE && code <= LAST_SYLLABLE ? (bytesOf[code - FIRST_SYLLABLE] ?? 0) : 0;
    if (pair === 0) return null;
    out[at++] = pair >> 8;
    out[at++] = pair & 0xff;
  }
  return out.subarray(0, at);
}

/** Text of bytes that are ASCII or Hangul-syllable pairs only; null for anything else (iconv-lite decodes it). */
export function decodeAsciiHangul(bytes: Uint8Array): string | null {
  const { syllableOf } = hangulTables();
  let pairs = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) continue;
    // A lead byte at the very end, or any pair that is not a syllable (invalid ones too), is iconv-lite's to decode.
    if (i + 1 >= bytes.length || syllableOf[(b << 8) | (bytes[i + 1] ?? 0)] === 0) return null;
    pairs++;
    i++;
  }
  // Below 0x80 CP949 is ASCII and latin1 reads each byte as its code unit.
  if (pairs === 0) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  // UTF-16LE written byte by byte (independent of the platform's endianness), turned into a string natively.
  const units = Buffer.allocUnsafe(2 * (bytes.length - pairs));
  let at = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    const code = b < 0x80 ? b : (syllableOf[(b << 8) | (bytes[++i] ?? 0)] ?? 0);
    units[at++] = code & 0xff;
    units[at++] = code >> 8;
  }
  return units.toString('utf16le');
}
