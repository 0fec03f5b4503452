// The "durable minimal client" (issue 16): the second baseline of the send, poll, PayUp and KCP benches. It sends
// the bare minimal client's requests at the same concurrency, plus the least durable work a crash-safe client must
// do around each request, one request at a time on one thread, in an encrypted database opened exactly as DocDesk
// opens its own (openEncryptedSqlite: SQLCipher v4, raw 32-byte key, WAL, synchronous=FULL):
//   1. one committed transaction marking the request's rows IN_FLIGHT before the request leaves (after a crash
//      those rows are the ones to report as UNKNOWN, never to send again blindly — DESIGN §6);
//   2. one committed transaction applying the answer to its rows together with the exchange record (request and
//      response bodies, as DocDesk's exchange log keeps them).
// Nothing else: no group commit, no worker thread, no audit chain. DocDesk ÷ this client ≥ 1.0 means its
// machinery beats one-at-a-time durability; DocDesk ÷ the bare client says what durability costs at all.
import { randomBytes } from 'node:crypto';
import { openEncryptedSqlite, type Db } from '../../../main/store/open-database.ts';

/** What a request did on the wire, as the exchange record keeps it, and each row's result from its answer. */
export type DurableAnswer = {
  requestBody: string;
  status: number | null;
  responseBody: string;
  /** [row key, result] for the rows the answer names (a bulk-status answer may come in another order). */
  results: readonly (readonly [key: string, result: string])[];
};

/** A request: the rows it carries (100 documents, 100 binder ids, one cancel, one verification) and its target. */
export type DurableRequest = { service: string; endpoint: string; path: string; keys: readonly string[] };

export type DurableClient = {
  /** Stores rows as QUEUED (not timed: DocDesk's rows are stored by its import before a send, too). */
  enqueue(keys: readonly string[]): void;
  /** Commits the rows IN_FLIGHT, sends (`send`), then commits the answer with its exchange record. */
  exchange(request: DurableRequest, send: () => Promise<DurableAnswer>): Promise<DurableAnswer>;
  /** Transactions this client committed since it was opened: one per `enqueue`, two per request. */
  readonly commits: number;
  close(): void;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, state TEXT NOT NULL, attempts INTEGER NOT NULL, result TEXT) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS exchanges (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, service TEXT NOT NULL, endpoint TEXT NOT NULL, status INTEGER, record_json TEXT NOT NULL) STRICT;
`;

/** Opens (creating) the client's database at `file`; `key` defaults to a fresh random one. */
export function openDurableClient(file: string, key: Buffer = randomBytes(32)): DurableClient {
  const db: Db = openEncryptedSqlite(file, key, { keyError: () => new Error(`durable client: the key does not open ${file}`) });
  db.exec(SCHEMA);
  const insertRow = db.prepare(`INSERT INTO rows (key, state, attempts) VALUES (?, 'QUEUED', 0)`);
  const markInFlight = db.prepare(`UPDATE rows SET state = 'IN_FLIGHT', attempts = attempts + 1 WHERE key = ?`);
  const applyResult = db.prepare(`UPDATE rows SET state = 'ANSWERED', result = ? WHERE key = ?`);
  const insertExchange = db.prepare('INSERT INTO exchanges (at, service, endpoint, status, record_json) VALUES (?, ?, ?, ?, ?)');
  let commits = 0;

  // BEGIN IMMEDIATE as DocDesk's writers do; each call is one commit.
  const enqueue = db.transaction((keys: readonly string[]) => {
    for (const k of keys) insertRow.run(k);
  }).immediate;
  const claim = db.transaction((keys: readonly string[]) => {
    for (const k of keys) markInFlight.run(k);
  }).immediate;
  const answer = db.transaction((request: DurableRequest, a: DurableAnswer, startedAt: number, durationMs: number) => {
    for (const [k, result] of a.results) applyResult.run(result, k);
    const record = { service: request.service, endpoint: request.endpoint, method: 'POST', path: request.path, requestBody: a.requestBody, status: a.status, responseBody: a.responseBody, startedAt, durationMs };
    insertExchange.run(startedAt, request.service, request.endpoint, a.status, JSON.stringify(record));
  }).immediate;

  return {
    enqueue(keys) {
      enqueue(keys);
      commits++;
    },
    async exchange(request, send) {
      claim(request.keys);
      commits++;
      // A transport failure leaves the rows IN_FLIGHT, exactly what a crash at this point would leave.
      const startedAt = Date.now();
      const t0 = performance.now();
      const a = await send();
      answer(request, a, startedAt, Math.round((performance.now() - t0) * 10) / 10);
      commits++;
      return a;
    },
    get commits() {
      return commits;
    },
    close: () => db.close(),
  };
}
