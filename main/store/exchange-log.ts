// The append-only exchange log (issue 2 §6): every request/response with a gateway, redacted by the HTTP layer.
// Each exchange is ALSO a `net.exchange` event in the tamper-evident audit chain (issue 4). One route (issue 16
// step 8): the record, serialised where it is made (serializeExchange), travels with the writer step that explains
// it — or, made outside any journal step, in a step of its own (`exchange.record`) — the step stores it as a row,
// and the row's JSON text goes to the step's outbox, from which docdesk.db's writer posts it to the audit writer
// after the commit (main/writer/audit-route.ts). This store knows nothing of the chain (store/ imports no other
// main/ folder).
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { stepHandlers, type StepHandlers } from './group-commit.ts';
import { blobSchema, countRowSchema, rowParser } from './row-shapes.ts';
import type { StepOutbox } from './step-outbox.ts';
import { stepCaller, type StepWriter } from './step-writer.ts';

const parseExchangeCount = rowParser('exchange_log', countRowSchema);

/**
 * A record's JSON longer than this is stored deflated (record_deflated, record_json ''; migration 14). A table row
 * longer than ~4 KB spills into overflow pages: a 100-document bulk send's ~46 KB record wrote ~14 encrypted pages
 * a commit and the checkpoint copied them again; deflated it is ~6 KB. PayUp's and KCP's records (one item each)
 * stay below it and are stored as text, as before.
 */
export const EXCHANGE_RECORD_DEFLATE_ABOVE = 4096;
/** zlib level 3: a bulk send's record in ~0.1–0.2 ms, within a few percent of level 6's size (test/bench/journal-replay.ts). */
const DEFLATE_LEVEL = 3;

/** The stored form of one record's JSON: text, or (above the threshold) raw deflate of its UTF-8 with '' as text. */
export type StoredExchangeRecord = { record_json: string; record_deflated: Buffer | null };

export function storedExchangeRecord(json: string): StoredExchangeRecord {
  if (json.length <= EXCHANGE_RECORD_DEFLATE_ABOVE) return { record_json: json, record_deflated: null };
  return { record_json: '', record_deflated: deflateRawSync(json, { level: DEFLATE_LEVEL }) };
}

/** The columns a reader of the whole record selects (`SELECT seq, record_json, record_deflated …`). */
export const storedExchangeRecordSchema = z.object({ record_json: z.string(), record_deflated: blobSchema.nullable() });

/** The record's JSON text as it was written, from either stored form (rows written before migration 14 are text). */
export function exchangeRecordJson(row: StoredExchangeRecord): string {
  return row.record_deflated === null ? row.record_json : inflateRawSync(row.record_deflated).toString('utf8');
}

/** What exchange_log indexes of a record (main/http/exchange.ts ExchangeRecord); the whole record is kept as record_json or record_deflated. */
export interface ExchangeLogEntry {
  startedAt: number;
  service: string;
  endpoint: string;
  method: string;
  host: string;
  path: string;
  address: string | null;
  port: number;
  status: number | null;
  durationMs: number;
  failure: { phase: string } | null;
  correlation: Record<string, string>;
}

/**
 * A record as it travels to docdesk.db's writer (issue 16 item 3): serialised once, on the thread that made it —
 * its JSON text, its deflated bytes above the threshold, and the columns exchange_log indexes. The writer inserts
 * it without a stringify or a deflate and hands the text on to the audit writer: a string and a byte array are
 * cloned as copies of their bytes, where the record object was walked field by field, twice. Checked here as the
 * columns' types only: whether the record fits its schema is the audit writer's question (a refusal of that entry
 * alone, main/audit/producer-batches.ts), as it is for a row read back at recovery.
 */
