// A cancel while a send runs (issue 16 noticed list): the cancel step moves the mailing's QUEUED and DRAFT
// documents to CANCELLED, but a chunk already claimed (IN_FLIGHT) whose request then provably never left — the send
// stopped before sending it, or the gateway answered "internal error, retry" for some documents — went back to
// QUEUED: documents waiting in a CANCELLED mailing that no send will take again (sender.ts refuses it), shown as
// queued forever. And resolving a cancelled mailing's UNKNOWN documents with "resend" set the mailing PAUSED,
// undoing the cancel. Run with the writer's own step handlers on a test connection.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { mailingActionSteps } from '../../main/mailing/action-steps.ts';
import { createJournal } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { refusalOf } from '../../main/store/step-refusal.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { shownStates } from '../helpers/shown-states.ts';
import { tempDir } from '../helpers/test-backend.ts';

const action = (name: string) => ({ at: 1, actor: 'tester', action: name, subject: 'm', data: {} });

async function sending(n: number): Promise<{ db: Db; mailingId: string; steps: ReturnType<typeof mailingActionSteps> }> {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailingId = await createMailingQueries(db).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: Array.from({ length: n }, (_, i) => ciDraftItem(i)) });
  return { db, mailingId, steps: mailingActionSteps(db, { push: () => {} }) };
}
const states = shownStates;
const run = (steps: ReturnType<typeof mailingActionSteps>, step: string, input: unknown): unknown => {
  const handler = steps[step];
  if (!handler) throw new Error(`no step ${step}`);
  return handler(input);
};

it('a chunk claimed before a cancel and never sent ends CANCELLED with its mailing, not QUEUED', async () => {
  const { db, mailingId, steps } = await sending(4);
  const journal = createJournal(db);
  journal.startSend(mailingId);
  const chunk = journal.claimChunk(mailingId, 2);
  if (!chunk) throw new Error('claimed nothing');
  expect(run(steps, 'mailing.cancel', { mailingId, action: action('mailing.cancel') })).toMatchObject({ cancelled: 2 });
  expect(states(db)).toEqual(['IN_FLIGHT', 'IN_FLIGHT', 'CANCELLED', 'CANCELLED']);

  journal.requeueChunk(chunk, 'STOPPED');
  expect(states(db)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED', 'CANCELLED']);
  expect(db.prepare('SELECT outcome FROM attempts ORDER BY document_id').pluck().all()).toEqual(['NOT_SENT', 'NOT_SENT']);
  // The timeline says why: the request never left and the mailing was cancelled.
  expect(db.prepare(`SELECT data_json FROM document_events WHERE kind = 'cancelled' AND document_id = ?`).pluck().all(chunk.documents[0]?.id)).toEqual([JSON.stringify({ notSent: 'STOPPED' })]);
  db.close();
});

it("a cancelled mailing's documents answered 'retry' by the gateway end CANCELLED too; others keep their answer", async () => {
  const { db, mailingId, steps } = await sending(3);
  const journal = createJournal(db);
  journal.startSend(mailingId);
  const chunk = journal.claimChunk(mailingId, 3);
  const [a, b, c] = chunk?.documents ?? [];
  if (!chunk || !a || !b || !c) throw new Error('claimed fewer than three');
  run(steps, 'mailing.cancel', { mailingId, action: action('mailing.cancel') });
  journal.applyChunk(chunk, 'DONE', 200, '', [
    { documentId: a.id, kind: 'accepted', binderUuid: 'BIN-a' },
    { documentId: b.id, kind: 'retry', errorCode: 'INTERNAL_ERROR', errorMessage: '잠시 후 다시' },
    { documentId: c.id, kind: 'rejected', errorCode: 'INVALID_VALUE', errorMessage: '잘못된 값' },
  ], 5_000);
  expect(states(db)).toEqual(['ACCEPTED', 'CANCELLED', 'REJECTED']);
  db.close();
});

it("a mailing not cancelled: the unsent chunk goes back to the queue as before", async () => {
  const { db, mailingId } = await sending(2);
  const journal = createJournal(db);
  journal.startSend(mailingId);
  const chunk = journal.claimChunk(mailingId, 2);
  if (!chunk) throw new Error('claimed nothing');
  journal.requeueChunk(chunk, 'STOPPED');
  expect(states(db)).toEqual(['QUEUED', 'QUEUED']);
  db.close();
});

it("resolving a cancelled mailing's UNKNOWN documents with 'resend' is refused and changes nothing; 'abandon' works", async () => {
  const { db, mailingId, steps } = await sending(2);
  const journal = createJournal(db);
  journal.startSend(mailingId);
  const chunk = journal.claimChunk(mailingId, 2);
  if (!chunk) throw new Error('claimed nothing');
  journal.applyChunk(chunk, 'UNKNOWN', null, 'timeout', chunk.documents.map((d) => ({ documentId: d.id, kind: 'unknown' as const, reason: 'timeout' })), 5_000);
  run(steps, 'mailing.cancel', { mailingId, action: action('mailing.cancel') });
  const before = db.prepare('SELECT count(*) FROM operator_actions').pluck().get();

  let refused: unknown;
  try {
    run(steps, 'mailing.resolveUnknown', { mailingId, resolution: 'resend', action: action('mailing.resolve') });
  } catch (err) {
    refused = err;
  }
  expect(refusalOf(refused)).toMatchObject({ code: 'MAILING_CANCELLED', exitCode: 2 });
  expect(String(refused)).toMatch(/취소되었으므로.*'포기'/);
  expect(states(db)).toEqual(['UNKNOWN', 'UNKNOWN']);
  expect(db.prepare('SELECT state FROM mailings WHERE id = ?').pluck().get(mailingId)).toBe('CANCELLED');
  expect(db.prepare('SELECT count(*) FROM operator_actions').pluck().get()).toBe(before);

  expect(run(steps, 'mailing.resolveUnknown', { mailingId, resolution: 'abandon', action: action('mailing.resolve') })).toMatchObject({ resolved: 2 });
  expect(states(db)).toEqual(['ABANDONED', 'ABANDONED']);
  expect(db.prepare('SELECT state FROM mailings WHERE id = ?').pluck().get(mailingId)).toBe('CANCELLED');
  db.close();
});
