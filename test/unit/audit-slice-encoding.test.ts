// The slices' fast paths (issue 16) against their references, byte for byte: plain-canonical.ts and slice-text.ts
// against jcs.ts canonicalize on real-shaped and adversarial values, encodeSlices against per-slice UTF-8 and
// SHA-256, sliceRoot against sliceTree and an independent RFC 9162 recomputation; and documentSlices of real-shaped
// records pinned to what 92e9f40 (before the fast paths) computed.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalize } from '../../main/audit/jcs.ts';
import { parseExchangeBodies } from '../../main/audit/exchange-bodies.ts';
import { documentSlices } from '../../main/audit/slices/document-slices.ts';
import { documentItems, type DocumentItems } from '../../main/audit/slices/exchange-items.ts';
import { plainCanonicalText } from '../../main/audit/slices/plain-canonical.ts';
import { sliceText } from '../../main/audit/slices/slice-text.ts';
import { encodeSlices, sliceRoot, sliceTree } from '../../main/audit/slices/slice-tree.ts';
import { hangulBulkSend, pollBulkStatus } from '../helpers/bulk-exchange-records.ts';
import { naiveMth } from '../helpers/naive-merkle.ts';

const HMAC_KEY = Buffer.alloc(32, 7);

/** canonicalize's text, or the error class it throws. */
function reference(value: unknown): string | Error {
  try {
    return canonicalize(value);
  } catch (err) {
    if (err instanceof CanonicalJsonError) return err;
    throw err;
  }
}

class Point {
  x = 1;
}
const holey: unknown[] = [1, , 3]; // eslint-disable-line no-sparse-arrays -- a hole on purpose
const nullProto: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
nullProto['b'] = 1;
nullProto['a'] = [2];

/** Values where a JSON writer is easily one character off. */
const ADVERSARIAL: unknown[] = [
  '한글 김철수',
  '한글 김철수'.normalize('NFD'),
  '가\u11a8',
  'e\u0301',
  '\u212b',
  '"\\/\b\f\n\r\t',
  Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join(''),
  '\u007f\u0080\u00a0\u2028\u2029\ufeff',
  '\ud800',
  'a\udc00b',
  '\ud83d\ude00',
  '\ud83d\ude00'.slice(0, 1),
  '',
  0,
  -0,
  1.5,
  -1e-7,
  1e21,
  2 ** 53,
  2 ** 53 - 1,
  -(2 ** 53 - 1),
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  null,
  [],
  {},
  [[[]], [{}], [null, [0, [-0]]]],
  { b: 1, a: 2 },
  { b: { d: [{ z: 1, y: '한' }], c: null }, a: [] },
  { 10: 'ten', 9: 'nine', a: 'a', 1: 'one', '01': 'zero-one' },
  { _: 1, A: 2, a: 3, '': 4, ' ': 5, '~': 6 },
  { '\n': 1, '\u0000': 2, '\u001f': 3, '"': 4, '\\': 5 },
  { 이름: '김', name: 'kim' },
  { ['한'.normalize('NFD')]: 1 },
  { ['\u212a']: 1, K: 2 },
  JSON.parse('{"__proto__":{"x":1},"a":1}') as unknown,
  JSON.parse('{"b":1,"__proto__":[],"constructor":"c","toString":0}') as unknown,
  { toJSON: 'not called', a: 1 },
  { toJSON: () => 'called' },
  { a: undefined, b: 1 },
  { a: [undefined] },
  holey,
  nullProto,
  new Date(0),
  new Map([['a', 1]]),
  new Point(),
  Object.assign([1, 2], { extra: 3 }),
  () => 1,
  Symbol('s'),
  10n,
  undefined,
];

/** Random JSON-ish values (a fixed LCG) over the characters and shapes above. */
function randomValues(count: number): unknown[] {
  let x = 4242;
  const next = (n: number): number => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % n);
  const chars = ['a', 'Z', '_', '0', '9', '"', '\\', '\n', '\u0001', '가', '힣', '\u1100', '\u0301', '\ud800', '\udc00', '😀', 'é', '~', ' '];
  const str = (): string => Array.from({ length: next(6) }, () => chars[next(chars.length)]!).join('');
  const value = (depth: number): unknown => {
    switch (next(depth > 3 ? 5 : 8)) {
      case 0:
        return str();
      case 1:
        return [0, -0, 7, -12, 2 ** 53 - 1, 2 ** 53, 0.5][next(7)];
      case 2:
        return [true, false, null][next(3)];
      case 3:
        return `ascii-${next(1000)}`;
      case 4:
        return next(100_000);
      case 5:
      case 6:
        return Object.fromEntries(Array.from({ length: next(5) }, () => [next(3) === 0 ? str() : ['b', 'a', 'status_data', 'doc_box_status', '10', '2', '__proto__'][next(7)]!, value(depth + 1)]));
      default:
        return Array.from({ length: next(4) }, () => value(depth + 1));
    }
  };
  return Array.from({ length: count }, () => value(0));
}

