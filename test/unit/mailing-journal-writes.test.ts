// What the send path writes per document (main/mailing/journal.ts), read from SQLite itself. A bulk send runs these
// statements 100 times a step on the docdesk writer thread, so every b-tree they open is paid per document; an UPDATE
// that assigns a foreign-key column also checks the parent table and runs under a statement journal, a copy of
// every page it touches (test/bench/journal-replay.ts: the claim's document UPDATE, 18 → 10 µs per document).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createJournal } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { recordPreparedSql, tablesOpenedBy } from '../helpers/sql-plans.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { tempDir } from '../helpers/test-backend.ts';

const item = ciDraftItem;

it('a claim names its chunk on the attempt rows only, and no document update of the journal opens another table', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailingId = await createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: [0, 1, 2].map(item) });
  const prepared = recordPreparedSql(db);
  const journal = createJournal(db);
  journal.queueDrafts(mailingId);
  const chunk = journal.claimChunk(mailingId, 100);
  expect(chunk?.documents).toHaveLength(3);
  if (chunk === null) return;

  const documentUpdates = prepared.filter((sql) => /^\s*UPDATE documents\b/.test(sql));
  expect(documentUpdates.length).toBeGreaterThanOrEqual(8);
  for (const sql of documentUpdates) expect(tablesOpenedBy(db, sql), sql).toEqual(['documents']);
  expect(db.prepare('SELECT DISTINCT chunk_id FROM attempts WHERE outcome IS NULL').pluck().all()).toEqual([chunk.id]);
  expect(db.prepare(`SELECT count(*) FROM documents WHERE state = 'QUEUED' AND chunk_id IS NULL`).pluck().get()).toBe(3);

  // The claimed chunk is answered as before: each attempt carries its outcome, the documents their state.
  const [a, b, c] = chunk.documents;
  if (a === undefined || b === undefined || c === undefined) throw new Error('three claimed documents expected');
  journal.applyChunk(chunk, 'DONE', 200, '', [
    { documentId: a.id, kind: 'accepted', binderUuid: 'BIN-a' },
    { documentId: b.id, kind: 'rejected', errorCode: 'INVALID_VALUE', errorMessage: '잘못된 값' },
    { documentId: c.id, kind: 'unknown', reason: 'test' },
  ], 5_000);
  expect(db.prepare('SELECT state FROM documents ORDER BY id').pluck().all()).toEqual(['ACCEPTED', 'REJECTED', 'UNKNOWN']);
  expect(db.prepare('SELECT outcome FROM attempts ORDER BY document_id').pluck().all()).toEqual(['ACCEPTED', 'REJECTED', 'UNKNOWN']);
  db.close();
});
