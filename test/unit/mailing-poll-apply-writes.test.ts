// What a poll answer writes per document (main/mailing/poll-apply.ts), read from SQLite itself. The tracker polls
// every non-final document again and again, and most answers repeat the status held: SQLite moves the entries of
// every index on a column an UPDATE's SET names, also when the value stays the same, so an unchanged status must not
// name doc_box_status or read_at (five grid indexes and one); nor must a first answer that only confirms SENT, the
// state every accepted document starts in (migration 13: status_seen_at records the answer). A temporary
// `UPDATE OF` trigger fires exactly when the SET names those columns.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import type { BulkStatusResponse } from '../../shared/domain/edoc.ts';
import { polledRowSchema } from '../../shared/domain/mailing-store.ts';
import { createJournal } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { heldBoxStatusSql } from '../../main/mailing/box-status-sql.ts';
import { createPollApplier } from '../../main/mailing/poll-apply.ts';
import { pollAnsweredOf } from '../../main/mailing/poll-answer.ts';
import type { PolledRow } from '../../shared/domain/mailing-store.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { tempDir } from '../helpers/test-backend.ts';

const item = ciDraftItem;
const schedule = { firstAfterSec: 5, dayOneEverySec: 60, laterEverySec: 3600 };
/** Gateway times are 10-digit seconds (reference §10). */
const SENT_AT = 1_700_000_000;
const RECEIVED_AT = 1_700_000_100;

it('an unchanged status, or a first one that confirms SENT, moves no grid index entry; a changed one writes the status, its times and its event', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailingId = await createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: [0, 1].map(item) });
  const journal = createJournal(db);
  journal.queueDrafts(mailingId);
  const chunk = journal.claimChunk(mailingId, 100);
  if (chunk === null) throw new Error('a claimed chunk expected');
  const [a, b] = chunk.documents;
  if (a === undefined || b === undefined) throw new Error('two claimed documents expected');
  journal.applyChunk(chunk, 'DONE', 200, '', [
    { documentId: a.id, kind: 'accepted', binderUuid: 'BIN-a' },
    { documentId: b.id, kind: 'accepted', binderUuid: 'BIN-b' },
  ], 5_000);
  const poll = createPollApplier(db);
  const rowOf = (id: number): PolledRow => {
    return polledRowSchema.parse(db.prepare(`SELECT id, gateway_binder_uuid b, NULL e, accepted_at, ${heldBoxStatusSql('documents')} s FROM documents WHERE id = ?`).get(id));
  };
  const answer = (documents: BulkStatusResponse['documents'], at: number) =>
    journal.transaction(() => poll.applyAnswered([pollAnsweredOf([rowOf(a.id), rowOf(b.id)], { ok: true, documents }, at)], schedule));

  db.exec(`CREATE TEMP TABLE moved(id INTEGER);
    CREATE TEMP TRIGGER status_named AFTER UPDATE OF doc_box_status, read_at ON main.documents BEGIN INSERT INTO moved VALUES (new.id); END;`);
  const held = db.prepare(`SELECT ${heldBoxStatusSql('documents')} FROM documents WHERE id = ?`).pluck();
  expect(held.get(a.id)).toBeNull();
  // First answer: both documents get a status (null → SENT), held without naming doc_box_status.
  expect(answer([{ document_binder_uuid: 'BIN-a', status_data: { doc_box_status: 'SENT' } }, { document_binder_uuid: 'BIN-b', status_data: { doc_box_status: 'SENT' } }], 10_000)).toEqual({ changed: 2, errors: 0 });
  expect(db.prepare('SELECT id FROM moved').pluck().all()).toEqual([]);
  expect([held.get(a.id), held.get(b.id)]).toEqual(['SENT', 'SENT']);
  // Second answer: a unchanged (with a send time), b goes on to RECEIVED.
  const t = 20_000;
  expect(
    answer([{ document_binder_uuid: 'BIN-a', status_data: { doc_box_status: 'SENT', doc_box_sent_at: SENT_AT } }, { document_binder_uuid: 'BIN-b', status_data: { doc_box_status: 'RECEIVED', doc_box_received_at: RECEIVED_AT } }], t),
  ).toEqual({ changed: 1, errors: 0 });
  expect(db.prepare('SELECT id FROM moved').pluck().all()).toEqual([b.id]);

  const stored = db.prepare('SELECT doc_box_status, sent_at, received_at, read_at, last_polled_at, next_poll_at FROM documents WHERE id = ?');
  expect(stored.get(a.id)).toEqual({ doc_box_status: null, sent_at: SENT_AT * 1000, received_at: null, read_at: null, last_polled_at: t, next_poll_at: t + 60_000 });
  expect(stored.get(b.id)).toEqual({ doc_box_status: 'RECEIVED', sent_at: null, received_at: RECEIVED_AT * 1000, read_at: null, last_polled_at: t, next_poll_at: t + 60_000 });
  expect(held.get(a.id)).toBe('SENT');
  // The events are as before migration 13: the first answer moved each document from null to SENT, the second b on.
  const events = db.prepare(`SELECT document_id, kind, json_extract(data_json, '$.from') AS "from", json_extract(data_json, '$.to') AS "to" FROM document_events WHERE kind LIKE 'status%' ORDER BY id`).all();
  expect(events).toEqual([
    { document_id: a.id, kind: 'status', from: null, to: 'SENT' },
    { document_id: b.id, kind: 'status', from: null, to: 'SENT' },
    { document_id: b.id, kind: 'status', from: 'SENT', to: 'RECEIVED' },
  ]);
  db.close();
});

