// Versioned migrations, applied at open, each in its own transaction. NEVER edit a released migration:
// append a new one (DESIGN §4). Each one's checksum is recorded when applied, and an edited one is refused at open
// (migration-checksums.ts).
import type Database from 'better-sqlite3-multiple-ciphers';
import { recordMigrationChecksum, unrecordedAppliedMigrations, verifyAppliedMigrations } from './migration-checksums.ts';

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'mailings, documents, attempts, chunks, exchange log',
    sql: `
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

CREATE TABLE profiles (name TEXT PRIMARY KEY, json TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;

CREATE TABLE mapping_presets (name TEXT PRIMARY KEY, json TEXT NOT NULL, created_at INTEGER NOT NULL) STRICT;

CREATE TABLE mailings (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  -- prefix of every external_document_uuid of this mailing; random, so ids never collide across data folders
  ext_prefix TEXT NOT NULL UNIQUE,
  profile TEXT NOT NULL,
  source_file TEXT NOT NULL,
  defaults_json TEXT NOT NULL,
  report_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('IMPORTED','SENDING','PAUSED','SENT','CANCELLED')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE chunks (
  id TEXT PRIMARY KEY,
  mailing_id TEXT NOT NULL REFERENCES mailings(id),
  state TEXT NOT NULL CHECK (state IN ('IN_FLIGHT','DONE','NOT_SENT','UNKNOWN','REJECTED')),
  doc_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  finished_at INTEGER,
  http_status INTEGER,
  detail TEXT
) STRICT;
CREATE INDEX chunks_by_mailing ON chunks(mailing_id, state);

CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  mailing_id TEXT NOT NULL REFERENCES mailings(id),
  source_row INTEGER NOT NULL,
  recipient_key TEXT NOT NULL,
  recipient_label TEXT NOT NULL,
  item_json TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('DRAFT','QUEUED','IN_FLIGHT','ACCEPTED','REJECTED','UNKNOWN','ABANDONED','CANCELLED')),
  state_at INTEGER NOT NULL,
  attempt_no INTEGER NOT NULL DEFAULT 0,
  internal_error_retries INTEGER NOT NULL DEFAULT 0,
  external_document_uuid TEXT,
  chunk_id TEXT REFERENCES chunks(id),
  document_binder_uuid TEXT UNIQUE,
  error_code TEXT,
  error_message TEXT,
  doc_box_status TEXT CHECK (doc_box_status IS NULL OR doc_box_status IN ('SENT','RECEIVED','READ','EXPIRED')),
  status_json TEXT,
  accepted_at INTEGER,
  sent_at INTEGER,
  received_at INTEGER,
  read_at INTEGER,
  last_polled_at INTEGER,
  next_poll_at INTEGER,
  created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX documents_by_mailing_state ON documents(mailing_id, state, id);
CREATE INDEX documents_poll_due ON documents(next_poll_at) WHERE next_poll_at IS NOT NULL;
CREATE INDEX documents_by_external ON documents(external_document_uuid);
CREATE INDEX documents_by_chunk ON documents(chunk_id);

-- Every external_document_uuid ever generated: unique across the whole database (reference §5: KakaoPay
-- only checks uniqueness inside one request).
CREATE TABLE attempts (
  external_document_uuid TEXT PRIMARY KEY CHECK (length(external_document_uuid) <= 40),
  document_id INTEGER NOT NULL REFERENCES documents(id),
  attempt_no INTEGER NOT NULL,
  chunk_id TEXT NOT NULL REFERENCES chunks(id),
  created_at INTEGER NOT NULL,
  outcome TEXT,
  document_binder_uuid TEXT,
  error_code TEXT
) STRICT;
CREATE INDEX attempts_by_document ON attempts(document_id);

-- The document timeline: import row, chunk request/response, every state and gateway status change.
CREATE TABLE document_events (
  id INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  data_json TEXT NOT NULL
) STRICT;
CREATE INDEX document_events_by_document ON document_events(document_id, id);

-- Operator decisions (resend/abandon of UNKNOWN, cancel, profile switch, ...): append-only.
CREATE TABLE operator_actions (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  data_json TEXT NOT NULL
) STRICT;

-- Every request/response with a gateway (issue 2 §6). Append-only; seq has no gaps so the audit chain
-- (issue 4) can hash these rows in order without a rewrite.
CREATE TABLE exchange_log (
  seq INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  service TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  method TEXT NOT NULL,
  host TEXT NOT NULL,
  path TEXT NOT NULL,
  address TEXT,
  port INTEGER NOT NULL,
  status INTEGER,
  duration_ms REAL NOT NULL,
  failure_phase TEXT,
  correlation_json TEXT NOT NULL,
  record_json TEXT NOT NULL
) STRICT;
CREATE INDEX exchange_log_by_at ON exchange_log(at);

CREATE TRIGGER exchange_log_no_update BEFORE UPDATE ON exchange_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER exchange_log_no_delete BEFORE DELETE ON exchange_log BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER operator_actions_no_update BEFORE UPDATE ON operator_actions BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER operator_actions_no_delete BEFORE DELETE ON operator_actions BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER document_events_no_update BEFORE UPDATE ON document_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
`,
  },
  {
    version: 2,
    name: 'payup cancel journal',
    sql: `
-- One cancel batch (an imported Excel/CSV file).
CREATE TABLE payup_batches (
  id TEXT PRIMARY KEY,
  source_file TEXT NOT NULL,
  profile TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

-- One row per transaction ever asked to be cancelled. UNIQUE(transaction_id): a second cancel of the same
-- transaction cannot even be journalled (seed 002 §3.4; DESIGN §8).
CREATE TABLE payup_cancels (
  id INTEGER PRIMARY KEY,
  transaction_id TEXT NOT NULL UNIQUE CHECK (length(transaction_id) BETWEEN 1 AND 20),
  reason TEXT NOT NULL,
  amount TEXT,
  batch_id TEXT REFERENCES payup_batches(id),
  source_row INTEGER,
  profile TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('QUEUED','IN_FLIGHT','CANCELLED','ALREADY_CANCELLED','REJECTED','UNKNOWN','ABANDONED')),
  state_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  unknown_count INTEGER NOT NULL DEFAULT 0,
  response_code TEXT,
  response_message TEXT,
  cancel_date_time TEXT,
  detail TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  answered_at INTEGER
) STRICT;
CREATE INDEX payup_cancels_by_state ON payup_cancels(state, id);
CREATE INDEX payup_cancels_by_batch ON payup_cancels(batch_id, state);

-- What each file row became (the per-row result of a batch, exported as .xlsx).
CREATE TABLE payup_batch_rows (
  batch_id TEXT NOT NULL REFERENCES payup_batches(id),
  source_row INTEGER NOT NULL,
  transaction_id TEXT NOT NULL,
  reason TEXT NOT NULL,
  amount TEXT,
  disposition TEXT NOT NULL CHECK (disposition IN ('NEW','REQUEUED','PENDING','SKIPPED','DUPLICATE','INVALID')),
  error TEXT,
  PRIMARY KEY (batch_id, source_row)
) STRICT;
CREATE INDEX payup_batch_rows_by_tx ON payup_batch_rows(transaction_id);

-- The timeline of each cancel: queued, sending, answered, unknown, resolved. Append-only.
CREATE TABLE payup_cancel_events (
  id INTEGER PRIMARY KEY,
  cancel_id INTEGER NOT NULL REFERENCES payup_cancels(id),
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  data_json TEXT NOT NULL
) STRICT;
CREATE INDEX payup_cancel_events_by_cancel ON payup_cancel_events(cancel_id, id);
CREATE TRIGGER payup_cancel_events_no_update BEFORE UPDATE ON payup_cancel_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER payup_cancel_events_no_delete BEFORE DELETE ON payup_cancel_events BEGIN SELECT RAISE(ABORT, 'append-only'); END;
`,
  },
  {
    version: 3,
    name: 'kcp account verification journal',
    sql: `
-- One verification batch (an imported Excel/CSV file).
CREATE TABLE kcp_batches (
  id TEXT PRIMARY KEY,
  source_file TEXT NOT NULL,
  profile TEXT NOT NULL,
  row_count INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('RUNNING','DONE','STOPPED')),
  created_at INTEGER NOT NULL,
  finished_at INTEGER
) STRICT;

-- One row per verification asked (single or batch row), with exactly what was asked and answered. The account
-- number and holder name are personal data: the database is encrypted at rest and every display masks them.
CREATE TABLE kcp_verifications (
  id INTEGER PRIMARY KEY,
  batch_id TEXT REFERENCES kcp_batches(id),
  source_row INTEGER,
  profile TEXT NOT NULL,
  transport TEXT NOT NULL CHECK (transport IN ('ppcli','socket')),
  state TEXT NOT NULL CHECK (state IN ('QUEUED','INVALID','IN_FLIGHT','VERIFIED','NOT_VERIFIED','FAILED','UNKNOWN')),
  state_at INTEGER NOT NULL,
  bank_code_input TEXT NOT NULL,
  -- the current code sent (merged banks mapped before sending); NULL when the input was invalid
  bank_code TEXT,
  account_no TEXT NOT NULL,
  owner_name TEXT NOT NULL,
  order_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  res_cd TEXT,
  res_msg TEXT,
  tno TEXT,
  app_time TEXT,
  app_time_ms INTEGER,
  -- every key of the answer (unknown keys kept), JSON
  result_json TEXT,
  error_code TEXT,
  error_message TEXT,
  warnings_json TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  answered_at INTEGER
) STRICT;
CREATE INDEX kcp_verifications_by_batch ON kcp_verifications(batch_id, state, id);
CREATE INDEX kcp_verifications_by_state ON kcp_verifications(state) WHERE state IN ('QUEUED','IN_FLIGHT');
CREATE INDEX kcp_verifications_by_tno ON kcp_verifications(tno) WHERE tno IS NOT NULL;
`,
  },
  {
    version: 4,
    name: 'status grid: normalised search columns and sort/filter indexes',
    sql: `
-- The status grid pages, sorts and filters 500,000 documents in SQLite (issue 3 §3). Search by name or phone
-- uses VIRTUAL generated columns derived from recipient_key ('p:<phone>:<name>:<birthday YYYYMMDD>', written by
-- main/mailing/mailing-queries.ts), so every existing and future row is covered without touching the writers.
-- Only the indexes store them. Key length = 2 + phone + 1 + name + 1 + 8.
ALTER TABLE documents ADD COLUMN search_phone TEXT GENERATED ALWAYS AS (
  CASE WHEN substr(recipient_key, 1, 2) = 'p:' THEN substr(recipient_key, 3, instr(substr(recipient_key, 3), ':') - 1) END) VIRTUAL;
ALTER TABLE documents ADD COLUMN search_name TEXT GENERATED ALWAYS AS (
  CASE WHEN substr(recipient_key, 1, 2) = 'p:' THEN substr(recipient_key, 4 + length(search_phone), length(recipient_key) - length(search_phone) - 12) END) VIRTUAL;
ALTER TABLE documents ADD COLUMN search_phone_last4 TEXT GENERATED ALWAYS AS (substr(search_phone, -4)) VIRTUAL;
CREATE INDEX documents_search_phone ON documents(search_phone);
CREATE INDEX documents_search_phone_last4 ON documents(search_phone_last4);
CREATE INDEX documents_search_name ON documents(search_name);
-- The gateway status as the grid shows it: an accepted document not yet polled is SENT (the gateway's first state).
ALTER TABLE documents ADD COLUMN grid_box TEXT GENERATED ALWAYS AS (
  CASE WHEN state = 'ACCEPTED' THEN coalesce(doc_box_status, 'SENT') END) VIRTUAL;
-- One narrow index per sortable column, ordered (column, id) so ORDER BY <column>, id is read in index order: a
-- page of ids comes from walking one narrow index (a deep offset stays cheap) and only the visible rows touch the
-- wide table. An index also carries quick-filter columns when that costs the send path nothing: claim and accept
-- rewrite every index holding state, state_at or grid_box (which follows state), so only three grid indexes do;
-- the others hold doc_box_status (written by the status poller only) instead (measured: test/bench/grid-query.bench.ts).
CREATE INDEX documents_grid_id ON documents(id, mailing_id);
CREATE INDEX documents_grid_source_row ON documents(source_row, id, mailing_id);
CREATE INDEX documents_grid_mailing ON documents(mailing_id, id);
CREATE INDEX documents_grid_state ON documents(state, id, grid_box, mailing_id);
CREATE INDEX documents_grid_state_at ON documents(state_at, id, state, grid_box, mailing_id);
CREATE INDEX documents_grid_box ON documents(grid_box, id, state, mailing_id);
CREATE INDEX documents_grid_accepted_at ON documents(accepted_at, id, doc_box_status, mailing_id);
CREATE INDEX documents_grid_read_at ON documents(read_at, id, doc_box_status, mailing_id);
CREATE INDEX documents_grid_error ON documents(error_code, id, mailing_id);
`,
  },
  {
    version: 5,
    name: 'mailings stored in batches: an import is complete only when its last batch commits',
    sql: `
-- A large list is stored in bounded transactions so the event loop keeps serving sends and the UI while it
-- imports. Until the final commit the mailing is incomplete: invisible, never sent, and discarded at the next
-- start if the process died half-way (main/mailing/mailing-queries.ts).
ALTER TABLE mailings ADD COLUMN import_complete INTEGER NOT NULL DEFAULT 1 CHECK (import_complete IN (0, 1));
`,
  },
  {
    version: 6,
    name: 'send steps recorded once per attempt: the timeline reads attempts and chunks',
    sql: `
-- A send step used to write a document_events row per document on claim and again on answer; the attempt row
-- (written on claim, completed on answer) and its chunk (request time, answer time) say the same, so the
-- timeline is derived from them and the hot path writes half as many rows (issue 2 send figure).
-- detail: the gateway's message for a refused item, or why the attempt ended UNKNOWN or went back to the queue.
ALTER TABLE attempts ADD COLUMN detail TEXT;
-- Lookups by external id go through attempts (its primary key holds every id ever used); chunk membership is
-- read from attempts too. Neither index on documents is needed, and both were rewritten on every claim.
DROP INDEX documents_by_external;
DROP INDEX documents_by_chunk;
`,
  },
  {
    version: 7,
    name: 'payup cancels: drop an index no query uses',
    sql: `
-- Batch rows are found through payup_batch_rows (primary key batch_id, source_row) joined on transaction_id;
-- no query reads payup_cancels by (batch_id, state), yet a cancel batch rewrote this index twice per row
-- (claim, answer) on its hot path (issue 5 cancel figure).
DROP INDEX payup_cancels_by_batch;
`,
  },
  {
    version: 8,
    name: 'kcp verifications: drop an index no query uses',
    sql: `
-- KCP's transaction number is kept as evidence on the row; nothing looks a verification up by it, yet every
-- answer inserted it into this index at a random place (issue 5 verification figure).
DROP INDEX kcp_verifications_by_tno;
`,
  },
  {
    version: 9,
    name: 'recipient search terms in a table of their own, written sorted per list',
    sql: `
-- Migration 4's search indexes took every imported row at a random place (phone and name order), so each import
-- commit rewrote most of their pages, slower with every list stored (issue 2 import figure). The same terms now
-- live in one narrow table written in sorted batches by whoever stores a list (main/mailing/search-terms.ts,
-- which defines the terms from here on): 'p' + phone, 'l' + its last 4 digits, 'n' + name.
CREATE TABLE document_search (
  term TEXT NOT NULL,
  document_id INTEGER NOT NULL,
  PRIMARY KEY (term, document_id)
) STRICT, WITHOUT ROWID;
INSERT INTO document_search (term, document_id)
SELECT term, id FROM (
  SELECT 'p' || search_phone AS term, id FROM documents WHERE search_phone <> ''
  UNION ALL SELECT 'l' || search_phone_last4, id FROM documents WHERE search_phone <> ''
  UNION ALL SELECT 'n' || search_name, id FROM documents WHERE search_name <> ''
) ORDER BY term, id;
DROP INDEX documents_search_phone;
DROP INDEX documents_search_phone_last4;
DROP INDEX documents_search_name;
ALTER TABLE documents DROP COLUMN search_phone_last4;
ALTER TABLE documents DROP COLUMN search_name;
ALTER TABLE documents DROP COLUMN search_phone;
`,
  },
  {
    version: 10,
    name: 'binder uuids indexed in sorted batches instead of one random index entry per accepted document',
    sql: `
-- documents.document_binder_uuid carries a UNIQUE index (migration 1) that took every accepted document at a
-- random place (the gateway's ids are random): ~40 % of the pages a send step wrote. SQLite cannot drop a UNIQUE
-- column, so it stays, NULL from here on; the binder moves to gateway_binder_uuid (not indexed), and
-- document_binders is the index, written sorted in batches (main/mailing/binder-index.ts) from the documents
-- listed in document_binders_pending. A binder is unique per document; a gateway repeating one stays findable.
ALTER TABLE documents ADD COLUMN gateway_binder_uuid TEXT;
CREATE TABLE document_binders (
  binder_uuid TEXT NOT NULL,
  document_id INTEGER NOT NULL,
  PRIMARY KEY (binder_uuid, document_id)
) STRICT, WITHOUT ROWID;
CREATE TABLE document_binders_pending (document_id INTEGER NOT NULL) STRICT;
INSERT INTO document_binders (binder_uuid, document_id)
SELECT document_binder_uuid, id FROM documents WHERE document_binder_uuid IS NOT NULL ORDER BY 1, 2;
UPDATE documents SET gateway_binder_uuid = document_binder_uuid, document_binder_uuid = NULL WHERE document_binder_uuid IS NOT NULL;
`,
  },
  {
    version: 11,
    name: 'a corrected re-send of one document, linked to the document it replaces',
    sql: `
-- A refused or abandoned document can be corrected (phone, name, birthday) and sent again as a NEW document, in a
-- mailing of its own (main/mailing/one-document.ts). The link is stored once, both ways: the original's timeline
-- shows what it was re-sent as, the new one's what it re-sends. original_document_id is the primary key, so a
-- document is re-sent at most once (a second request, a double click, fails here); append-only like the timeline.
-- changed_json names the corrected fields only, never their values.
CREATE TABLE document_resends (
  original_document_id INTEGER PRIMARY KEY REFERENCES documents(id),
  resend_document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id),
  created_at INTEGER NOT NULL,
  changed_json TEXT NOT NULL
) STRICT;
CREATE TRIGGER document_resends_no_update BEFORE UPDATE ON document_resends BEGIN SELECT RAISE(ABORT, 'append-only'); END;
CREATE TRIGGER document_resends_no_delete BEFORE DELETE ON document_resends BEGIN SELECT RAISE(ABORT, 'append-only'); END;
`,
  },
  {
    version: 12,
    name: 'the poll index carries the mailing (index-only scope test); the index of unanswered KCP verifications holds only IN_FLIGHT rows',
    sql: `
-- A poll round's scope (one mailing, or the mailings of the active profile) is tested on mailing_id, which
-- documents_poll_due did not hold: the count of what remains, and the next due time, read every pending document's
-- row for it (~100,000 row reads at the tracker's scale, ~3.5 µs a document of the main thread). With mailing_id in
-- the entry both are index-only and the due read fetches only the rows in scope. Replaced, not added: next_poll_at
-- changes on every poll answer, so each index on it is rewritten once per polled document.
DROP INDEX documents_poll_due;
CREATE INDEX documents_poll_due ON documents(next_poll_at, mailing_id) WHERE next_poll_at IS NOT NULL;

-- Start-up recovery and the "interrupted work" count look for IN_FLIGHT verifications; QUEUED ones are only ever
-- read through their batch (kcp_verifications_by_batch). Indexing QUEUED rows here cost an entry per row of every
-- batch journalled and a move per row claimed (issue 16, the KCP figure): now a claim inserts, an answer deletes.
DROP INDEX kcp_verifications_by_state;
CREATE INDEX kcp_verifications_by_state ON kcp_verifications(state) WHERE state = 'IN_FLIGHT';
`,
  },
  {
    version: 13,
    name: 'a poll answer that only confirms SENT marks the document answered without moving its grid index entries',
    sql: `
-- When the gateway first answered a status for the document (main/mailing/box-status-sql.ts). The first answer
-- of most documents is SENT, the state every accepted document starts in; storing it in doc_box_status moved the
-- entries of five grid indexes per document for a value the grid already showed (a poll round's writer was bound by
-- that UPDATE). Unindexed: writing it moves no index entry.
ALTER TABLE documents ADD COLUMN status_seen_at INTEGER;
`,
  },
  {
    version: 14,
    name: 'exchange records stored deflated',
    sql: `
-- A record longer than a page (a bulk send's ~46 KB, a bulk status call's) is stored as raw deflate of its JSON's
-- UTF-8 here, with record_json '' (main/store/exchange-log.ts): ~14 encrypted pages a commit, and again in the
-- checkpoint, became ~2 (issue 16). The STRICT table refuses a BLOB in the TEXT column, hence a column of its
-- own. Rows written before keep their text. No CHECK here: SQLite would read every existing row to test it.
ALTER TABLE exchange_log ADD COLUMN record_deflated BLOB;
`,
  },
  {
    version: 15,
    name: 'a document item in a table of its own',
    sql: `
-- What a document sends (the draft's JSON, ~400 bytes) is read once per send attempt and by the one-document
-- actions, and written once at import; the row around it is rewritten by the claim, the answer and every status
-- poll. Beside the row it made each documents page hold ~7 rows: a 100-document send step's claim and answer
-- wrote 32 encrypted pages of documents a commit, and the checkpoint copied them again. Apart, ~15 (issue 16,
-- test/bench/journal-replay.ts). The item's rowid is the document's id: an import appends both in id order.
CREATE TABLE document_items (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  item_json TEXT NOT NULL
) STRICT;
INSERT INTO document_items (document_id, item_json) SELECT id, item_json FROM documents ORDER BY id;
ALTER TABLE documents DROP COLUMN item_json;
`,
  },
  {
    version: 16,
    name: 'no index of exchange records by time',
    sql: `
-- Nothing reads exchange_log by its time: recovery pages it by seq (main/audit/recover.ts), the network plan takes the
-- newest bulk sends by seq (main/network/network-reads.ts), the rest counts it. The index cost every exchange
-- record an insert and its pages a commit — one record per PayUp cancel and per KCP verification (issue 16).
DROP INDEX exchange_log_by_at;
`,
  },
  {
    version: 17,
    name: 'the open attempt is the claim: unanswered attempts indexed by document',
    sql: `
-- A bulk send's claim writes only the attempt row (outcome NULL until the answer) and leaves its document QUEUED; the
-- document changes state once, at the answer (main/mailing/journal.ts, issue 16). Moving it QUEUED → IN_FLIGHT
-- moved four of its index entries and its answer moved them again. The pick, a cancel, start-up recovery and every
-- reader that shows IN_FLIGHT find the open attempts here: at most a few hundred rows, however large the table.
-- outcome (NULL in every entry) makes the index cover those reads: without it SQLite reads each attempt's row.
CREATE INDEX attempts_open ON attempts(document_id, outcome) WHERE outcome IS NULL;
`,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export interface Migration {
  version: number;
  name: string;
  /** The whole migration; its sha-256 is the checksum recorded when it is applied. */
  sql: string;
}

/**
 * Refuses a database whose applied migrations differ from the code's (MigrationChangedError, nothing written), then
 * applies the migrations newer than its user_version, each in its own transaction with its checksum.
 */
export function runMigrations(db: Database.Database, migrations: readonly Migration[], tooNew: (version: number) => Error): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) throw tooNew(current);
  verifyAppliedMigrations(db, migrations, current);
  for (const m of migrations) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      recordMigrationChecksum(db, m, 'applied');
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}

const tooNewForThisCode = (v: number): Error => new Error(`이 데이터 폴더는 더 새로운 DocDesk(스키마 ${v})로 만들어졌습니다. DocDesk를 업데이트하세요.`);

export function applyMigrations(db: Database.Database): void {
  runMigrations(db, MIGRATIONS, tooNewForThisCode);
}

/**
 * Whether docdesk.db needs nothing from applyMigrations (no migration to apply, no checksum to record), reading
 * only: a read backend opens read-only and asks the writer to migrate only when this is false. Refuses as
 * applyMigrations does a file made by a newer DocDesk or one whose applied migrations were edited.
 */
export function migrationsCurrent(db: Database.Database): boolean {
  return migrationsCurrentIn(db, MIGRATIONS, tooNewForThisCode);
}

/** Whether `db` needs nothing from runMigrations(db, migrations, tooNew), reading only (docdesk.db's and audit.db's). */
export function migrationsCurrentIn(db: Database.Database, migrations: readonly Migration[], tooNew: (version: number) => Error): boolean {
  const current = Number(db.pragma('user_version', { simple: true }));
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  if (current > latest) throw tooNew(current);
  return current === latest && unrecordedAppliedMigrations(db, migrations, current).length === 0;
}
