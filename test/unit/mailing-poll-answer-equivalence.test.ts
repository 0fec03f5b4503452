// The narrow poll answer (issue 16): the main thread matches the gateway's items to the group and posts the group
// column by column (main/mailing/poll-answer.ts, shared/domain/mailing-store.ts pollAnsweredSchema); the writer
// applies the columns (poll-apply.ts). Checked against the general path — the applier as it was, which matched the
// parsed items on the writer (test/helpers/poll-apply-reference.ts) — on two real docdesk.db files fed the same
// seeded, adversarial answers: every transition and anomaly, error items, items without status or code, missing and
// duplicated binders, foreign items, failed calls, read times in seconds, milliseconds and implausible, token_used_at.
// The documents rows must end identical; the events too, but for the 'status' event's data, which no longer carries
// the gateway's object (kept by the exchange record) but the move and the times as the grid keeps them.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { DOC_BOX_STATUSES, gatewayEpochToMillis, type BulkStatusResponse, type StatusData } from '../../shared/domain/edoc.ts';
import { pollAnsweredSchema, type PollAnswer, type PolledRow } from '../../shared/domain/mailing-store.ts';
import { seededRandom } from '../../main/imports/seeded-random.ts';
import { createTimelineReader } from '../../main/mailing/document-timeline.ts';
import { createJournal } from '../../main/mailing/journal.ts';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { pollAnsweredOf } from '../../main/mailing/poll-answer.ts';
import { createPollApplier } from '../../main/mailing/poll-apply.ts';
import { createPollReads } from '../../main/mailing/poll-reads.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { createReferencePollApplier, type ReferencePollAnswered } from '../helpers/poll-apply-reference.ts';
import { tempDir } from '../helpers/test-backend.ts';

const DOCUMENTS = 260;
const ROUNDS = 12;
const schedule = { firstAfterSec: 5, dayOneEverySec: 60, laterEverySec: 3600 };
const T0 = 1_790_000_000_000;

async function acceptedDocuments(): Promise<Db> {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const fixed = () => T0;
  const mailingId = await createMailingQueries(db, fixed).createMailing({ name: '목록', profile: 'sandbox', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: Array.from({ length: DOCUMENTS }, (_, i) => ciDraftItem(i)) });
  const journal = createJournal(db, { now: fixed });
  journal.queueDrafts(mailingId);
  for (let chunk = journal.claimChunk(mailingId, 100); chunk !== null; chunk = journal.claimChunk(mailingId, 100)) {
    journal.applyChunk(chunk, 'DONE', 200, '', chunk.documents.map((d) => ({ documentId: d.id, kind: 'accepted' as const, binderUuid: `BIN-${d.id}` })), 5_000);
  }
  // Which statement ran matters beyond the values it left: one that names doc_box_status or read_at moves grid index
  // entries (poll-apply.ts). The trigger fires exactly then.
  db.exec(`CREATE TEMP TABLE moved(id INTEGER);
    CREATE TEMP TRIGGER status_named AFTER UPDATE OF doc_box_status, read_at ON main.documents BEGIN INSERT INTO moved VALUES (new.id); END;`);
  return db;
}

/** A gateway time: 10-digit seconds (as documented in practice), 13-digit milliseconds, or an implausible typo. */
function gatewayTime(random: () => number, t: number): number {
  const r = random();
  if (r < 0.6) return Math.floor(t / 1000) - Math.floor(random() * 600);
  if (r < 0.85) return t - Math.floor(random() * 600_000);
  return Math.floor(random() * 20_000_000);
}

function statusData(random: () => number, t: number): StatusData {
  // Final statuses rarer, so documents stay due for several rounds.
  const r = random();
  const pick = DOC_BOX_STATUSES[r < 0.4 ? 0 : r < 0.8 ? 1 : r < 0.9 ? 2 : 3] ?? 'SENT';
  const d: StatusData = { doc_box_status: pick };
  if (random() < 0.6) d.doc_box_sent_at = gatewayTime(random, t);
  if (random() < 0.4) d.doc_box_received_at = gatewayTime(random, t);
  if (random() < 0.3) d.doc_box_read_at = gatewayTime(random, t);
  if (random() < 0.2) d.token_used_at = gatewayTime(random, t);
  if (random() < 0.2) d.user_notified_at = gatewayTime(random, t);
  return d;
}

/** What the gateway answers about a group: items in any order, some missing, doubled, foreign or without a status. */
function answerFor(random: () => number, group: PolledRow[], t: number): PollAnswer {
  if (random() < 0.1) return { ok: false };
  const documents: BulkStatusResponse['documents'] = [];
  for (const r of group) {
    const k = random();
    if (k < 0.07) continue;
    if (k < 0.13) documents.push({ document_binder_uuid: r.b, error_code: random() < 0.5 ? 'NOT_FOUND' : 'INVALID_VALUE', error_message: '문서를 찾을 수 없습니다' });
    else if (k < 0.16) documents.push({ document_binder_uuid: r.b, ...(random() < 0.5 ? { error_message: '코드 없는 오류' } : {}) });
    else if (k < 0.2) documents.push({ document_binder_uuid: r.b, status_data: statusData(random, t) }, { document_binder_uuid: r.b, status_data: statusData(random, t) });
    else documents.push({ document_binder_uuid: r.b, status_data: statusData(random, t) });
  }
  if (random() < 0.3) documents.push({ document_binder_uuid: 'BIN-foreign', status_data: { doc_box_status: 'READ' } });
  for (let i = documents.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = documents[i];
    const b = documents[j];
    if (a !== undefined && b !== undefined) [documents[i], documents[j]] = [b, a];
  }
  return { ok: true, documents };
}

