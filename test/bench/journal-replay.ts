// Replays a bulk send's journal steps on one connection, as the docdesk writer runs them (main/store/group-commit.ts:
// BEGIN IMMEDIATE, each step in a savepoint, COMMIT), over a realistic database: a 100,000-row list imported by the
// real import (cached between runs in DOCDESK_REPLAY_CACHE), then `steps` answer + claim-next steps of 100
// documents each, four chunks in flight. Prints per-statement time, commit time and WAL pages per commit, so a
// change to the journal's SQL is measured without the network, the sandbox or the machine's other load.
//   npx node test/bench/journal-replay.ts [steps]   (DOCDESK_REPLAY_GROUP=n steps a commit, DOCDESK_REPLAY_PAGES=1 pages by
//   b-tree, DOCDESK_REPLAY_STATEMENTS=1 time by statement, DOCDESK_REPLAY_SQL=… an experiment's schema change)
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { mailingSteps } from '../../main/mailing/journal-steps.ts';
import type { Chunk, ItemResult } from '../../main/mailing/journal.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { draftItemSchema } from '../../shared/domain/mailing-store.ts';
import { serializeExchange } from '../../main/store/exchange-log.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { BENCH_DEFAULTS, benchBackend } from './lib/bench-backend.ts';
import { createWorkspace } from './lib/workspace.ts';

const STEPS = Number(process.argv[2] ?? 300);
const ROWS = 100_000;
const IN_FLIGHT = 4;
/** Answer steps a commit (DOCDESK_REPLAY_GROUP, ≤ IN_FLIGHT): the writer commits together what arrived together. */
const GROUP = Math.min(IN_FLIGHT, Number(process.env['DOCDESK_REPLAY_GROUP'] ?? 1));
// Per-statement timing costs two getrusage calls a statement: opt-in (DOCDESK_REPLAY_STATEMENTS=1), so the
// default figures are not inflated by it.
const perStatement = process.env['DOCDESK_REPLAY_STATEMENTS'] === '1';
const cache = process.env['DOCDESK_REPLAY_CACHE'] ?? path.join(os.tmpdir(), 'docdesk-replay-cache');

async function preparedDataDir(): Promise<{ dataDir: string; mailingId: string }> {
  const base = path.join(cache, 'data');
  if (!existsSync(path.join(base, 'docdesk.db'))) {
    mkdirSync(base, { recursive: true });
    const ws = createWorkspace('replay');
    const backend = await benchBackend(base, null, { concurrency: IN_FLIGHT });
    await backend.mailing.import(await ws.sampleList(ROWS), { defaults: BENCH_DEFAULTS, name: 'replay' });
    await backend.close();
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-replay-'));
  cpSync(base, dataDir, { recursive: true });
  process.once('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  return { dataDir, mailingId: '' };
}

type Timing = { n: number; ns: bigint; cpuUs: number };
const timings = new Map<string, Timing>();
const timed = <T>(key: string, fn: () => T): T => {
  if (!perStatement) return fn();
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    return fn();
  } finally {
    const t = timings.get(key) ?? { n: 0, ns: 0n, cpuUs: 0 };
    t.n++;
    t.ns += process.hrtime.bigint() - t0;
    const c = process.cpuUsage(c0);
    t.cpuUs += c.user + c.system;
    timings.set(key, t);
  }
};

/** Every statement prepared on `db` from here on is timed under its SQL's first words. */
function timeStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const wrap = (sql: string, stmt: object): object => {
    const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
    const proxy: object = new Proxy(stmt, {
      get(target, prop, receiver) {
        const v: unknown = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function') return v;
        if (prop === 'run' || prop === 'get' || prop === 'all') return (...args: unknown[]) => timed(key, () => Reflect.apply(v, target, args));
        if (prop === 'pluck' || prop === 'raw' || prop === 'expand' || prop === 'safeIntegers') {
          return (...args: unknown[]) => {
            Reflect.apply(v, target, args);
            return proxy;
          };
        }
        return (...args: unknown[]) => Reflect.apply(v, target, args);
      },
    });
    return proxy;
  };
  Object.defineProperty(db, 'prepare', { value: (sql: string) => wrap(sql, prepare(sql)) });
}

