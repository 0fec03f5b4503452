// RFC 8785 (JCS) with the audit log's restrictions (reference evidence-and-audit.md §3): NFC strings, integers only.
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalize } from '../../main/audit/jcs.ts';
import { chainHash, leafHash, ZERO_HASH } from '../../main/audit/hashing.ts';
import { createHash } from 'node:crypto';

describe('JCS canonicalisation', () => {
  it('RFC 8785 §3.2.2 string and literal vector (numbers part omitted: the audit log has no floats)', () => {
    const input = JSON.parse('{"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}') as unknown;
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('RFC 8785 §3.2.3 property sorting by UTF-16 code units', () => {
    const input = JSON.parse('{"\\u20ac":"Euro Sign","\\r":"Carriage Return","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}') as Record<string, string>;
    const out = canonicalize(input);
    // (JSON.parse would re-order "1" first: integer-like keys enumerate first in JS, so compare the text.)
    expect(out).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face"}',
    );
  });

  it('RFC 8785 Appendix B integers, and -0 as 0', () => {
    expect(canonicalize([0, -0, 1, -1, 9007199254740991, -9007199254740991, 1e21 / 1e6])).toBe('[0,0,1,-1,9007199254740991,-9007199254740991,1000000000000000]');
  });

  it('refuses floats, unsafe integers, NaN, lone surrogates and non-plain objects', () => {
    for (const bad of [1.5, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, '\ud800', new Date(0), () => 1]) {
      expect(() => canonicalize({ x: bad })).toThrow(CanonicalJsonError);
    }
  });

  it('normalises strings and keys to NFC, so Hangul in NFD hashes like NFC', () => {
    const nfc = '한글 김철수';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(canonicalize({ [nfd]: nfd })).toBe(canonicalize({ [nfc]: nfc }));
    expect(() => canonicalize({ [nfd]: 1, [nfc]: 2 })).toThrow(/duplicate key/);
  });

  it('ASCII and precomposed Hangul syllables are written as they are, exactly as ICU NFC would leave them', () => {
    // Every syllable on its own and between ASCII characters.
    for (let cp = 0xac00; cp <= 0xd7a3; cp++) {
      const s = `a${String.fromCharCode(cp)}~`;
      expect(s.normalize('NFC')).toBe(s);
      expect(canonicalize(s)).toBe(JSON.stringify(s));
    }
    // Random mixes (a fixed LCG: the same strings every run).
    let x = 12345;
    const next = (n: number): number => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
    for (let i = 0; i < 20_000; i++) {
      const s = Array.from({ length: 1 + next(8) }, () => String.fromCharCode(next(3) === 0 ? next(0x80) : 0xac00 + next(0xd7a4 - 0xac00))).join('');
      expect(canonicalize({ [s]: s })).toBe(`{${JSON.stringify(s.normalize('NFC'))}:${JSON.stringify(s.normalize('NFC'))}}`);
    }
    // A syllable followed by a conjoining jamo is NOT in NFC (가 + ᆨ → 각): it still goes through ICU.
    expect(canonicalize('가\u11a8')).toBe('"각"');
    expect(canonicalize('\u1100\u1161')).toBe('"가"');
  });

  it('drops undefined members, keeps nested order canonical, escapes control characters as \\u00xx', () => {
    expect(canonicalize({ b: { d: 1, c: [{ z: 1, a: 2 }] }, a: undefined, e: '\u0001\t' })).toBe('{"b":{"c":[{"a":2,"z":1}],"d":1},"e":"\\u0001\\t"}');
  });
});

describe('domain-separated hashing', () => {
  it('leaf = SHA-256(0x00‖record), chain = SHA-256(0x01‖prev‖leaf)', () => {
    const record = Buffer.from('{"a":1}');
    const leaf = leafHash(record);
    expect(leaf.toString('hex')).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([0]), record])).digest('hex'));
    expect(chainHash(ZERO_HASH, leaf).toString('hex')).toBe(createHash('sha256').update(Buffer.concat([Buffer.from([1]), ZERO_HASH, leaf])).digest('hex'));
    // a leaf can never equal the chain step over the same bytes
    expect(leafHash(Buffer.concat([ZERO_HASH, leaf])).equals(chainHash(ZERO_HASH, leaf))).toBe(false);
  });
});
