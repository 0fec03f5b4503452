// The audit log's encrypted side table stores a blob compressed (Brotli) before encryption when that is smaller (audit
// migration 3, main/audit/blob-cipher.ts): fewer audit.db pages for the audit writer to encrypt at the commit and
// again at the WAL checkpoint. Checked on a real 100-document bulk send committed by the real batch commit into a
// real encrypted audit.db: the stored bytes shrink, the plain bytes read back are exactly those the record hashes,
// the per-document slices still disclose and verify; a blob stored before the migration (identity, the old AAD)
// still reads; a row whose encoding is changed is refused, not misread.
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AUDIT_MIGRATIONS, openAuditDatabase, type AuditDb } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { readBlobs } from '../../main/audit/stored-blobs.ts';
import { createBatchCommit } from '../../main/audit/commit-batch.ts';
import { entryEvent } from '../../main/audit/producer-batches.ts';
import { discloseSlices } from '../../main/audit/slices/disclose-slices.ts';
import { verifySliceDisclosure } from '../../main/audit/slices/verify-slice-disclosure.ts';
import { exchangeRecordSchema } from '../../main/http/exchange.ts';
import { runMigrations } from '../../main/store/migrations.ts';
import { openEncryptedSqlite } from '../../main/store/open-database.ts';
import type { AuditReads } from '../../main/reads/audit-reads.ts';
import { createSqliteAuditReads } from '../../main/reads/sqlite-audit-reads.ts';

