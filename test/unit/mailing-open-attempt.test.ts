// The attempt row is the claim (issue 16, migration 17): a claim writes the open attempt and leaves its document
// QUEUED; the document changes state once, at the answer. The gateway does not de-duplicate across requests, so a
// document whose attempt is open must never be picked again, cancelled under its answer, or left QUEUED by a crash,
// and every reader must still show it IN_FLIGHT under the open attempt's external id. A database an older version
// wrote (documents IN_FLIGHT) must read and recover as before. Real SQLite files, the writer's own step handlers.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { whereClause } from '../../main/documents/filter-sql.ts';
import { createDocumentQueries } from '../../main/documents/query.ts';
import { mailingActionSteps } from '../../main/mailing/action-steps.ts';
import { createJournal, type Chunk } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { createMailingReads } from '../../main/mailing/mailing-reads.ts';
import { OPEN_ATTEMPT_DOCUMENT_IDS, queuedInFlightCountSql } from '../../main/mailing/open-attempt-sql.ts';
import { createStoredDocumentReader } from '../../main/mailing/stored-document.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { startupSteps } from '../../main/writer/startup-steps.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { shownStates } from '../helpers/shown-states.ts';
import { queryPlan, recordPreparedSql } from '../helpers/sql-plans.ts';
import { tempDir } from '../helpers/test-backend.ts';

const action = (name: string) => ({ at: 1, actor: 'tester', action: name, subject: 'm', data: {} });
const documentRowSchema = z.object({ state: z.string(), state_at: z.number(), attempt_no: z.number(), external_document_uuid: z.string().nullable() });
const attemptRowsSchema = z.array(z.object({ document_id: z.number(), outcome: z.string().nullable(), detail: z.string().nullable() }));

async function sending(n: number, file = path.join(tempDir(), 'd.db'), key = randomBytes(32)): Promise<{ db: Db; file: string; key: Buffer; mailingId: string }> {
  const db = openDatabase(file, key);
  const mailingId = await createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: Array.from({ length: n }, (_, i) => ciDraftItem(i)) });
  createJournal(db).startSend(mailingId);
  return { db, file, key, mailingId };
}
const claimed = (chunk: Chunk | null): Chunk => {
  if (chunk === null) throw new Error('claimed nothing');
  return chunk;
};
const documentRow = (db: Db, id: number) => documentRowSchema.parse(db.prepare('SELECT state, state_at, attempt_no, external_document_uuid FROM documents WHERE id = ?').get(id));
const attempts = (db: Db) => attemptRowsSchema.parse(db.prepare('SELECT document_id, outcome, detail FROM attempts ORDER BY document_id, attempt_no').all());
const totalChanges = (db: Db): number => z.number().parse(db.prepare('SELECT total_changes()').pluck().get());
const recover = (db: Db): unknown => startupSteps(db)['docdesk.startup']?.({ discardIncompleteImports: true, recoverInFlight: true });

it('a claim writes its chunk and attempt rows only; every reader shows the documents IN_FLIGHT under the open attempt', async () => {
  const { db, mailingId } = await sending(3);
  const before = documentRow(db, 1);
  const changes0 = totalChanges(db);
  const chunk = claimed(createJournal(db).claimChunk(mailingId, 2));
  // One chunk row and two attempt rows: no document row is written (the state changes once, at the answer).
  expect(totalChanges(db) - changes0).toBe(3);
  expect(documentRow(db, 1)).toEqual(before);

  const [a, b] = chunk.documents;
  if (!a || !b) throw new Error('two claimed documents expected');
  const reads = createMailingReads(db);
  expect(reads.counts(mailingId)).toMatchObject({ QUEUED: 1, IN_FLIGHT: 2 });
  expect(reads.counts()).toMatchObject({ QUEUED: 1, IN_FLIGHT: 2 });
  expect(reads.unsentCount(mailingId)).toBe(1);
  // Two documents, their chunk and the SENDING mailing: what a start-up recovery would settle.
  expect(reads.interruptedWork()).toBe(4);
  expect(reads.documentDetailById(a.id)).toMatchObject({ state: 'IN_FLIGHT', externalDocumentUuid: a.externalDocumentUuid });
  expect(createStoredDocumentReader(db)(b.id)).toMatchObject({ state: 'IN_FLIGHT', externalDocumentUuid: b.externalDocumentUuid });

  const grid = createDocumentQueries(db);
  const inFlight = grid.query({ states: ['IN_FLIGHT'] });
  expect(inFlight.total).toBe(2);
  expect(inFlight.rows.map((r) => [r.id, r.state, r.externalDocumentUuid, r.attemptNo])).toEqual([
    [a.id, 'IN_FLIGHT', a.externalDocumentUuid, 1],
    [b.id, 'IN_FLIGHT', b.externalDocumentUuid, 1],
  ]);
  expect(grid.query({ states: ['QUEUED'] }).rows.map((r) => [r.state, r.externalDocumentUuid])).toEqual([['QUEUED', null]]);
  expect(grid.query({ states: ['QUEUED', 'ACCEPTED'] }).total).toBe(1);
  expect(grid.query({ states: ['QUEUED', 'IN_FLIGHT'] }).total).toBe(3);
  expect(grid.query({ states: ['IN_FLIGHT'], mailingId, sort: 'stateAt' }).total).toBe(2);
  db.close();
});

