// The sandbox docs-gw ledger: a plain (unencrypted, sandbox data only) SQLite file in WAL mode that records
// every request the simulated gateway received and every send item, and holds the simulated documents, so
// tests can prove "nothing sent twice, nothing lost" and state survives a restart (DESIGN §9).
// Recipients are stored as hashed keys (recipients.ts), never as phone numbers or CI.
// Writes for one request run in one transaction with prepared statements (50,000 documents in a benchmark).
import Database from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';

// 2: requests.remote_address (the client's source address: which line carried the request, seed 001 §2.2).
const SCHEMA_VERSION = 2;

const DDL = `
CREATE TABLE IF NOT EXISTS requests (
  id INTEGER PRIMARY KEY,
  endpoint TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  address TEXT NOT NULL,
  remote_address TEXT,
  received_at INTEGER NOT NULL,
  item_count INTEGER NOT NULL,
  http_status INTEGER,
  outcome TEXT NOT NULL,
  fault TEXT
);
CREATE TABLE IF NOT EXISTS items (
  id INTEGER PRIMARY KEY,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  external_document_uuid TEXT,
  recipient_key TEXT NOT NULL,
  result TEXT NOT NULL,
  document_binder_uuid TEXT
);
CREATE INDEX IF NOT EXISTS items_by_external ON items(external_document_uuid);
CREATE TABLE IF NOT EXISTS documents (
  binder_uuid TEXT PRIMARY KEY,
  external_document_uuid TEXT,
  request_id INTEGER NOT NULL REFERENCES requests(id),
  recipient_key TEXT NOT NULL,
  behaviour TEXT NOT NULL,
  link TEXT NOT NULL,
  payload TEXT,
  accepted_at_ms INTEGER NOT NULL,
  time_scale REAL NOT NULL,
  deadline_s INTEGER NOT NULL,
  authenticated_at INTEGER,
  token_used_at INTEGER,
  doc_box_read_at INTEGER
);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY,
  binder_uuid TEXT NOT NULL REFERENCES documents(binder_uuid),
  issued_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  used_at_ms INTEGER
);
CREATE TABLE IF NOT EXISTS recipients_seen (
  recipient_key TEXT PRIMARY KEY,
  first_seen_at_ms INTEGER NOT NULL
);
-- Every document a status call asked about and the status answered (NULL: unknown binder), so tests can prove
-- the client never asks for one document more often than every 5 s, nor once it is final (reference §11).
CREATE TABLE IF NOT EXISTS status_asks (
  request_id INTEGER NOT NULL REFERENCES requests(id),
  binder_uuid TEXT NOT NULL,
  answered TEXT
);
CREATE TABLE IF NOT EXISTS meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
`;

export const ledgerRequestSchema = z.object({
  id: z.number(),
  endpoint: z.string(),
  method: z.string(),
  path: z.string(),
  /** The listening address the request arrived on (which simulated IDC). */
  address: z.string(),
  /** The client's source address (req.socket.remoteAddress): which local address, i.e. which line, carried it. */
  remoteAddress: z.string().nullable(),
  receivedAt: z.number(),
  itemCount: z.number(),
  httpStatus: z.number().nullable(),
  /** 'OK', the error_code answered, or the fault name for requests a fault answered without processing. */
  outcome: z.string(),
  /** The fault applied after processing (timeoutAfterBody, resetMidResponse, wholeRequest), if any. */
  fault: z.string().nullable(),
});
export type LedgerRequest = z.infer<typeof ledgerRequestSchema>;

export const ledgerItemSchema = z.object({
  requestId: z.number(),
  externalDocumentUuid: z.string().nullable(),
  recipientKey: z.string(),
  /** 'ACCEPTED' or the per-item error code. */
  result: z.string(),
  documentBinderUuid: z.string().nullable(),
});
export type LedgerItem = z.infer<typeof ledgerItemSchema>;

export const ledgerDocumentSchema = z.object({
  binderUuid: z.string(),
  externalDocumentUuid: z.string().nullable(),
  requestId: z.number(),
  recipientKey: z.string(),
  behaviour: z.string(),
  link: z.string(),
  payload: z.string().nullable(),
  acceptedAtMs: z.number(),
  timeScale: z.number(),
  /** Read deadline, in the document's virtual clock (Unix seconds). */
  deadlineS: z.number(),
  /** Set by openDocument / OTT verify / read status (virtual Unix seconds). */
  authenticatedAt: z.number().nullable(),
  tokenUsedAt: z.number().nullable(),
  docBoxReadAt: z.number().nullable(),
});
export type LedgerDocument = z.infer<typeof ledgerDocumentSchema>;