describe('plainCanonicalText: canonicalize, byte for byte, or nothing', () => {
  it('adversarial values: equal to canonicalize where it writes, never where canonicalize refuses', () => {
    ADVERSARIAL.forEach((value, i) => {
      const fast = plainCanonicalText(value);
      if (fast !== undefined) expect(fast, `ADVERSARIAL[${i}]`).toBe(reference(value));
    });
    // What it must write itself (else the fast path silently stopped being one).
    for (const value of ['한글 김철수', '"\\/\b\f\n\r\t', -0, { b: 1, a: 2 }, { 10: 'ten', 9: 'nine', a: 'a' }, { _: 1, A: 2, a: 3, '': 4 }, { '\n': 1, '\u0000': 2 }, JSON.parse('{"__proto__":{"x":1},"a":1}') as unknown, nullProto, { toJSON: 'not called', a: 1 }]) {
      expect(plainCanonicalText(value), JSON.stringify(value)).toBeDefined();
    }
    expect(plainCanonicalText({ 10: 'ten', 9: 'nine', a: 'a', 1: 'one', '01': 'zero-one' })).toBe('{"01":"zero-one","1":"one","10":"ten","9":"nine","a":"a"}');
    expect(plainCanonicalText(JSON.parse('{"b":1,"__proto__":{"x":1}}') as unknown)).toBe('{"__proto__":{"x":1},"b":1}');
  });

  it('random values: equal to canonicalize wherever it writes, and it writes most of them', () => {
    let written = 0;
    const values = randomValues(5_000);
    for (const value of values) {
      const fast = plainCanonicalText(value);
      if (fast === undefined) continue;
      written++;
      expect(fast).toBe(reference(value));
    }
    expect(written).toBeGreaterThan(values.length / 3);
  });

  it('every item of a poll round and of a Hangul bulk send', () => {
    for (const r of [pollBulkStatus(), hangulBulkSend()]) {
      for (const item of documentItems(r, parseExchangeBodies(r))!) {
        for (const value of [item.request, item.response]) {
          const fast = plainCanonicalText(value ?? null);
          if (fast !== undefined || r.endpoint === 'bulkStatus') expect(fast).toBe(canonicalize(value ?? null));
        }
      }
    }
  });
});

describe('sliceText: canonicalize of the slice object, byte for byte', () => {
  const slice = (salt: string, item: DocumentItems) => ({ v: 1, salt, ...item, request: item.request ?? null, response: item.response ?? null });
  const salt = 'AbC_-0123456789abcdefgh';

  it('real-shaped items, every combination of ids, null sides', () => {
    for (const r of [pollBulkStatus(), hangulBulkSend()]) {
      documentItems(r, parseExchangeBodies(r))!.forEach((item, i) => expect(sliceText(salt, item, i)).toBe(canonicalize(slice(salt, item))));
    }
    const items: DocumentItems[] = [
      { external_document_uuid: 'E-1', document_binder_uuid: 'B-1', request: { b: 1, a: 2 }, response: { z: '한' } },
      { external_document_uuid: 'E-1', request: { x: 1 }, response: null },
      { document_binder_uuid: 'B-1', request: null, response: { document_binder_uuid: 'B-1' } },
      { document_binder_uuid: 'B-1', request: 'B-1', response: undefined },
      { external_document_uuid: '한글'.normalize('NFD'), document_binder_uuid: 'B\u0000"', request: 'x', response: 'y' },
    ];
    items.forEach((item, i) => expect(sliceText(salt, item, i)).toBe(canonicalize(slice(salt, item))));
  });

  it('adversarial items: the same text where canonicalize writes, CanonicalJsonError where it refuses', () => {
    ADVERSARIAL.forEach((value, i) => {
      for (const item of [
        { document_binder_uuid: 'B-1', request: 'B-1', response: value },
        { external_document_uuid: 'E-1', request: value, response: { external_document_uuid: 'E-1' } },
      ] as DocumentItems[]) {
        const expected = reference(slice(salt, item));
        if (expected instanceof Error) expect(() => sliceText(salt, item, i)).toThrow(CanonicalJsonError);
        else expect(sliceText(salt, item, i)).toBe(expected);
      }
    });
  });
  it('deep nesting: what canonicalize gives — the text, or its RangeError where it runs out of stack', () => {
    const nested = (depth: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
      return v;
    };
    for (const depth of [10, 63, 64, 65, 1_000, 8_000, 12_000, 100_000]) {
      const item: DocumentItems = { document_binder_uuid: 'B-1', request: 'B-1', response: nested(depth) };
      let expected: string | RangeError;
      try {
        expected = canonicalize(slice(salt, item));
      } catch (err) {
        if (!(err instanceof RangeError)) throw err;
        expected = err;
      }
      if (expected instanceof RangeError) expect(() => sliceText(salt, item, 0), `depth ${depth}`).toThrow(RangeError);
      else expect(sliceText(salt, item, 0), `depth ${depth}`).toBe(expected);
    }
    // Whatever the stack of the thread: the fast path never goes deep, canonicalize decides there.
    expect(plainCanonicalText(nested(10))).toBe(canonicalize(nested(10)));
    expect(plainCanonicalText(nested(1_000))).toBeUndefined();
  });
});

