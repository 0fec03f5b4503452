// A document's item in a table of its own (migration 15): the documents row that every claim, answer and status
// poll rewrites no longer carries the ~400-byte draft the sender puts on the wire, so a 4 KB page holds ~35 rows
// instead of 8 and a send step's commit writes half the documents pages it did (issue 16; measured by
// test/bench/journal-replay.ts). The item is read only where a request is built and by the one-document actions.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { emptyDocumentRows, pushDocumentRow } from '../../main/mailing/document-rows.ts';
import { createJournal } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { createStoredDocumentReader } from '../../main/mailing/stored-document.ts';
import { applyMigrations, MIGRATIONS, runMigrations } from '../../main/store/migrations.ts';
import { openDatabase, openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

/** A list row as an import stores it: a phone recipient, the institution's texts, its own link (~350 bytes). */
const draft = (i: number) => ({
  title: '2026년 12월분 관리비 고지서 (101동 1203호)',
  receiver: { phone_number: `010${String(20_000_000 + i).padStart(8, '0')}`, name: '홍길동', birthday: '19800101', is_required_verify_name: true },
  read_expired_sec: 2_592_000,
  property: { link: `https://docdesk.example/bills/2026-12/${String(i).padStart(8, '0')}`, cs_number: '1588-0000', cs_name: '한빛관리사무소' },
  sourceRow: i + 2,
});
const itemOf = ({ sourceRow: _row, ...item }: ReturnType<typeof draft>) => item;

const rowsPerLeafPage = (db: Db, table: string): number => {
  const s = z.object({ rows: z.number(), pages: z.number() }).parse(
    db.prepare(`SELECT sum(ncell) AS rows, count(*) AS pages FROM dbstat WHERE name = ? AND pagetype = 'leaf'`).get(table),
  );
  return s.rows / s.pages;
};

it('a documents page holds ≥ 20 rows (8 with the item in the row): the item is stored beside it', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const q = createMailingQueries(db);
  const documents = Array.from({ length: 3_000 }, (_, i) => draft(i));
  const id = await q.createMailing({ name: '12월 고지', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents });
  // With the item in the row a page held 8 of them: every claim and answer rewrote ~13 pages per 100 documents.
  expect(rowsPerLeafPage(db, 'documents')).toBeGreaterThanOrEqual(20);
  // The items are all there, one per document, under the document's id.
  const stored = db.prepare('SELECT d.source_row, i.item_json FROM documents d JOIN document_items i ON i.document_id = d.id WHERE d.mailing_id = ? ORDER BY d.id').raw().all(id);
  expect(stored).toEqual(documents.map((d) => [d.sourceRow, JSON.stringify(itemOf(d))]));
  db.close();
});

it('migration 15 moves every stored item under its document id; a claim and the one-document reader read it from there', () => {
  const db = openEncryptedSqlite(path.join(tempDir(), 'd.db'), randomBytes(32), { keyError: () => new Error('key') });
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 15), (v) => new Error(String(v)));
  db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at)
              VALUES ('M-old', '이전', 'DDOLD', 'sandbox', 'a.xlsx', '{}', '{}', 'IMPORTED', 1, 1)`).run();
  const ins = db.prepare(`INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, created_at)
                          VALUES ('M-old', ?, ?, '', ?, 'QUEUED', 1, 1)`);
  const docs = [draft(0), draft(1), draft(2)].map((d) => ({ d, id: Number(ins.run(d.sourceRow, `p:${d.receiver.phone_number}`, JSON.stringify(itemOf(d))).lastInsertRowid) }));
  applyMigrations(db);

  const columns = db.prepare(`SELECT name FROM pragma_table_info('documents')`).pluck().all();
  expect(columns).not.toContain('item_json');
  expect(db.prepare('SELECT document_id, item_json FROM document_items ORDER BY document_id').raw().all()).toEqual(docs.map(({ d, id }) => [id, JSON.stringify(itemOf(d))]));

  const chunk = createJournal(db).claimChunk('M-old', 2);
  expect(chunk?.documents.map((c) => [c.id, c.itemJson])).toEqual(docs.slice(0, 2).map(({ d, id }) => [id, JSON.stringify(itemOf(d))]));
  expect(createStoredDocumentReader(db)(docs[2]!.id)?.item).toEqual(itemOf(docs[2]!.d));
  db.close();
});

it('a list discarded before it completed takes its items with it', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const q = createMailingQueries(db);
  const writer = await q.beginImport({ name: '중단', profile: 'sandbox', sourceFile: 'b.xlsx', defaults: {} });
  const rows = emptyDocumentRows();
  for (const d of [draft(0), draft(1)]) pushDocumentRow(rows, d);
  await writer.store(rows);
  expect(db.prepare('SELECT count(*) FROM document_items').pluck().get()).toBe(2);
  expect(q.discardIncompleteImports()).toBe(1);
  expect(db.prepare('SELECT count(*) FROM document_items').pluck().get()).toBe(0);
  db.close();
});