it('the pick never takes a document whose attempt is open', async () => {
  const { db, mailingId } = await sending(5);
  const journal = createJournal(db);
  const first = claimed(journal.claimChunk(mailingId, 2));
  const second = claimed(journal.claimChunk(mailingId, 100));
  expect(second.documents.map((d) => d.id)).toEqual([3, 4, 5]);
  expect(journal.claimChunk(mailingId, 100)).toBeNull();

  // Answered 'retry', a document is queued again under its next attempt; the others stay settled or open.
  const [a, b] = first.documents;
  if (!a || !b) throw new Error('two claimed documents expected');
  journal.applyChunk(first, 'DONE', 200, '', [
    { documentId: a.id, kind: 'accepted', binderUuid: 'BIN-a' },
    { documentId: b.id, kind: 'retry', errorCode: 'INTERNAL_ERROR', errorMessage: '잠시 후 다시' },
  ], 5_000);
  const third = claimed(journal.claimChunk(mailingId, 100));
  expect(third.documents.map((d) => [d.id, d.attemptNo])).toEqual([[b.id, 2]]);
  expect(third.documents[0]?.externalDocumentUuid).not.toBe(b.externalDocumentUuid);
  db.close();
});

it('a cancel while a chunk is in flight leaves its documents to their answer: an accepted one lands ACCEPTED and is polled', async () => {
  const { db, mailingId } = await sending(3);
  const journal = createJournal(db);
  const chunk = claimed(journal.claimChunk(mailingId, 2));
  const steps = mailingActionSteps(db, { push: () => {} });
  expect(steps['mailing.cancel']?.({ mailingId, action: action('mailing.cancel') })).toMatchObject({ cancelled: 1 });
  expect(shownStates(db)).toEqual(['IN_FLIGHT', 'IN_FLIGHT', 'CANCELLED']);

  journal.applyChunk(chunk, 'DONE', 200, '', chunk.documents.map((d) => ({ documentId: d.id, kind: 'accepted' as const, binderUuid: `BIN-${d.id}` })), 5_000);
  expect(shownStates(db)).toEqual(['ACCEPTED', 'ACCEPTED', 'CANCELLED']);
  const polled = db.prepare(`SELECT count(*) FROM documents WHERE state = 'ACCEPTED' AND next_poll_at IS NOT NULL AND gateway_binder_uuid IS NOT NULL`).pluck().get();
  expect(polled).toBe(2);
  // The accepted documents carry the attempt they were accepted under, as the claim used to write it.
  const [a] = chunk.documents;
  expect(a && documentRow(db, a.id)).toMatchObject({ attempt_no: 1, external_document_uuid: a?.externalDocumentUuid });
  db.close();
});

it('an answer is applied once: a repeated answer changes nothing', async () => {
  const { db, mailingId } = await sending(1);
  const journal = createJournal(db);
  const chunk = claimed(journal.claimChunk(mailingId, 1));
  const [a] = chunk.documents;
  if (!a) throw new Error('one claimed document expected');
  journal.applyChunk(chunk, 'DONE', 200, '', [{ documentId: a.id, kind: 'accepted', binderUuid: 'BIN-a' }], 5_000);
  const after = documentRow(db, a.id);
  journal.requeueChunk(chunk, 'STOPPED');
  journal.applyChunk(chunk, 'UNKNOWN', null, 'late', [{ documentId: a.id, kind: 'unknown', reason: 'late' }], 5_000);
  expect(documentRow(db, a.id)).toEqual(after);
  expect(attempts(db)).toEqual([{ document_id: a.id, outcome: 'ACCEPTED', detail: null }]);
  db.close();
});