const chunkSchema = z.custom<Chunk>((v) => typeof v === 'object' && v !== null);
const outputSchema = z.object({ chunk: chunkSchema.nullable().optional() });

const { dataDir } = await preparedDataDir();
const keys = loadDataDirKeys(dataDir, undefined);
const file = path.join(dataDir, 'docdesk.db');
const db = openDatabase(file, keys.dbKey);
db.pragma('temp_store = MEMORY');
const pageSize = Number(db.pragma('page_size', { simple: true }));
const mailingId = z.object({ id: z.string() }).parse(db.prepare('SELECT id FROM mailings ORDER BY created_at LIMIT 1').get()).id;
// An experiment's schema change (e.g. dropping an index to see what it costs), applied before anything is timed.
const experiment = process.env['DOCDESK_REPLAY_SQL'];
if (experiment !== undefined) db.exec(experiment);
db.pragma('wal_checkpoint(TRUNCATE)');
if (perStatement) timeStatements(db);
// The journal's SQL only: the audit events the writer builds from the outbox after each commit (issue 16 step 8)
// are measured by the mailing bench's per-thread CPU, so the replay's outbox drops what the steps leave in it.
const steps = mailingSteps(db, { push() {} });
const stepFn = (name: string): ((input: unknown) => unknown) => {
  const f = steps[name];
  if (f === undefined) throw new Error(`no step ${name}`);
  return f;
};
const inSavepoint = db.transaction((run: () => unknown): unknown => run());
const walFrames = (): number => (existsSync(`${file}-wal`) ? statSync(`${file}-wal`).size : 0) / (pageSize + 24);

let commitCpuUs = 0;
/** One group commit, as group-commit.ts runs it (each step in its savepoint); returns the steps' outputs. */
function commitGroup(group: readonly (readonly [name: string, input: unknown])[]): unknown[] {
  const c0 = process.cpuUsage();
  db.exec('BEGIN IMMEDIATE');
  const out = group.map(([name, input]) => timed(`step ${name}`, () => inSavepoint(() => stepFn(name)(input))));
  timed('COMMIT', () => db.exec('COMMIT'));
  const c = process.cpuUsage(c0);
  commitCpuUs += c.user + c.system;
  return out;
}
const commitStep = (name: string, input: unknown): unknown => commitGroup([[name, input]])[0];

function record(chunk: Chunk): ExchangeRecord {
  const documents = chunk.documents.map((d) => {
    const item = draftItemSchema.parse(JSON.parse(d.itemJson));
    return { ...item, property: { ...item.property, external_document_uuid: d.externalDocumentUuid } };
  });
  const answer = chunk.documents.map((d) => ({ external_document_uuid: d.externalDocumentUuid, document_binder_uuid: randomUUID() }));
  return {
    service: 'docsgw', endpoint: 'bulkSend', method: 'POST', host: 'docs-gw.sandbox.docdesk.test', path: '/v1/documents/bulk', address: '127.0.0.1', port: 443,
    requestHeaders: { 'content-type': 'application/json', authorization: 'Bearer ***' }, requestBody: JSON.stringify({ documents }), status: 200,
    responseHeaders: { 'content-type': 'application/json' }, responseBody: JSON.stringify({ documents: answer }), startedAt: Date.now(), durationMs: 12.5,
    failure: null, correlation: { chunkId: chunk.id, mailingId: chunk.mailingId }, profile: 'bench-sandbox',
  };
}