describe('encodeSlices and sliceRoot', () => {
  const naiveLeaf = (text: string): Buffer => createHash('sha256').update(Buffer.of(0)).update(Buffer.from(text, 'utf8')).digest();

  it('the blob is the JCS array of the texts in a buffer of its own; each leaf is SHA-256(0x00 ‖ UTF-8)', () => {
    for (const texts of [['{"a":1}'], ['{"a":1}', '{"b":"한글"}', '{"c":"😀"}', '{"d":"\\u0000"}'], Array.from({ length: 100 }, (_, i) => `{"i":${i},"s":"${'é'.repeat(i % 3)}"}`), ['"x"', '"y"']]) {
      const { blob, leaves } = encodeSlices(texts);
      expect(blob.toString('utf8')).toBe(`[${texts.join(',')}]`);
      expect(blob.byteOffset).toBe(0);
      expect(blob.buffer.byteLength).toBe(blob.length);
      expect(leaves.length).toBe(texts.length * 32);
      texts.forEach((t, i) => expect(leaves.subarray(i * 32, (i + 1) * 32).equals(naiveLeaf(t)), t).toBe(true));
    }
  });

  it('sliceRoot is MTH of the leaves for every size 1–140 and around powers of two', () => {
    for (const n of [...Array.from({ length: 140 }, (_, i) => i + 1), 255, 256, 257, 1_000]) {
      const leaves = Array.from({ length: n }, () => randomBytes(32));
      const root = sliceRoot(Buffer.concat(leaves));
      expect(root.equals(naiveMth(leaves)), `n=${n}`).toBe(true);
      expect(root.equals(sliceTree(leaves).root)).toBe(true);
    }
    expect(() => sliceRoot(Buffer.alloc(0))).toThrow(RangeError);
    expect(() => sliceRoot(Buffer.alloc(33))).toThrow(RangeError);
  });
});

describe('documentSlices of real-shaped records: the bytes 92e9f40 computed', () => {
  // Computed with main/audit/slices at 92e9f40 (canonicalize per slice, encodeSlice per text, sliceTree): root, SHA-256 of the blob.
  const pinned: [string, () => ReturnType<typeof pollBulkStatus>, number, string, string][] = [
    ['poll round, 100 documents', () => pollBulkStatus(), 100, '0b89260203d6a2e9d230d82c14f06a32348ffa3b73d57769dc8e021cea9015b0', '92d0df6ed909dba5c83cce60245a8a329729419b088c57d924aefb092a5e1213'],
    ['Hangul bulk send, 20 documents', () => hangulBulkSend(), 20, 'a2c3544c2e48ba688398a5a681a68995d084083d7d820640dde04677d45cb111', '42f321e7862c38f8fd9a1fea96bdbcc322659ecce6e23c056fdfb0ce18198e60'],
    ['poll round, 1,000 documents', () => pollBulkStatus(1_000, 5), 1_000, 'eb478d240dd9df1e2901ec2caad2d8b6d6055cec1b1553477187050e409adf68', '0ed9f45cfa44cfa49b0d7abc721864cd2ec77fde9af4e2f6f259316abc911811'],
  ];
  for (const [name, make, count, root, blobSha256] of pinned) {
    it(name, () => {
      const s = documentSlices(make(), HMAC_KEY)!;
      expect(s.texts).toHaveLength(count);
      expect(s.root.toString('hex')).toBe(root);
      expect(createHash('sha256').update(s.blob).digest('hex')).toBe(blobSha256);
      expect(s.blob.toString('utf8')).toBe(`[${s.texts.join(',')}]`);
    });
  }
});