const dirs: string[] = [];
const readers: AuditDb[] = [];
afterEach(() => {
  for (const r of readers.splice(0)) r.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The log's reads over a read-only connection of its own, as the audit service makes them (closed after the test). */
function readsOf(db: AuditDb): AuditReads {
  const reader = openAuditDatabase(db.name, keys.dbKey, { readonly: true });
  readers.push(reader);
  return createSqliteAuditReads(reader, { path: db.name, key: keys.dbKey });
}

function tempAuditFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-blob-compression-'));
  dirs.push(dir);
  return path.join(dir, 'audit.db');
}

const keys = deriveAuditKeys(Buffer.alloc(32, 0x5a));
const fixtureSchema = z.object({ seq: z.number().int(), record: exchangeRecordSchema });
const bulkSend = fixtureSchema.parse(JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/audit/bulk-send-exchange.json'), 'utf8')));
const storedRowSchema = z.array(z.object({ sha256: z.instanceof(Buffer), ciphertext: z.instanceof(Buffer), encoding: z.string() }));
const recordRefsSchema = z.object({ data: z.object({ blobs: z.record(z.string(), z.object({ sha256: z.string(), size: z.number() })) }) });

function storedRows(db: AuditDb, seq: number): z.infer<typeof storedRowSchema> {
  return storedRowSchema.parse(db.prepare('SELECT sha256, ciphertext, encoding FROM audit_blob WHERE seq = ? ORDER BY sha256').all(seq));
}

/** The genesis-less log is enough here: the batch commit chains from the empty log. */
function commitBulkSend(db: AuditDb): number {
  const built = entryEvent({ kind: 'exchange', seq: bulkSend.seq, json: JSON.stringify(bulkSend.record) }, keys.hmacKey, () => 0);
  expect(built.refused).toBeUndefined();
  return createBatchCommit(db, keys.blobKey)([built.event])[0]!;
}

describe('audit blobs compressed before encryption', () => {
  it('a bulk send: ~7× fewer stored bytes, the exact hashed bytes read back, slices disclose and verify', async () => {
    const db = openAuditDatabase(tempAuditFile(), keys.dbKey);
    try {
      const seq = commitBulkSend(db);
      const record = db.prepare('SELECT record FROM audit_record WHERE seq = ?').pluck().get(seq);
      const recordText = z.instanceof(Buffer).parse(record).toString('utf8');
      const refs = recordRefsSchema.parse(JSON.parse(recordText)).data.blobs;
      expect(Object.keys(refs).sort()).toEqual(['request_body', 'response_body', 'slices']);

      const rows = storedRows(db, seq);
      expect(rows.map((r) => r.encoding)).toEqual(['brotli', 'brotli', 'brotli']);
      const plainBytes = Object.values(refs).reduce((n, r) => n + r.size, 0);
      const storedBytes = rows.reduce((n, r) => n + r.ciphertext.length, 0);
      expect(plainBytes).toBe(103_174);
      expect(storedBytes).toBeLessThan(plainBytes / 5);

      const plain = await readBlobs(readsOf(db), keys.blobKey, seq);
      for (const [name, ref] of Object.entries(refs)) {
        const bytes = plain.get(ref.sha256);
        expect(bytes, name).toBeDefined();
        expect(bytes!.length).toBe(ref.size);
        expect(createHash('sha256').update(bytes!).digest('hex')).toBe(ref.sha256);
      }
      expect(plain.get(refs['request_body']!.sha256)!.toString('utf8')).toBe(bulkSend.record.requestBody);
      expect(plain.get(refs['response_body']!.sha256)!.toString('utf8')).toBe(bulkSend.record.responseBody);

      const third = JSON.parse(bulkSend.record.requestBody!) as { documents: { property: { external_document_uuid: string } }[] };
      const subject = { externalIds: [third.documents[2]!.property.external_document_uuid], binderUuids: [] };
      const disclosed = await discloseSlices(readsOf(db), keys.blobKey, seq, subject);
      expect(disclosed.map((d) => d.index)).toEqual([2]);
      expect(verifySliceDisclosure(recordText, disclosed[0], subject)).toMatchObject({ ok: true });
    } finally {
      db.close();
    }
  });

  it('a blob too small to gain is stored as it is', async () => {
    const db = openAuditDatabase(tempAuditFile(), keys.dbKey);
    try {
      const built = entryEvent({ kind: 'exchange', seq: 1, json: JSON.stringify({ ...bulkSend.record, endpoint: 'singleStatus', requestBody: null, responseBody: '{"a":1}' }) }, keys.hmacKey, () => 0);
      const seq = createBatchCommit(db, keys.blobKey)([built.event])[0]!;
      const rows = storedRows(db, seq);
      expect(rows.map((r) => r.encoding)).toEqual(['identity']);
      expect([...(await readBlobs(readsOf(db), keys.blobKey, seq)).values()].map((b) => b.toString('utf8'))).toEqual(['{"a":1}']);
    } finally {
      db.close();
    }
  });

  it('a blob stored before migration 3 (identity, AAD = its SHA-256) still reads after the upgrade', async () => {
    const file = tempAuditFile();
    const old = openEncryptedSqlite(file, keys.dbKey, { keyError: () => new Error('key') });
    const plain = Buffer.from(bulkSend.record.requestBody!, 'utf8');
    const sha256 = createHash('sha256').update(plain).digest();
    try {
      runMigrations(old, AUDIT_MIGRATIONS.slice(0, 2), () => new Error('too new'));
      // As the writer before migration 3 sealed every blob.
      const nonce = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', keys.blobKey, nonce);
      c.setAAD(sha256);
      const ciphertext = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
      old.prepare('INSERT INTO audit_blob (seq, sha256, nonce, ciphertext) VALUES (?, ?, ?, ?)').run(7, sha256, nonce, ciphertext);
    } finally {
      old.close();
    }
    const db = openAuditDatabase(file, keys.dbKey);
    try {
      expect(storedRows(db, 7).map((r) => r.encoding)).toEqual(['identity']);
      expect((await readBlobs(readsOf(db), keys.blobKey, 7)).get(sha256.toString('hex'))?.equals(plain)).toBe(true);
    } finally {
      db.close();
    }
  });

  it("a row whose encoding was changed is refused, never handed out as the record's bytes", async () => {
    const db = openAuditDatabase(tempAuditFile(), keys.dbKey);
    try {
      const seq = commitBulkSend(db);
      const trigger = z.string().parse(db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = 'audit_blob_no_update'`).pluck().get());
      db.exec('DROP TRIGGER audit_blob_no_update');
      db.prepare(`UPDATE audit_blob SET encoding = 'identity' WHERE seq = ?`).run(seq);
      db.exec(trigger);
      await expect(readBlobs(readsOf(db), keys.blobKey, seq)).rejects.toThrow(/authenticate/);
    } finally {
      db.close();
    }
  });
});