commitStep('mailing.startSend', { records: [], mailingId });
const inFlight: Chunk[] = [];
for (let i = 0; i < IN_FLIGHT; i++) {
  const c = outputSchema.parse(commitStep('mailing.claim', { records: [], mailingId, limit: 100 })).chunk;
  if (c) inFlight.push(c);
}
timings.clear();
db.pragma('wal_checkpoint(TRUNCATE)');
const frames0 = walFrames();
let recordBytes = 0;
commitCpuUs = 0;
const t0 = process.hrtime.bigint();
for (let s = 0; s < STEPS; s += GROUP) {
  const group: [string, unknown][] = [];
  for (const chunk of inFlight.splice(0, Math.min(GROUP, STEPS - s))) {
    // 98 of 100 accepted, 2 refused, as the sandbox answers the sample list.
    const results: ItemResult[] = chunk.documents.map((d, i) =>
      i % 50 === 49 ? { documentId: d.id, kind: 'rejected', errorCode: 'INVALID_VALUE', errorMessage: '잘못된 값' } : { documentId: d.id, kind: 'accepted', binderUuid: randomUUID() },
    );
    // Serialised where the main thread hands it over (journal-writer.ts), not on the writer: outside the timed commit.
    const r = serializeExchange(record(chunk));
    recordBytes += r.json.length;
    group.push(['mailing.apply', { records: [r], step: { chunk, chunkState: 'DONE', httpStatus: 200, detail: '', results, firstPollAfterMs: 60_000 }, nextLimit: 100 }]);
  }
  for (const out of commitGroup(group)) {
    const next = outputSchema.parse(out).chunk;
    if (next) inFlight.push(next);
  }
}
const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
const cpuUsPerDoc = commitCpuUs / STEPS / 100;
const commits = Math.ceil(STEPS / GROUP);
const frames = walFrames() - frames0;
const ms = (ns: bigint): string => (Number(ns) / 1e6).toFixed(1).padStart(8);
console.log(`${STEPS} answer+claim steps of 100 documents: ${(totalMs / STEPS).toFixed(2)} ms/step (${((totalMs * 1000) / STEPS / 100).toFixed(1)} µs/doc), ` +
  `${GROUP} a commit: writer CPU ${cpuUsPerDoc.toFixed(1)} µs/doc, ${(frames / commits).toFixed(1)} WAL pages/commit (page ${pageSize}), record ${Math.round(recordBytes / STEPS)} bytes`);
// What the writer's next checkpoint (wal-checkpoints.ts) costs for these commits: SQLCipher decrypts each page's
// latest frame and encrypts it into the database file.
const ck0 = process.cpuUsage();
db.pragma('wal_checkpoint(PASSIVE)');
const ck = process.cpuUsage(ck0);
console.log(`checkpoint of the replay's WAL: writer CPU ${((ck.user + ck.system) / STEPS / 100).toFixed(1)} µs/doc`);
// Which b-trees the replay's commits wrote: WAL frame headers carry the page number in clear; dbstat names its b-tree.
if (process.env['DOCDESK_REPLAY_PAGES'] === '1') {
  const wal = readFileSync(`${file}-wal`);
  const owner = new Map<number, string>();
  for (const r of z.array(z.object({ name: z.string(), pageno: z.number() })).parse(db.prepare('SELECT name, pageno FROM dbstat').all())) owner.set(r.pageno, r.name);
  const byTree = new Map<string, number>();
  for (let off = 32 + frames0 * (pageSize + 24); off + 24 <= wal.length; off += pageSize + 24) {
    const name = owner.get(wal.readUInt32BE(off)) ?? '(free or new)';
    byTree.set(name, (byTree.get(name) ?? 0) + 1);
  }
  for (const [name, n] of [...byTree].sort((a, b) => b[1] - a[1])) console.log(`${(n / commits).toFixed(1).padStart(7)} pages/commit ${name}`);
}
for (const [key, t] of [...timings].sort((a, b) => Number(b[1].ns - a[1].ns))) console.log(`${ms(t.ns)} ms ${(t.cpuUs / STEPS / 100).toFixed(1).padStart(6)} µs/doc CPU ${String(t.n).padStart(7)}× ${key}`);
db.close();