const tokenSchema = z.object({
  token: z.string(),
  binderUuid: z.string(),
  issuedAtMs: z.number(),
  expiresAtMs: z.number(),
  usedAtMs: z.number().nullable(),
});
export type LedgerToken = z.infer<typeof tokenSchema>;

export const ledgerSummarySchema = z.object({
  requests: z.number(),
  requestsByEndpoint: z.record(z.string(), z.number()),
  items: z.number(),
  itemResults: z.record(z.string(), z.number()),
  accepted: z.number(),
  documents: z.number(),
  /** External ids accepted more than once: must stay 0 for a correct client. */
  externalIdsAcceptedMoreThanOnce: z.number(),
  tokensIssued: z.number(),
});
export type LedgerSummary = z.infer<typeof ledgerSummarySchema>;

export const ledgerStatusAskSchema = z.object({
  requestId: z.number(),
  /** When the sandbox received the status call (sandbox clock, ms). */
  receivedAt: z.number(),
  binderUuid: z.string(),
  /** The doc_box_status answered; null for a binder the sandbox does not know. */
  answered: z.string().nullable(),
});
export type LedgerStatusAsk = z.infer<typeof ledgerStatusAskSchema>;

/** The read API handed to tests and the admin endpoint. */
export type DocsGwLedgerReader = {
  requests(): LedgerRequest[];
  itemsFor(externalDocumentUuid: string): LedgerItem[];
  /**
   * external_document_uuid → number of times it was ACCEPTED (any value > 1 is a double send), in the order
   * of first acceptance (the last entry is the most recently accepted new id).
   */
  acceptedCountsByExternalId(): Map<string, number>;
  summary(): LedgerSummary;
  document(binderUuid: string): LedgerDocument | null;
  /** Every document asked about by a bulk or single status call, in the order asked. */
  statusAsks(): LedgerStatusAsk[];
};

export type NewRequest = Omit<LedgerRequest, 'id' | 'fault'> & { fault?: string | null };
export type NewDocument = Omit<LedgerDocument, 'authenticatedAt' | 'tokenUsedAt' | 'docBoxReadAt'>;

export type DocsGwLedger = DocsGwLedgerReader & {
  /** Runs `fn` in one transaction (all writes of one request). */
  tx<T>(fn: () => T): T;
  insertRequest(r: NewRequest): number;
  finishRequest(id: number, httpStatus: number | null, outcome: string): void;
  setRequestFault(id: number, fault: string): void;
  insertItem(item: LedgerItem): void;
  insertStatusAsk(requestId: number, binderUuid: string, answered: string | null): void;
  insertDocument(doc: NewDocument): void;
  /** Marks the recipient seen; returns whether it had been seen before. */
  seeRecipient(recipientKey: string, nowMs: number): boolean;
  setDocumentTimes(binderUuid: string, times: { authenticatedAt?: number; tokenUsedAt?: number; docBoxReadAt?: number }): void;
  insertToken(t: Omit<LedgerToken, 'usedAtMs'>): void;
  token(token: string): LedgerToken | null;
  useToken(token: string, nowMs: number): void;
  getMeta(key: string): string | null;
  setMeta(key: string, value: string): void;
  close(): void;
};

const countRow = z.object({ n: z.number() });
const keyCountRow = z.object({ k: z.string().nullable(), n: z.number() });

