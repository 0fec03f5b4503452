// Recipient search terms (document_search, migration 9): one definition in main/mailing/search-terms.ts, the
// same terms the migration derives from stored rows, and no term left behind by a list that is discarded.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { emptyDocumentRows, recipientKey } from '../../main/mailing/document-rows.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { searchTermsOf } from '../../main/mailing/search-terms.ts';
import { applyMigrations, MIGRATIONS, runMigrations } from '../../main/store/migrations.ts';
import { openDatabase, openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

const KEYS = [
  'p:01012345678:홍길동:19800101',
  'p:0212345678:김 민준:20000229',
  'p:01099990000:Kim Min-jun:19991231',
  `ci:${'C'.repeat(88)}`,
];

const termsIn = (db: Db): [string, number][] =>
  (db.prepare('SELECT term, document_id FROM document_search ORDER BY term, document_id').raw().all() as [string, number][]);

const expectedTerms = (docs: { id: number; key: string }[]): [string, number][] =>
  docs
    .flatMap((d) => searchTermsOf(d.key).map((t): [string, number] => [t, d.id]))
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));

it('derives phone, last-4 and name terms from a recipient key, none from a CI', () => {
  expect(searchTermsOf('p:01012345678:홍길동:19800101')).toEqual(['p01012345678', 'l5678', 'n홍길동']);
  expect(searchTermsOf(`ci:${'C'.repeat(88)}`)).toEqual([]);
});

it('a CI recipient with a name from the list is found by the name, never by the CI', () => {
  const ci = `${'C'.repeat(84)}/+==`;
  const { key, label } = recipientKey({ title: 't', receiver: { ci }, read_expired_sec: 1, property: { link: 'https://a.b', cs_number: '1', cs_name: 'c' } }, '홍길동');
  expect(key).toBe(`ci:${ci}:홍길동`);
  expect(label).toBe('홍*동 CI CCCC…/+==');
  expect(searchTermsOf(key)).toEqual(['n홍길동']);
});

it('migration 9 gives the documents already stored the same terms as the code that stores new ones', () => {
  const db = openEncryptedSqlite(path.join(tempDir(), 'd.db'), randomBytes(32), { keyError: () => new Error('key') });
  runMigrations(db, MIGRATIONS.filter((m) => m.version < 9), (v) => new Error(String(v)));
  db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at)
              VALUES ('M-old', '이전', 'DDOLD', 'sandbox', 'a.xlsx', '{}', '{}', 'IMPORTED', 1, 1)`).run();
  const ins = db.prepare(`INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, created_at)
                          VALUES ('M-old', ?, ?, '', '{}', 'DRAFT', 1, 1)`);
  const docs = KEYS.map((key, i) => ({ key, id: Number(ins.run(i + 2, key).lastInsertRowid) }));
  applyMigrations(db);
  expect(termsIn(db)).toEqual(expectedTerms(docs));
  expect(termsIn(db)).toHaveLength(9);
  db.close();
});

it('stores a list with its terms, and removes both when a list is discarded or a crash left it incomplete', async () => {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'd.db'), randomBytes(32));
  const q = createMailingQueries(db);
  const documents = KEYS.slice(0, 3).map((key, i) => {
    const [, phone_number = '', name = '', birthday = ''] = key.split(':');
    return { title: '고지서', receiver: { phone_number, name, birthday, is_required_verify_name: false }, read_expired_sec: 60, property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' }, sourceRow: i + 2 };
  });
  const kept = await q.createMailing({ name: '정상', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents });
  const stored = (db.prepare('SELECT id, recipient_key key FROM documents WHERE mailing_id = ?').all(kept) as { id: number; key: string }[]);
  expect(termsIn(db)).toEqual(expectedTerms(stored));

  // A list discarded after its rows (and their terms) were stored.
  const dropped = await q.beginImport({ name: '취소', profile: 'sandbox', sourceFile: 'b.xlsx', defaults: {} });
  const rows = { sourceRows: [2], keys: ['p:01055556666:이서연:19900101'], labels: [''], items: ['{}'] };
  await dropped.store(rows);
  expect(termsIn(db)).toHaveLength(12);
  await dropped.discard();
  expect(termsIn(db)).toEqual(expectedTerms(stored));

  // What a crash in the middle of storing leaves behind: an incomplete list whose terms were written.
  const crashed = await q.beginImport({ name: '중단', profile: 'sandbox', sourceFile: 'c.xlsx', defaults: {} });
  await crashed.store({ ...rows, keys: ['p:01077778888:박지호:19850505'] });
  expect(termsIn(db)).toHaveLength(12);
  expect(q.discardIncompleteImports()).toBe(1);
  expect(termsIn(db)).toEqual(expectedTerms(stored));
  expect(q.summary(kept)?.total).toBe(3);
  db.close();
});

it('a writer thread writes a list\'s buffered terms with its last step, and never those of a list it was told to drop', async () => {
  const file = path.join(tempDir(), 'd.db');
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  for (const id of ['M-a', 'M-b']) {
    db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at, import_complete)
                VALUES (?, ?, ?, 'sandbox', 'a.xlsx', '{}', 'null', 'IMPORTED', 1, 1, 0)`).run(id, id, `DD${id.slice(2)}`);
  }
  const rowsOf = (keys: string[]) => ({ sourceRows: keys.map((_, i) => i + 2), keys, labels: keys.map(() => ''), items: keys.map(() => '{}') });
  const docdeskWriter = startDocdeskWriter({ path: file, key });
  const writer = createJournalWriter({ steps: docdeskWriter, takeExchanges: () => [] });
  try {
    await writer.storeDocuments('M-a', rowsOf(KEYS.slice(0, 2)), 1, 'buffer');
    await writer.storeDocuments('M-b', rowsOf(['p:01055556666:이서연:19900101']), 1, 'buffer');
    await writer.storeDocuments('M-a', rowsOf(KEYS.slice(2)), 1, 'buffer');
    expect(termsIn(db)).toEqual([]);
    await writer.storeDocuments('M-b', emptyDocumentRows(), 1, 'drop');
    await writer.storeDocuments('M-a', emptyDocumentRows(), 1, 'write');
    const docs = db.prepare(`SELECT id, recipient_key key FROM documents WHERE mailing_id = 'M-a'`).all() as { id: number; key: string }[];
    expect(docs).toHaveLength(KEYS.length);
    expect(termsIn(db)).toEqual(expectedTerms(docs));
  } finally {
    await docdeskWriter.close();
    db.close();
  }
});