export const serializedExchangeSchema = z.object({
  at: z.number(),
  service: z.string(),
  endpoint: z.string(),
  method: z.string(),
  host: z.string(),
  path: z.string(),
  address: z.string().nullable(),
  port: z.number(),
  status: z.number().nullable(),
  durationMs: z.number(),
  failurePhase: z.string().nullable(),
  correlationJson: z.string(),
  /** JSON.stringify(record): the row's record_json (unless deflated) and the source of its audit event. */
  json: z.string(),
  /** Raw deflate of `json` when it is longer than EXCHANGE_RECORD_DEFLATE_ABOVE (the row's record_json is then ''). */
  deflated: z.instanceof(Uint8Array).nullable(),
});
export type SerializedExchange = z.infer<typeof serializedExchangeSchema>;
/** The `records` of a step that stores exchange records (its caller's side: serializeExchange). */
export const serializedExchangesSchema = z.array(serializedExchangeSchema);

/** A record as it travels to the writer: one JSON.stringify, and one deflate above the threshold. */
export function serializeExchange(r: ExchangeLogEntry): SerializedExchange {
  const json = JSON.stringify(r);
  const { record_deflated } = storedExchangeRecord(json);
  return {
    at: r.startedAt,
    service: r.service,
    endpoint: r.endpoint,
    method: r.method,
    host: r.host,
    path: r.path,
    address: r.address,
    port: r.port,
    status: r.status,
    durationMs: r.durationMs,
    failurePhase: r.failure?.phase ?? null,
    correlationJson: JSON.stringify(r.correlation),
    json,
    // A copy of exactly its bytes: zlib's result views a 64 KB ArrayBuffer, which a structured clone copies whole.
    deflated: record_deflated === null ? null : new Uint8Array(record_deflated),
  };
}

/**
 * A stored record as its step leaves it for the audit chain, as its JSON text: the row's seq ties the two logs
 * together (recover.ts). `durable`: the step is answered only once the event is committed (a record of its own,
 * whose caller goes on to log what followed the call); a journal step's records never hold up its claim or answer.
 */
export type ExchangeChainEntry = { kind: 'exchange'; seq: number; json: string; durable: boolean };

/**
 * Inserts one record into exchange_log and returns its seq (the row id). On docdesk.db's writer `chain` is the
 * step's outbox; null on a connection whose rows nobody chains at once (tools, tests, the in-process journals).
 */
export function createExchangeLogInsert(db: Db, chain: StepOutbox<ExchangeChainEntry> | null, durable = false): (x: SerializedExchange) => number {
  const insert = db.prepare(
    `INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json, record_deflated)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return (x) => {
    const seq = Number(
      insert.run(
        x.at, x.service, x.endpoint, x.method, x.host, x.path, x.address, x.port, x.status, x.durationMs, x.failurePhase, x.correlationJson,
        x.deflated === null ? x.json : '', x.deflated,
      ).lastInsertRowid,
    );
    chain?.push({ kind: 'exchange', seq, json: x.json, durable });
    return seq;
  };
}

/** The rows of exchange_log. */
export function countExchanges(db: Db): number {
  return parseExchangeCount(db.prepare('SELECT count(*) n FROM exchange_log').get()).n;
}

export const exchangeStepInputs = { 'exchange.record': z.object({ records: serializedExchangesSchema }) };

/**
 * The writer's side: records made outside any journal step (a landing page's token check), one step per hand-off,
 * answered once their events are in the chain, so what the caller logs next follows them there.
 */
export function exchangeSteps(db: Db, chain: StepOutbox<ExchangeChainEntry>): StepHandlers {
  const insert = createExchangeLogInsert(db, chain, true);
  return stepHandlers(exchangeStepInputs, { 'exchange.record': (m) => ({ seqs: m.records.map(insert) }) });
}

/** The caller's side: resolves once the records are committed, and their audit events too. */
export function exchangeRecordsOnWriter(writer: StepWriter): (records: ExchangeLogEntry[]) => Promise<void> {
  const run = stepCaller<typeof exchangeStepInputs>(writer, '통신 기록');
  return async (rs) => {
    if (rs.length > 0) await run('exchange.record', { records: rs.map(serializeExchange) });
  };
}
