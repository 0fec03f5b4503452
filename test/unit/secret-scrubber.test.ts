// Session 16: an exchange's logged strings are scrubbed by one secretScrubber per request, which finds each secret's
// URI-encoded form once instead of once per string. It must log exactly what scrubbing every string on its own
// logged before (the function as it was, kept here), on real-shaped and adversarial strings and secrets.
import { describe, expect, it } from 'vitest';
import { REDACTED, scrubSecrets, secretScrubber } from '../../main/http/redact.ts';
import { cancelSignature } from '../../main/payup/signature.ts';
import { seededRandom } from '../../main/imports/seeded-random.ts';

/** scrubSecrets as it was at 92e9f40: every call encodes every secret again. */
function scrubbedBefore(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    if (out.includes(secret)) out = out.replaceAll(secret, REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret && out.includes(encoded)) out = out.replaceAll(encoded, REDACTED);
  }
  return out;
}

const key = '7c0f3a9d52e14b6c8a1d0e9f4b3c2a51';
const signature = cancelSignature('M-SANDBOX-01', 'T000001000001', key);
const nfc = '취소 사유 ÅÉ';
const nfd = nfc.normalize('NFD');

const SECRET_SETS: string[][] = [
  [],
  [key, signature],
  [signature, key],
  ['abc', 'ab', ''], // all too short: nothing is replaced
  ['abcd', 'bcde'], // overlapping: the first replaced changes what the second finds
  ['a b&c=d/é', 'x%20y'], // encoded forms differ; one secret already looks encoded
  ['a%20b', 'a b'], // the second's encoded form is the first secret
  [nfc, nfd], // one text, two normalisations
  ['***', '****', REDACTED + 'x'], // secrets that look like the replacement
  ['\u0000\u0001\u001f\u007f', '"\\n\\u0000"', '\r\n\t '],
  ['__proto__', 'constructor', 'toString'],
  ['😀😀', '\u{1F600}abc'], // astral characters (a surrogate pair each)
  ['-0.0e+00', '9007199254740993', '1.7976931348623157e308'],
  ['q%2 q'], // overlaps its own encoded form 'q%252%20q': which is replaced first decides the result
];

const TEXTS: string[] = [
  '',
  `{"transactionId":"T000001000001","cancelReason":"벤치마크 취소","signature":"${signature}"}`,
  `/ep/api/kakao/M-SANDBOX-01/cancel?key=${key}&sig=${encodeURIComponent(signature)}`,
  'abcdeabcdbcde abcde',
  `a b&c=d/é ${encodeURIComponent('a b&c=d/é')} x%20y ${encodeURIComponent('x%20y')}`,
  `a b a%20b a%2520b`,
  `${nfc}|${nfd}|${encodeURIComponent(nfc)}|${encodeURIComponent(nfd)}`,
  '*** **** ******* ***x',
  '\u0000\u0001\u001f\u007f "\\n\\u0000" \r\n\t ',
  '{"__proto__":{"constructor":1},"toString":[[{"a":[]}]]}',
  '😀😀😀 \u{1F600}abc %F0%9F%98%80',
  'lone \ud800 high and \udc00 low surrogates \ud800😀',
  '-0.0e+00 9007199254740993 1.7976931348623157e308 -0',
  '{"b":1,"a":[1,2,{"z":null,"y":"\\u00e9"}],"unknown":"field"}',
  'q%2 q%252%20q',
];

/** Few characters, so secrets, their encoded forms and the texts overlap often. */
const ALPHABET = ['a', 'q', ' ', '%', '2', '0', '5', '*', 'é', 'e\u0301', '취', '\u0000', '"', '\\', '😀'];

describe('secretScrubber', () => {
  it('logs every string exactly as scrubbing it alone did before', () => {
    for (const secrets of SECRET_SETS) {
      const scrub = secretScrubber(secrets);
      for (const text of TEXTS) {
        expect(scrub.text(text), JSON.stringify({ secrets, text })).toBe(scrubbedBefore(text, secrets));
        expect(scrubSecrets(text, secrets)).toBe(scrubbedBefore(text, secrets));
      }
      const record = Object.fromEntries(TEXTS.map((t, i) => [`h${i}`, t]));
      expect(scrub.record(record)).toEqual(Object.fromEntries(TEXTS.map((t, i) => [`h${i}`, scrubbedBefore(t, secrets)])));
    }
  });

  it('logs what the string-by-string scrub logged on random overlapping secrets and texts', () => {
    const next = seededRandom(16);
    const word = (max: number): string => Array.from({ length: Math.floor(next() * max) }, () => ALPHABET[Math.floor(next() * ALPHABET.length)]).join('');
    for (let i = 0; i < 3000; i++) {
      const secrets = Array.from({ length: 1 + Math.floor(next() * 3) }, () => word(7));
      const pieces = [...secrets, ...secrets.map((x) => encodeURIComponent(x)), word(6), word(6)];
      const text = Array.from({ length: 1 + Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join(word(3));
      expect(secretScrubber(secrets).text(text), JSON.stringify({ secrets, text })).toBe(scrubbedBefore(text, secrets));
    }
  });

  it('replaces a PayUp request\'s key and signature, and only them', () => {
    const scrub = secretScrubber([key, signature]);
    expect(scrub.text(TEXTS[1] ?? '')).toBe(`{"transactionId":"T000001000001","cancelReason":"벤치마크 취소","signature":"${REDACTED}"}`);
    expect(scrub.record({ 'content-type': 'application/json; charset=utf-8', host: `h:${key}` })).toEqual({ 'content-type': 'application/json; charset=utf-8', host: `h:${REDACTED}` });
  });

  it('refuses a secret encodeURIComponent refuses (a lone surrogate) as the string-by-string scrub did', () => {
    for (const secret of ['ab\ud800cd', '\udc00xyz']) {
      expect(() => scrubbedBefore('text', [secret])).toThrow(URIError);
      expect(() => secretScrubber([secret])).toThrow(URIError);
      expect(() => scrubSecrets('text', [secret])).toThrow(URIError);
    }
    // Too short to be scrubbed: never encoded, never refused, before or now.
    expect(secretScrubber(['\ud800']).text('\ud800')).toBe(scrubbedBefore('\ud800', ['\ud800']));
  });
});
