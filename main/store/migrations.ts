// Versioned migrations, applied at open, each in its own transaction. NEVER edit a released migration:
// append a new one (DESIGN §4).
import type Database from 'better-sqlite3-multiple-ciphers';

const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
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
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function applyMigrations(db: Database.Database): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(`이 데이터 폴더는 더 새로운 DocDesk(스키마 ${current})로 만들어졌습니다. DocDesk를 업데이트하세요.`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
