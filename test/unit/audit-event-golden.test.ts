// The audit writer's events of two real docs-gw exchanges (a 100-document bulk send and a 100-document bulk status,
// recorded by the mailing bench against the sandbox simulator: test/fixtures/audit/bulk-*-exchange.json) must stay
// byte for byte what the writer built before its build was made cheaper (golden values computed at 01ce6b3): the
// record's canonical head and tail, every blob's SHA-256 and size, the subject index. A changed byte changes a leaf,
// a chain value and every proof and bundle made from it. The slice salts are also recomputed here with RFC 5869
// HKDF written out over HMAC, so the derivation itself is pinned, not only its output.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { exchangeRecordSchema } from '../../main/http/exchange.ts';
import { entryEvent } from '../../main/audit/producer-batches.ts';

const fixtures = path.join(import.meta.dirname, '../fixtures/audit');
const HMAC_KEY = Buffer.from('6b'.repeat(32), 'hex');
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const fixtureSchema = z.object({ seq: z.number().int(), record: exchangeRecordSchema });

function readFixture(name: string): z.infer<typeof fixtureSchema> {
  return fixtureSchema.parse(JSON.parse(readFileSync(path.join(fixtures, name), 'utf8')));
}

const GOLDEN = {
  'bulk-send-exchange.json': {
    ts: '2026-12-05T03:49:02.022Z',
    head: '724ab565f1a8544a5316f1c923e9b4310cb261b49bc046b281f220aba6e17262',
    tail: '394a461d1ec5cb6d5eb0ae1f70ab99d62ef662d0e89a86da6ab5fd661c66404b',
    blobs: [
      ['eda0b7b8b62a7f63e7c850ae17a4bb0f3dc7468fa5ebd383102098889f260ede', 32280],
      ['36ffbaea4605e248030271e8c2f8be9b7a234f3944195ec0d54a4569861484aa', 11001],
      ['68c6fb50c4cc7a105568d64cbbbc6d7a0162c37cd877e3894e1d6f8784170f2c', 59893],
    ],
    index: [103, '75cde5432657e048b72ed0ceee011e922655c54c4fd9c06186b877ad14fa3b1a'],
  },
  'bulk-status-exchange.json': {
    ts: '2026-12-05T03:49:11.719Z',
    head: '14594af9f2c333815080f06e807556293f9714012e8b7a39f0e9a977375ec8fa',
    tail: 'c3a884da1952838a5d3f48047f58d9ce75594e7b69379536c14c70ce87418ef8',
    blobs: [
      ['fc4aa7b5a1f86e01c95d851064f3a9005717c549cec36a84bcc4971192b9f3ba', 3927],
      ['6578869fcdab417751866d02afdffffab655bb3a9d1a2d5152248305f4761412', 17815],
      ['7c4a5ef3d72268570ab2d3b6d33b6fadbb7a81f1079d486bde8b4bed893617a9', 34001],
    ],
    index: [101, 'd5411ae828db41ba4f0fcacfb5054e67fc4c2e3a472d67d58266d66a1a134c14'],
  },
} as const;

/** RFC 5869 with an empty salt (HashLen zeros), written out: T(i) = HMAC(PRK, T(i−1) ‖ info ‖ i). */
function hkdfSha256(ikm: Buffer, info: string, length: number): Buffer {
  const prk = createHmac('sha256', Buffer.alloc(32)).update(ikm).digest();
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1; out.length * 32 < length; i++) {
    t = createHmac('sha256', prk).update(t).update(info).update(Uint8Array.of(i)).digest();
    out.push(t);
  }
  return Buffer.concat(out).subarray(0, length);
}

describe('audit events of real bulk exchanges (golden)', () => {
  for (const [name, golden] of Object.entries(GOLDEN)) {
    it(`${name}: record text, blobs and subject keys as before`, () => {
      const fixture = readFixture(name);
      const built = entryEvent({ kind: 'exchange', seq: fixture.seq, json: JSON.stringify(fixture.record) }, HMAC_KEY, () => 0);
      expect(built.refused).toBeUndefined();
      const e = built.event;
      expect(e.ts).toBe(golden.ts);
      expect(e.ev).toBe('net.exchange');
      expect(sha256(e.head)).toBe(golden.head);
      expect(sha256(e.tail)).toBe(golden.tail);
      expect(e.blobs.map((b) => [Buffer.from(b.sha256).toString('hex'), b.plain.length])).toEqual(golden.blobs);
      // The stated hash is the hash of the bytes handed to the commit.
      for (const b of e.blobs) expect(sha256(b.plain)).toBe(Buffer.from(b.sha256).toString('hex'));
      expect([e.index.length, sha256(e.index.join('\n'))]).toEqual(golden.index);
    });
  }

  it('the slice salts are HKDF-SHA256 under the audit HMAC key over the exchange (RFC 5869, recomputed)', () => {
    const { seq, record } = readFixture('bulk-send-exchange.json');
    const e = entryEvent({ kind: 'exchange', seq, json: JSON.stringify(record) }, HMAC_KEY, () => 0).event;
    const slices = e.blobs[2]!;
    const items = z.array(z.object({ salt: z.string(), external_document_uuid: z.string() })).parse(JSON.parse(Buffer.from(slices.plain).toString('utf8')));
    expect(items).toHaveLength(100);
    const info = `docdesk-audit/slice-salt/v1\nbulkSend\n${record.startedAt}\n100\n${items[0]!.external_document_uuid}\n0`;
    const expected = hkdfSha256(HMAC_KEY, info, 100 * 16);
    items.forEach((item, i) => expect(item.salt).toBe(expected.subarray(i * 16, i * 16 + 16).toString('base64url')));
  });
});