const statusEventDataSchema = z.object({ from: z.string().nullable(), to: z.string(), raw: z.record(z.string(), z.number().or(z.string())) });
/** The reference's 'status' event as the narrow path writes it: the move, then the times the documents row keeps. */
function narrowed(dataJson: string): string {
  const { from, to, raw } = statusEventDataSchema.parse(JSON.parse(dataJson));
  const times: Record<string, number> = {};
  for (const [key, field] of [['sentAt', 'doc_box_sent_at'], ['receivedAt', 'doc_box_received_at'], ['readAt', 'doc_box_read_at']] as const) {
    const v = raw[field];
    const ms = typeof v === 'number' ? gatewayEpochToMillis(v).ms : null;
    if (ms !== null) times[key] = ms;
  }
  return JSON.stringify({ from, to, ...times });
}

const documentsOf = (db: Db) =>
  db
    .prepare('SELECT * FROM documents ORDER BY id')
    .all()
    .map((row) => ({ ...z.record(z.string(), z.unknown()).parse(row), mailing_id: undefined, external_document_uuid: undefined }));
const eventRowsSchema = z.array(z.object({ document_id: z.number(), at: z.number(), kind: z.string(), data_json: z.string() }));
const eventsOf = (db: Db) => eventRowsSchema.parse(db.prepare('SELECT document_id, at, kind, data_json FROM document_events ORDER BY id').all());

it('applies every answer exactly as the general path did: the same documents rows and events, the status event narrowed', async () => {
  const general = await acceptedDocuments();
  const narrow = await acceptedDocuments();
  const reference = createReferencePollApplier(general, createJournal(general));
  const narrowJournal = createJournal(narrow);
  const applier = createPollApplier(narrow);
  const referenceJournal = createJournal(general);
  const random = seededRandom(16);
  let t = T0 + 10_000;
  let applied = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const due = createPollReads(general).due({}, t, 1_000);
    // The same documents are due in both (the mailing and external ids are random per file).
    expect(createPollReads(narrow).due({}, t, 1_000).map(({ id, s, n }) => ({ id, s, n }))).toEqual(due.map(({ id, s, n }) => ({ id, s, n })));
    const rows: PolledRow[] = due.map(({ id, b, e, accepted_at, s }) => ({ id, b, e, accepted_at, s }));
    const answered: ReferencePollAnswered[] = [];
    for (let i = 0; i < rows.length; i += 100) {
      const group = rows.slice(i, i + 100);
      answered.push({ group, answer: answerFor(random, group, t), at: t + i });
    }
    // The narrow answers cross a structured clone and the step's schema, as they reach the writer.
    const posted = structuredClone(answered.map((a) => pollAnsweredOf(a.group, a.answer, a.at))).map((a) => pollAnsweredSchema.parse(a));
    const expected = referenceJournal.transaction(() => reference.applyAnswered(answered, schedule));
    expect(narrowJournal.transaction(() => applier.applyAnswered(posted, schedule))).toEqual(expected);
    applied += rows.length;
    t += round % 3 === 2 ? 86_400_000 : 90_000;
  }
  expect(applied).toBeGreaterThan(DOCUMENTS * 3);

  expect(documentsOf(narrow)).toEqual(documentsOf(general));
  const moved = (db: Db) => db.prepare('SELECT id FROM moved ORDER BY rowid').pluck().all();
  expect(moved(narrow)).toEqual(moved(general));
  const events = eventsOf(general);
  const kinds = new Set(events.map((e) => e.kind));
  expect([...kinds].sort()).toEqual(['evidence.gap', 'status', 'status.anomaly', 'status.error']);
  expect(eventsOf(narrow)).toEqual(events.map((e) => (e.kind === 'status' ? { ...e, data_json: narrowed(e.data_json) } : e)));
  // Every status the gateway names, from every status held, was seen.
  const moves = new Set(events.filter((e) => e.kind === 'status').map((e) => e.data_json.replace(/,"raw".*$/, '')));
  expect(moves.size).toBeGreaterThanOrEqual(8);
  const heldAtEnd = z.array(z.string().nullable()).parse(narrow.prepare('SELECT doc_box_status FROM documents').pluck().all());
  expect(new Set(heldAtEnd)).toEqual(new Set([null, 'SENT', 'RECEIVED', 'READ', 'EXPIRED']));
  // The timeline reads both shapes: the older events with the gateway's object, the new ones without.
  const changedFirst = events.find((e) => e.kind === 'status')?.document_id ?? 0;
  const statusData = (db: Db) => createTimelineReader(db)(changedFirst).filter((e) => e.kind === 'status').map((e) => Object.keys(e.data).slice(0, 3).join());
  expect(statusData(general)[0]).toBe('from,to,raw');
  expect(statusData(narrow)[0]).toMatch(/^from,to(,sentAt|,receivedAt|,readAt|$)/);
  general.close();
  narrow.close();
});