export function openDocsGwLedger(file: string): DocsGwLedger {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // Sandbox data: durability of the last transaction on power loss does not matter, speed does.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  const version = z.number().parse(db.pragma('user_version', { simple: true }));
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new Error(`샌드박스 원장 파일(${file})이 더 새 버전(${version})입니다. DocDesk를 업데이트하거나 다른 파일을 쓰세요.`);
  }
  // A version-1 ledger (kept across restarts) gains the source-address column; its old rows have none.
  if (version === 1) db.exec('ALTER TABLE requests ADD COLUMN remote_address TEXT');
  db.exec(DDL);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);

  const st = {
    insertRequest: db.prepare(
      `INSERT INTO requests (endpoint, method, path, address, remote_address, received_at, item_count, http_status, outcome, fault)
       VALUES (@endpoint, @method, @path, @address, @remoteAddress, @receivedAt, @itemCount, @httpStatus, @outcome, @fault)`,
    ),
    finishRequest: db.prepare('UPDATE requests SET http_status = ?, outcome = ? WHERE id = ?'),
    setFault: db.prepare('UPDATE requests SET fault = ? WHERE id = ?'),
    insertItem: db.prepare(
      `INSERT INTO items (request_id, external_document_uuid, recipient_key, result, document_binder_uuid)
       VALUES (@requestId, @externalDocumentUuid, @recipientKey, @result, @documentBinderUuid)`,
    ),
    insertDocument: db.prepare(
      `INSERT INTO documents (binder_uuid, external_document_uuid, request_id, recipient_key, behaviour, link, payload,
         accepted_at_ms, time_scale, deadline_s)
       VALUES (@binderUuid, @externalDocumentUuid, @requestId, @recipientKey, @behaviour, @link, @payload,
         @acceptedAtMs, @timeScale, @deadlineS)`,
    ),
    insertStatusAsk: db.prepare('INSERT INTO status_asks (request_id, binder_uuid, answered) VALUES (?, ?, ?)'),
    statusAsks: db.prepare(
      `SELECT a.request_id AS requestId, r.received_at AS receivedAt, a.binder_uuid AS binderUuid, a.answered
       FROM status_asks a JOIN requests r ON r.id = a.request_id ORDER BY a.rowid`,
    ),
    seen: db.prepare('SELECT 1 FROM recipients_seen WHERE recipient_key = ?').pluck(),
    markSeen: db.prepare('INSERT INTO recipients_seen (recipient_key, first_seen_at_ms) VALUES (?, ?)'),
    document: db.prepare(
      `SELECT binder_uuid AS binderUuid, external_document_uuid AS externalDocumentUuid, request_id AS requestId,
         recipient_key AS recipientKey, behaviour, link, payload, accepted_at_ms AS acceptedAtMs, time_scale AS timeScale,
         deadline_s AS deadlineS, authenticated_at AS authenticatedAt, token_used_at AS tokenUsedAt,
         doc_box_read_at AS docBoxReadAt
       FROM documents WHERE binder_uuid = ?`,
    ),
    setAuth: db.prepare('UPDATE documents SET authenticated_at = ? WHERE binder_uuid = ?'),
    setTokenUsed: db.prepare('UPDATE documents SET token_used_at = ? WHERE binder_uuid = ?'),
    setRead: db.prepare('UPDATE documents SET doc_box_read_at = ? WHERE binder_uuid = ?'),
    insertToken: db.prepare(
      'INSERT INTO tokens (token, binder_uuid, issued_at_ms, expires_at_ms) VALUES (@token, @binderUuid, @issuedAtMs, @expiresAtMs)',
    ),
    token: db.prepare(
      `SELECT token, binder_uuid AS binderUuid, issued_at_ms AS issuedAtMs, expires_at_ms AS expiresAtMs, used_at_ms AS usedAtMs
       FROM tokens WHERE token = ?`,
    ),
    useToken: db.prepare('UPDATE tokens SET used_at_ms = ? WHERE token = ?'),
    requests: db.prepare(
      `SELECT id, endpoint, method, path, address, remote_address AS remoteAddress, received_at AS receivedAt, item_count AS itemCount,
         http_status AS httpStatus, outcome, fault FROM requests ORDER BY id`,
    ),
    itemsFor: db.prepare(
      `SELECT request_id AS requestId, external_document_uuid AS externalDocumentUuid, recipient_key AS recipientKey,
         result, document_binder_uuid AS documentBinderUuid FROM items WHERE external_document_uuid = ? ORDER BY id`,
    ),
    acceptedCounts: db.prepare(
      `SELECT external_document_uuid AS k, COUNT(*) AS n FROM items
       WHERE result = 'ACCEPTED' AND external_document_uuid IS NOT NULL GROUP BY external_document_uuid
       ORDER BY MIN(id)`,
    ),
    countRequests: db.prepare('SELECT COUNT(*) AS n FROM requests'),
    requestsByEndpoint: db.prepare('SELECT endpoint AS k, COUNT(*) AS n FROM requests GROUP BY endpoint'),
    countItems: db.prepare('SELECT COUNT(*) AS n FROM items'),
    itemResults: db.prepare('SELECT result AS k, COUNT(*) AS n FROM items GROUP BY result'),
    countDocuments: db.prepare('SELECT COUNT(*) AS n FROM documents'),
    countDuplicates: db.prepare(
      `SELECT COUNT(*) AS n FROM (SELECT external_document_uuid FROM items
       WHERE result = 'ACCEPTED' AND external_document_uuid IS NOT NULL
       GROUP BY external_document_uuid HAVING COUNT(*) > 1)`,
    ),
    countTokens: db.prepare('SELECT COUNT(*) AS n FROM tokens'),
    getMeta: db.prepare('SELECT value FROM meta WHERE key = ?').pluck(),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
  };

  const count = (s: { get: () => unknown }): number => countRow.parse(s.get()).n;
  const grouped = (s: { all: () => unknown[] }): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const row of s.all()) {
      const r = keyCountRow.parse(row);
      out[r.k ?? '(none)'] = r.n;
    }
    return out;
  };

  return {
    tx: (fn) => db.transaction(fn)(),
    insertRequest(r) {
      const info = st.insertRequest.run({ ...r, fault: r.fault ?? null });
      return Number(info.lastInsertRowid);
    },
    finishRequest(id, httpStatus, outcome) {
      st.finishRequest.run(httpStatus, outcome, id);
    },
    setRequestFault(id, fault) {
      st.setFault.run(fault, id);
    },
    insertItem(item) {
      st.insertItem.run(item);
    },
    insertDocument(doc) {
      st.insertDocument.run(doc);
    },
    insertStatusAsk(requestId, binderUuid, answered) {
      st.insertStatusAsk.run(requestId, binderUuid, answered);
    },
    statusAsks: () => st.statusAsks.all().map((row) => ledgerStatusAskSchema.parse(row)),
    seeRecipient(key, nowMs) {
      if (st.seen.get(key) !== undefined) return true;
      st.markSeen.run(key, nowMs);
      return false;
    },
    setDocumentTimes(binderUuid, times) {
      if (times.authenticatedAt !== undefined) st.setAuth.run(times.authenticatedAt, binderUuid);
      if (times.tokenUsedAt !== undefined) st.setTokenUsed.run(times.tokenUsedAt, binderUuid);
      if (times.docBoxReadAt !== undefined) st.setRead.run(times.docBoxReadAt, binderUuid);
    },
    insertToken(t) {
      st.insertToken.run(t);
    },
    token(token) {
      const row = st.token.get(token);
      return row === undefined ? null : tokenSchema.parse(row);
    },
    useToken(token, nowMs) {
      st.useToken.run(nowMs, token);
    },
    getMeta(key) {
      const v = st.getMeta.get(key);
      return typeof v === 'string' ? v : null;
    },
    setMeta(key, value) {
      st.setMeta.run(key, value);
    },
    requests: () => st.requests.all().map((row) => ledgerRequestSchema.parse(row)),
    itemsFor: (ext) => st.itemsFor.all(ext).map((row) => ledgerItemSchema.parse(row)),
    acceptedCountsByExternalId() {
      const out = new Map<string, number>();
      for (const row of st.acceptedCounts.all()) {
        const r = keyCountRow.parse(row);
        if (r.k !== null) out.set(r.k, r.n);
      }
      return out;
    },
    summary() {
      const itemResults = grouped(st.itemResults);
      return {
        requests: count(st.countRequests),
        requestsByEndpoint: grouped(st.requestsByEndpoint),
        items: count(st.countItems),
        itemResults,
        accepted: itemResults['ACCEPTED'] ?? 0,
        documents: count(st.countDocuments),
        externalIdsAcceptedMoreThanOnce: count(st.countDuplicates),
        tokensIssued: count(st.countTokens),
      };
    },
    document(binderUuid) {
      const row = st.document.get(binderUuid);
      return row === undefined ? null : ledgerDocumentSchema.parse(row);
    },
    close: () => db.close(),
  };
}
