// Binder uuid → document (main/mailing/binder-index.ts, migration 10): found from the moment a document is accepted,
// before and after its batch is written into the sorted index, by the document view, the grid search and the audit
// export; binders accepted before migration 10 move into the index.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { resolveDocumentSubject } from '../../main/audit/subject-resolver.ts';
import { createDocumentQueries } from '../../main/documents/query.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { BINDER_INDEX_BATCH, createBinderIndex } from '../../main/mailing/binder-index.ts';
import { createSubjectReads } from '../../main/mailing/subject-reads.ts';
import { createJournal, type Chunk } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { applyMigrations, MIGRATIONS, runMigrations } from '../../main/store/migrations.ts';
import { openDatabase, openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { queryPlan, recordPreparedSql } from '../helpers/sql-plans.ts';
import { tempDir } from '../helpers/test-backend.ts';

const count = (db: Db, table: string): number => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
const binderOf = (id: number): string => `BIN-${randomBytes(8).toString('hex')}-${id}`;

async function listOf(db: Db, n: number): Promise<string> {
  const documents = Array.from({ length: n }, (_, i) => ciDraftItem(i));
  return createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents });
}

/** Claims and accepts every queued document in chunks of 100; returns document id → binder. */
function acceptAll(db: Db, mailingId: string, upTo: number): Map<number, string> {
  const journal = createJournal(db);
  const binders = new Map<number, string>();
  for (let chunk: Chunk | null = journal.claimChunk(mailingId, 100); chunk !== null && binders.size < upTo; ) {
    const results = chunk.documents.map((d) => {
      binders.set(d.id, binderOf(d.id));
      return { documentId: d.id, kind: 'accepted' as const, binderUuid: binders.get(d.id)! };
    });
    chunk = binders.size < upTo ? journal.applyChunkAndClaimNext(chunk, 'DONE', 200, '', results, 5_000, 100) : (journal.applyChunk(chunk, 'DONE', 200, '', results, 5_000), null);
  }
  return binders;
}

async function expectFound(db: Db, id: number, binder: string): Promise<void> {
  const q = createMailingQueries(db);
  expect(q.documentDetail(binder)?.id).toBe(id);
  expect(q.documentDetail(binder)?.documentBinderUuid).toBe(binder);
  const subjects = createSubjectReads(db);
  const audit = { documentSentIds: async (ref: string) => subjects.documentSentIds(ref), recipientSentIds: async (phone: string) => subjects.recipientSentIds(phone) };
  expect(await resolveDocumentSubject({ audit }, binder)).toMatchObject({ binderUuids: [binder] });
  const page = createDocumentQueries(db).query({ search: binder.slice(0, -2), limit: 50, offset: 0, sort: 'id', direction: 'asc' });
  expect(page.rows.map((r) => r.id)).toContain(id);
  expect(page.rows.find((r) => r.id === id)?.documentBinderUuid).toBe(binder);
}

it('finds a binder while it waits for its batch and after the batch is written sorted into the index', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailingId = await listOf(db, BINDER_INDEX_BATCH + 300);
  createJournal(db).queueDrafts(mailingId);

  const first = acceptAll(db, mailingId, 100);
  const [id, binder] = [...first][0]!;
  expect(count(db, 'document_binders')).toBe(0);
  expect(count(db, 'document_binders_pending')).toBe(100);
  await expectFound(db, id, binder);

  const all = new Map([...first, ...acceptAll(db, mailingId, BINDER_INDEX_BATCH)]);
  expect(all.size).toBeGreaterThanOrEqual(BINDER_INDEX_BATCH);
  expect(count(db, 'document_binders') + count(db, 'document_binders_pending')).toBe(all.size);
  expect(count(db, 'document_binders')).toBeGreaterThanOrEqual(BINDER_INDEX_BATCH);
  await expectFound(db, id, binder);
  const [lastId, lastBinder] = [...all].at(-1)!;
  await expectFound(db, lastId, lastBinder);
  // The random binder index on documents is no longer written.
  expect(db.prepare('SELECT count(*) FROM documents WHERE document_binder_uuid IS NOT NULL').pluck().get()).toBe(0);
  db.close();
});

it('migration 10 moves the binders of documents accepted before it into the index', async () => {
  const db = openEncryptedSqlite(path.join(tempDir(), 'd.db'), randomBytes(32), { keyError: () => new Error('key') });
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 10), (v) => new Error(String(v)));
  db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at)
              VALUES ('M-old', '이전', 'DDOLD', 'sandbox', 'a.xlsx', '{}', '{}', 'SENT', 1, 1)`).run();
  const ins = db.prepare(`INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, document_binder_uuid, accepted_at, created_at)
                          VALUES ('M-old', ?, 'ci:x', '', '{}', ?, 1, ?, 1, 1)`);
  const accepted = Number(ins.run(2, 'ACCEPTED', 'BIN-old-1').lastInsertRowid);
  ins.run(3, 'REJECTED', null);
  applyMigrations(db);
  expect(db.prepare('SELECT binder_uuid, document_id FROM document_binders').raw().all()).toEqual([['BIN-old-1', accepted]]);
  expect(db.prepare('SELECT gateway_binder_uuid FROM documents ORDER BY id').pluck().all()).toEqual(['BIN-old-1', null]);
  await expectFound(db, accepted, 'BIN-old-1');
  db.close();
});

it('reads how many binders wait for their batch with two seeks, not a scan of the pending table (every answer step asks)', () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const prepared = recordPreparedSql(db);
  createBinderIndex(db);
  const reads = prepared.filter((sql) => /^\s*SELECT\b/.test(sql));
  expect(reads).toHaveLength(1);
  for (const sql of reads) expect(queryPlan(db, sql).filter((line) => line.startsWith('SCAN document_binders_pending')), sql).toEqual([]);
  db.close();
});