it('a crash between claim and answer: the next start makes the documents UNKNOWN, and no later claim sends them again', async () => {
  const first = await sending(3);
  const chunk = claimed(createJournal(first.db).claimChunk(first.mailingId, 2));
  // The claim committed, then the process died: nothing else reaches the file.
  first.db.close();

  const db = openDatabase(first.file, first.key);
  expect(recover(db)).toMatchObject({ recoveredUnknown: 2 });
  expect(shownStates(db)).toEqual(['UNKNOWN', 'UNKNOWN', 'QUEUED']);
  expect(attempts(db)).toEqual(chunk.documents.map((d) => ({ document_id: d.id, outcome: 'UNKNOWN', detail: 'crash-recovery' })));
  expect(documentRow(db, 1)).toMatchObject({ attempt_no: 1, external_document_uuid: chunk.documents[0]?.externalDocumentUuid });
  expect(createMailingReads(db).interruptedWork()).toBe(0);
  const journal = createJournal(db);
  expect(claimed(journal.claimChunk(first.mailingId, 100)).documents.map((d) => d.id)).toEqual([3]);

  // An operator's "resend" queues them again under a new attempt and external id.
  const steps = mailingActionSteps(db, { push: () => {} });
  steps['mailing.resolveUnknown']?.({ mailingId: first.mailingId, resolution: 'resend', action: action('mailing.resolve') });
  const again = claimed(journal.claimChunk(first.mailingId, 100));
  expect(again.documents.map((d) => [d.id, d.attemptNo])).toEqual([[1, 2], [2, 2]]);
  db.close();
});

it('a database an older version left with documents IN_FLIGHT reads, answers and recovers as before', async () => {
  const { db, file, key, mailingId } = await sending(4);
  const journal = createJournal(db);
  const answered = claimed(journal.claimChunk(mailingId, 2));
  const crashed = claimed(journal.claimChunk(mailingId, 2));
  // What the older claim wrote on top of the attempt row.
  const legacyClaim = db.prepare(`UPDATE documents SET state = 'IN_FLIGHT', state_at = 7, attempt_no = ?, external_document_uuid = ? WHERE id = ?`);
  for (const d of [...answered.documents, ...crashed.documents]) legacyClaim.run(d.attemptNo, d.externalDocumentUuid, d.id);
  expect(createMailingReads(db).counts(mailingId)).toMatchObject({ QUEUED: 0, IN_FLIGHT: 4 });
  expect(createDocumentQueries(db).query({ states: ['IN_FLIGHT'] }).total).toBe(4);
  expect(createMailingReads(db).interruptedWork()).toBe(4 + 2 + 1);

  journal.applyChunk(answered, 'DONE', 200, '', answered.documents.map((d) => ({ documentId: d.id, kind: 'accepted' as const, binderUuid: `BIN-${d.id}` })), 5_000);
  db.close();
  const reopened = openDatabase(file, key);
  expect(recover(reopened)).toMatchObject({ recoveredUnknown: 2 });
  expect(shownStates(reopened)).toEqual(['ACCEPTED', 'ACCEPTED', 'UNKNOWN', 'UNKNOWN']);
  expect(attempts(reopened).map((a) => [a.outcome, a.detail])).toEqual([['ACCEPTED', null], ['ACCEPTED', null], ['UNKNOWN', 'crash-recovery'], ['UNKNOWN', 'crash-recovery']]);
  reopened.close();
});

it('the pick, the counts and start-up recovery find open attempts through attempts_open', async () => {
  const { db } = await sending(1);
  const prepared = recordPreparedSql(db);
  createJournal(db);
  createMailingReads(db);
  // Every read of open attempts the journal and the readers prepare (the attempt's own UPDATE goes by its key).
  const reads = prepared.filter((sql) => /outcome IS NULL/.test(sql) && !/^\s*UPDATE/.test(sql));
  expect(reads.length).toBeGreaterThanOrEqual(5);
  for (const sql of reads) expect(queryPlan(db, sql).join('\n'), sql).toMatch(/attempts_open/);
  expect(queryPlan(db, OPEN_ATTEMPT_DOCUMENT_IDS)).toEqual(['SCAN attempts USING COVERING INDEX attempts_open']);
  // The counts walk the open attempts, never the mailing's QUEUED documents (100,000 at a send's start).
  for (const ofMailing of [true, false]) expect(queryPlan(db, queuedInFlightCountSql(ofMailing))[0]).toBe('SCAN a USING COVERING INDEX attempts_open');
  // The grid's IN_FLIGHT filter seeks the in-flight documents by id, within a mailing too.
  for (const filter of [{ states: ['IN_FLIGHT' as const] }, { states: ['IN_FLIGHT' as const], mailingId: 'M-1' }]) {
    const w = whereClause(filter);
    const plan = queryPlan(db, `SELECT count(*) FROM documents d ${w.sql}`, w.params).join('\n');
    expect(plan).toMatch(/SEARCH d USING \S+ .*\((mailing_id=\? AND )?(row)?id=\?\)/);
    expect(plan).toMatch(/attempts_open/);
  }
  db.close();
});
