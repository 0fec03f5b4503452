// Storing a list in batches: an import cut short by a crash is invisible and removed whole at the next start.
import path from 'node:path';
import { expect, it } from 'vitest';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

const item = { title: '고지서', receiver: { ci: 'C'.repeat(88) }, read_expired_sec: 2_592_000, property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' } };

it('stores 5,000 rows in several batches, and discards an import a crash left incomplete', async () => {
  const dir = tempDir();
  const db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  const q = createMailingQueries(db);
  const documents = Array.from({ length: 5000 }, (_, i) => ({ ...item, sourceRow: i + 2 }));
  const id = await q.createMailing({ name: '정상', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents });
  expect(q.summary(id)?.total).toBe(5000);

  // What a crash in the middle of storing leaves behind: the mailing row still incomplete, some documents stored.
  db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at, import_complete)
              VALUES ('M-broken', '중단', 'DDBROKEN', 'sandbox', 'b.xlsx', '{}', '{}', 'IMPORTED', 1, 1, 0)`).run();
  const broken = db.prepare(`INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, state, state_at, created_at) VALUES ('M-broken', 2, 'k', '', 'DRAFT', 1, 1)`).run();
  db.prepare(`INSERT INTO document_items (document_id, item_json) VALUES (?, '{}')`).run(broken.lastInsertRowid);
  expect(q.list().map((m) => m.id)).toEqual([id]);
  expect(q.summary('M-broken')).toBeUndefined();
  expect(q.discardIncompleteImports()).toBe(1);
  expect((db.prepare(`SELECT count(*) n FROM documents WHERE mailing_id = 'M-broken'`).get() as { n: number }).n).toBe(0);
  expect(db.prepare('SELECT count(*) FROM document_items WHERE document_id = ?').pluck().get(broken.lastInsertRowid)).toBe(0);
  expect(q.summary(id)?.total).toBe(5000);
  db.close();
});