it('a failed status call leaves a document unanswered: its first SENT answer later is still recorded as its first status', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailingId = await createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: [0].map(item) });
  const journal = createJournal(db);
  journal.queueDrafts(mailingId);
  const chunk = journal.claimChunk(mailingId, 100);
  const a = chunk?.documents[0];
  if (chunk === null || a === undefined) throw new Error('a claimed document expected');
  journal.applyChunk(chunk, 'DONE', 200, '', [{ documentId: a.id, kind: 'accepted', binderUuid: 'BIN-a' }], 5_000);
  const poll = createPollApplier(db);
  const held = db.prepare(`SELECT ${heldBoxStatusSql('documents')} FROM documents WHERE id = ?`).pluck();
  const row = (): PolledRow => polledRowSchema.parse(db.prepare(`SELECT id, gateway_binder_uuid b, NULL e, accepted_at, ${heldBoxStatusSql('documents')} s FROM documents WHERE id = ?`).get(a.id));

  expect(journal.transaction(() => poll.applyAnswered([pollAnsweredOf([row()], { ok: false }, 10_000)], schedule))).toEqual({ changed: 0, errors: 1 });
  expect(held.get(a.id)).toBeNull();
  expect(journal.transaction(() => poll.applyAnswered([pollAnsweredOf([row()], { ok: true, documents: [{ document_binder_uuid: 'BIN-a', status_data: { doc_box_status: 'SENT' } }] }, 50_000)], schedule))).toEqual({
    changed: 1,
    errors: 0,
  });
  expect(held.get(a.id)).toBe('SENT');
  expect(db.prepare(`SELECT json_extract(data_json, '$.from') AS "from", json_extract(data_json, '$.to') AS "to" FROM document_events WHERE kind = 'status'`).all()).toEqual([{ from: null, to: 'SENT' }]);
  db.close();
});

it('a step that fails part-way writes nothing of it, also not into the next step (its buffered writes are dropped)', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailingId = await createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: [0, 1].map(item) });
  const journal = createJournal(db);
  journal.queueDrafts(mailingId);
  const chunk = journal.claimChunk(mailingId, 100);
  const [a, b] = chunk?.documents ?? [];
  if (chunk === null || a === undefined || b === undefined) throw new Error('two claimed documents expected');
  journal.applyChunk(chunk, 'DONE', 200, '', [a, b].map((d) => ({ documentId: d.id, kind: 'accepted' as const, binderUuid: `BIN-${d.id}` })), 5_000);
  const poll = createPollApplier(db);
  const rowOf = (id: number): PolledRow => polledRowSchema.parse(db.prepare(`SELECT id, gateway_binder_uuid b, NULL e, accepted_at, ${heldBoxStatusSql('documents')} s FROM documents WHERE id = ?`).get(id));
  const sent = (id: number) => ({ ok: true as const, documents: [{ document_binder_uuid: `BIN-${id}`, status_data: { doc_box_status: 'SENT' as const } }] });
  db.exec(`CREATE TEMP TRIGGER refuse_a BEFORE INSERT ON main.document_events WHEN new.document_id = ${a.id} BEGIN SELECT RAISE(ABORT, 'refused'); END;`);
  expect(() => journal.transaction(() => poll.applyAnswered([pollAnsweredOf([rowOf(a.id)], sent(a.id), 10_000)], schedule))).toThrow('refused');
  expect(journal.transaction(() => poll.applyAnswered([pollAnsweredOf([rowOf(b.id)], sent(b.id), 20_000)], schedule))).toEqual({ changed: 1, errors: 0 });
  expect(db.prepare('SELECT document_id, at FROM document_events').all()).toEqual([{ document_id: b.id, at: 20_000 }]);
  expect(db.prepare('SELECT id, last_polled_at FROM documents ORDER BY id').all()).toEqual([
    { id: a.id, last_polled_at: null },
    { id: b.id, last_polled_at: 20_000 },
  ]);
  db.close();
});
