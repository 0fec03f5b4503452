// The audit writer's fast paths against their definitions (issue 4 per-event cost): multi-row INSERTs cover any
// row count exactly once, the one-shot leaf/chain hashes equal the domain-separated SHA-256 of the reference, and
// HMAC search tokens made with a cached KeyObject equal those made from the raw key.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { bulkInsert } from '../../main/store/bulk-insert.ts';
import { chainHash, chainMatches, leafDigestOfPrefixed, leafHash, leafHashOfPrefixed, prefixedRecord, ZERO_HASH } from '../../main/audit/hashing.ts';
import { subjectToken } from '../../main/audit/subject-token.ts';

describe('bulkInsert', () => {
  it('inserts every row once, in order, for any count (chunks of 128, 32, 8 and 1 rows)', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE t (n INTEGER PRIMARY KEY, v BLOB NOT NULL, k TEXT) STRICT');
    const insert = bulkInsert(db, 'INSERT INTO t (n, v, k) VALUES', 3);
    let next = 0;
    for (const count of [0, 1, 7, 8, 9, 127, 128, 129, 200, 1000]) {
      const values: unknown[] = [];
      for (let i = 0; i < count; i++, next++) values.push(next, Buffer.from([next & 0xff]), i % 2 ? null : `k${next}`);
      db.transaction(() => insert(values))();
      expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(next);
    }
    const rows = db.prepare('SELECT n, v, k FROM t ORDER BY n').all() as { n: number; v: Buffer; k: string | null }[];
    rows.forEach((r, i) => {
      expect(r.n).toBe(i);
      expect(r.v[0]).toBe(i & 0xff);
    });
    expect(() => insert([1, 2])).toThrow(/whole number/);
    db.close();
  });
});

describe('one-shot hashes', () => {
  const reference = {
    leaf: (r: Uint8Array) => createHash('sha256').update(Buffer.from([0])).update(r).digest(),
    chain: (p: Uint8Array, l: Uint8Array) => createHash('sha256').update(Buffer.from([1])).update(p).update(l).digest(),
  };

  it('leaf and chain equal SHA-256(0x00‖record) and SHA-256(0x01‖prev‖leaf), records of any size', () => {
    let prev: Buffer = ZERO_HASH;
    for (const size of [0, 1, 55, 56, 63, 64, 340, 1023, 1024, 5000, 70_000]) {
      const text = `{"x":"${'한'.repeat(size % 7)}${'a'.repeat(size)}"}`;
      const { prefixed, record } = prefixedRecord(text);
      expect(record.equals(Buffer.from(text, 'utf8'))).toBe(true);
      const leaf = leafHashOfPrefixed(prefixed);
      expect(leaf.equals(reference.leaf(record))).toBe(true);
      expect(leafHash(record).equals(leaf)).toBe(true);
      const chain = chainHash(prev, leaf);
      expect(chain.equals(reference.chain(prev, leaf))).toBe(true);
      const source = Buffer.concat([randomBytes(5), prev, randomBytes(3)]);
      const stored = Buffer.concat([randomBytes(7), chain]);
      expect(leafDigestOfPrefixed(prefixed)).toBe(leaf.toString('latin1'));
      for (const l of [leaf, leafDigestOfPrefixed(prefixed)]) {
        expect(chainMatches(source, 5, l, stored, 7)).toBe(true);
        stored[7 + (size % 32)]! ^= 1;
        expect(chainMatches(source, 5, l, stored, 7)).toBe(false);
        stored[7 + (size % 32)]! ^= 1;
      }
      prev = chain;
    }
    expect(() => leafHashOfPrefixed(Buffer.from('{}'))).toThrow(/prefix/);
  });

  it('the JS chain step equals node:crypto on 20,000 random inputs (and all-zero / all-0xff ones)', () => {
    const cases = [[Buffer.alloc(32), Buffer.alloc(32)], [Buffer.alloc(32, 0xff), Buffer.alloc(32, 0xff)]];
    for (let i = 0; i < 20_000; i++) cases.push([randomBytes(32), randomBytes(32)]);
    for (const [p, l] of cases) expect(chainHash(p!, l!).equals(reference.chain(p!, l!))).toBe(true);
    expect(chainHash(Buffer.alloc(31), Buffer.alloc(32)).equals(reference.chain(Buffer.alloc(31), Buffer.alloc(32)))).toBe(true);
    expect(() => chainMatches(Buffer.alloc(40), 9, Buffer.alloc(32), Buffer.alloc(32), 0)).toThrow(RangeError);
  });

  it('chainHash returns a new buffer each time (callers keep it as the next prev)', () => {
    const a = chainHash(ZERO_HASH, randomBytes(32));
    const b = chainHash(ZERO_HASH, randomBytes(32));
    expect(a.equals(b)).toBe(false);
    expect(a.buffer === b.buffer && a.byteOffset === b.byteOffset).toBe(false);
  });
});

describe("a batch's salts", () => {
  it('encoded from a range of the batch buffer equal the base64url of each 16-byte view (commit-batch.ts)', () => {
    const salts = randomBytes(16 * 300);
    for (let i = 0; i < 300; i++) {
      const text = salts.toString('base64url', i * 16, i * 16 + 16);
      expect(text).toBe(Buffer.from(salts.subarray(i * 16, i * 16 + 16)).toString('base64url'));
      expect(text).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(text, 'base64url').equals(salts.subarray(i * 16, i * 16 + 16))).toBe(true);
    }
  });
});

describe('subject tokens', () => {
  it('equal the truncated HMAC-SHA256 under the raw key, for several keys', () => {
    for (const key of [randomBytes(32), randomBytes(32)]) {
      for (const [kind, value, normal] of [
        ['phone', '010-1234-5678', 'phone:01012345678'],
        ['ci', ' CI-값 ', 'ci:CI-값'],
      ] as const) {
        expect(subjectToken(key, kind, value)).toBe(createHmac('sha256', key).update(normal).digest('hex').slice(0, 32));
      }
    }
  });
});
