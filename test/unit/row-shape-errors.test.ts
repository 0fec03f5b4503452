// Issue 16: a row that does not fit its shape is refused with an error naming the table and the column, so the
// operator and support see where the database holds a value this version does not know — not a dump of issues.
// Rows are planted with the CHECK constraints switched off, as a damaged or foreign file would hold them.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createDocumentQueries } from '../../main/documents/query.ts';
import { createTimelineReader } from '../../main/mailing/document-timeline.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { plantUnchecked, rowRefusalError } from '../helpers/planted-rows.ts';

const item = { title: '고지서', receiver: { ci: 'C'.repeat(88) }, read_expired_sec: 2_592_000, property: { link: 'https://a.b/c', cs_number: '02-1', cs_name: '센터' } };

let db: Db;
let mailingId: string;
let documentId: number;

beforeEach(async () => {
  const dir = tempDir();
  db = openDatabase(path.join(dir, 'd.db'), loadDataDirKeys(dir, 'test-passphrase').dbKey);
  mailingId = await createMailingQueries(db).createMailing({ name: '행 형태', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: [{ ...item, sourceRow: 2 }] });
  documentId = createMailingQueries(db).idsInState(mailingId, 'DRAFT')[0]!;
});

afterEach(() => db.close());

it('names the documents table and the column of a grid row, in Korean, with what to do next', () => {
  plantUnchecked(db, `UPDATE documents SET doc_box_status = 'DELIVERED' WHERE id = ?`, documentId);
  for (const read of [() => createDocumentQueries(db).query({}), () => [...createDocumentQueries(db).iterate({}, 10)]]) {
    const { message } = rowRefusalError(read);
    expect(message).toContain('documents.docBoxStatus: ');
    expect(message).toContain('관리자에게 문의');
    expect(message).not.toContain('"path"');
  }
});

it('names the column of a document state the counts do not know', () => {
  plantUnchecked(db, `UPDATE documents SET state = 'LOST' WHERE id = ?`, documentId);
  expect(rowRefusalError(() => createMailingQueries(db).counts(mailingId)).message).toContain('documents.state: ');
});

it('names the mailings table for a mailing row', () => {
  plantUnchecked(db, `UPDATE mailings SET state = 'ARCHIVED' WHERE id = ?`, mailingId);
  expect(rowRefusalError(() => createMailingQueries(db).summary(mailingId)).message).toContain('mailings.state: ');
});

it('names the document_events column whose JSON is not an object', () => {
  db.prepare(`INSERT INTO document_events (document_id, at, kind, data_json) VALUES (?, 1, 'status', '[1, 2]')`).run(documentId);
  expect(rowRefusalError(() => createTimelineReader(db)(documentId)).message).toContain('document_events.data_json: ');
});
