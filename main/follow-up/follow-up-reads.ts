// The follow-up view's SQL (issue 14 item 2) behind DocdeskReads.followUp (issue 16 step 9): the mailings, the
// per-row deadlines, the follow-up documents, and every mailing's counts and one mailing's reads per day. Every
// row is parsed where it leaves SQL. The counts and read curves are costly at 500,000 documents (~0.6 s and
// ~30–80 ms of SQLCipher page work), so with the database file they are read on a thread of their own
// (tally-thread.ts, which runs prepareTally / prepareReadsByDay on its own read-only connection).
import { z } from 'zod';
import {
  followUpDocumentSchema,
  followUpMailingSchema,
  followUpTallyRowsSchema,
  perRowDeadlineSchema,
  readsByDayRowsSchema,
  type FollowUpDocument,
  type FollowUpTallyRows,
  type ReadsByDayRows,
} from '../../shared/domain/follow-up-reads.ts';
import type { Db } from '../store/open-database.ts';
import { rowParser } from '../store/row-shapes.ts';
import { heldBoxStatusSql } from '../mailing/box-status-sql.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';
import type { FollowUpReads } from '../reads/docdesk-reads.ts';
import type { Synchronous } from '../reads/synchronous-reads.ts';
import { createTallyThread } from './tally-thread.ts';

const DAY_MS = 86_400_000;
const MAILING_COLUMNS = 'id, name, profile, state, defaults_json AS defaultsJson, report_json AS reportJson';

const parseMailing = rowParser('mailings', followUpMailingSchema.optional());
const parseMailings = rowParser('mailings', z.array(followUpMailingSchema));
const parsePerRowDeadline = rowParser('document_items.item_json', perRowDeadlineSchema);
const parseFollowUpDocument = rowParser('documents', followUpDocumentSchema);
const parseTally = rowParser('documents', followUpTallyRowsSchema);
const parseReadsByDay = rowParser('documents.read_at', readsByDayRowsSchema);

/** Every mailing's counts, from narrow covering indexes only (no wide row is read). */
export function prepareTally(db: Db): () => FollowUpTallyRows {
  // States from documents_by_mailing_state (mailing_id, state, id); accepted documents' gateway status and
  // acceptance times from documents_grid_accepted_at (accepted_at, id, doc_box_status, mailing_id) — accepted_at is
  // set exactly when a document is ACCEPTED, which it then stays; refusal codes from the REJECTED rows only.
  const states = db.prepare('SELECT mailing_id AS mailingId, state, count(*) AS n FROM documents GROUP BY mailing_id, state');
  const accepted = db.prepare(
    `SELECT mailing_id AS mailingId, coalesce(doc_box_status, 'SENT') AS box, count(*) AS n, min(accepted_at) AS firstAt, max(accepted_at) AS lastAt
     FROM documents INDEXED BY documents_grid_accepted_at WHERE accepted_at IS NOT NULL GROUP BY mailing_id, box`,
  );
  const refusals = db.prepare(`SELECT mailing_id AS mailingId, error_code AS code, count(*) AS n FROM documents WHERE state = 'REJECTED' GROUP BY mailing_id, error_code`);
  // One read transaction: the three answers describe the same moment.
  return db.transaction(() => parseTally({ states: states.all(), accepted: accepted.all(), refusals: refusals.all() }));
}

/** Documents read per day since `from` (ms, gateway clock) for one mailing. */
export function prepareReadsByDay(db: Db): (mailingId: string, from: number) => ReadsByDayRows {
  // From the narrow covering index documents_grid_read_at (read_at, id, doc_box_status, mailing_id): no table row
  // is read, but every read document of every mailing is walked (~30 ms at 500,000 documents). Only accepted
  // documents are READ.
  const readsByDay = db.prepare(
    `SELECT CAST((read_at - @from) / ${DAY_MS} AS INTEGER) AS day, count(*) AS n
     FROM documents INDEXED BY documents_grid_read_at WHERE read_at IS NOT NULL AND doc_box_status = 'READ' AND mailing_id = @id
     GROUP BY day ORDER BY day`,
  );
  return (mailingId, from) => parseReadsByDay(readsByDay.all({ id: mailingId, from }));
}

function countsOnThisConnection(db: Db): Pick<ReturnType<typeof createTallyThread>, 'read' | 'readsByDay'> {
  const tally = prepareTally(db);
  const readsByDay = prepareReadsByDay(db);
  return { read: () => Promise.resolve(tally()), readsByDay: (mailingId, from) => Promise.resolve(readsByDay(mailingId, from)) };
}

/** `countFile`: the counts and read curves are read on a thread of their own; without it, on `db`. */
export function createFollowUpReads(db: Db, o: { countFile?: Pick<WriterDbFile, 'path' | 'key'> } = {}): Synchronous<Omit<FollowUpReads, 'tallies' | 'readsByDay'>> & Pick<FollowUpReads, 'tallies' | 'readsByDay'> & { close(): Promise<void> } {
  const s = {
    mailing: db.prepare(`SELECT ${MAILING_COLUMNS} FROM mailings WHERE id = ? AND import_complete = 1`),
    mailings: db.prepare(`SELECT ${MAILING_COLUMNS} FROM mailings WHERE import_complete = 1 ORDER BY created_at DESC`),
    // Rows with deadlines of their own (a mapped column): the latest real-clock deadline among them.
    // read_expired_at is absolute on the gateway's clock; read_expired_sec counts from acceptance.
    perRowDeadline: db.prepare(
      `SELECT max(accepted_at + (coalesce(json_extract(item_json, '$.read_expired_at') * 1000 - accepted_at,
                                          json_extract(item_json, '$.read_expired_sec') * 1000, 0)) / @scale) AS real,
              max(coalesce(json_extract(item_json, '$.read_expired_at') * 1000,
                           accepted_at + json_extract(item_json, '$.read_expired_sec') * 1000)) AS gateway
       FROM documents JOIN document_items ON document_id = id WHERE mailing_id = @id AND state = 'ACCEPTED'`,
    ),
    // Seeks documents_by_mailing_state per state; the accepted ones are filtered on their gateway status.
    documents: db.prepare(
      `SELECT source_row AS sourceRow, state, ${heldBoxStatusSql('documents')} AS docBoxStatus, error_code AS errorCode, error_message AS errorMessage,
              item_json AS itemJson, accepted_at AS acceptedAt, external_document_uuid AS externalDocumentUuid
       FROM documents JOIN document_items ON document_id = id
       WHERE mailing_id = ? AND (state IN ('REJECTED', 'ABANDONED') OR (state = 'ACCEPTED' AND coalesce(doc_box_status, 'SENT') <> 'READ'))
       ORDER BY source_row, id`,
    ),
  };
  const thread = o.countFile ? createTallyThread(o.countFile) : null;
  const counts = thread ?? countsOnThisConnection(db);
  return {
    mailing: (mailingId) => parseMailing(s.mailing.get(mailingId)),
    mailings: () => parseMailings(s.mailings.all()),
    perRowDeadline: (mailingId, timeScale) => parsePerRowDeadline(s.perRowDeadline.get({ id: mailingId, scale: timeScale })),
    *followUpDocuments(mailingId): Generator<FollowUpDocument> {
      for (const raw of s.documents.iterate(mailingId)) yield parseFollowUpDocument(raw);
    },
    tallies: () => counts.read(),
    readsByDay: (mailingId, from) => counts.readsByDay(mailingId, from),
    close: async () => {
      await thread?.close();
    },
  };
}
