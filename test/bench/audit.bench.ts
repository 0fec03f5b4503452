// Issue 4 figures (docs/benchmarks.md), measured in one run on this machine:
//  1. append: events appended through the chained single writer (JCS, salt, leaf + chain hashes, batches of
//     200 in BEGIN IMMEDIATE, synchronous=FULL, encrypted audit.db) per second, divided by a raw batched
//     INSERT of the same record bytes (same encryption, pragmas and batch size) per second. Limit ≥ 0.5.
//  2. verify: `verifyAuditDatabaseParallel` (what `audit verify` uses from 200,000 rows) over 1,000,000 events
//     (chain + checkpoints; the SQLite integrity_check is reported separately in the detail) divided by a bare SHA-256 pass over the same record bytes (one
//     digest per record, records already in memory). Limit ≤ 2.
//  3. export: one document's evidence bundle (format 2: its events with inclusion proofs, a consistency proof from
//     the anchored checkpoint, its slices of a 100-document bulk send and bulk status) from the 1,000,000-event log:
//     wall time (limit ≤ 0.2 s) and size (limit ≤ 64 KB), without report.pdf (the PDF is printed by Chromium and
//     measured by test/integration/audit-bundle-pdf.test.ts).
//     Then the same log grown to 10,000,000 events (only at full scale: the build takes long): time, size, and the
//     size's growth over the 1,000,000-event bundle, which must stay within the extra proof levels (issue 17).
import { createHash, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3-multiple-ciphers';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { exchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import { openAuditService, type AuditService } from '../../main/audit/audit-service.ts';
import { verifyAuditDatabase, verifyAuditDatabaseParallel } from '../../main/reads/sqlite-audit-verify.ts';
import { availableParallelism } from 'node:os';
import { openLogOnWriter } from '../helpers/audit-log-on-writer.ts';
import { emitFigure } from './lib/figures.ts';
import { BENCH_SCALE, scaleNote } from './lib/scale.ts';
import { createWorkspace, log } from './lib/workspace.ts';

const BENCH = 'audit';
const APPEND_EVENTS = Math.max(2_000, Math.round(20_000 * BENCH_SCALE));
const LOG_EVENTS = Math.max(10_000, Math.round(1_000_000 * BENCH_SCALE));
const BIG_LOG_EVENTS = 10_000_000;
/** One hash of proofs.json as written: 64 hex digits, quotes, comma, newline and indentation. */
const PROOF_HASH_BYTES = 72;
const ws = createWorkspace(BENCH);
const actor = { type: 'operator' as const, id: 'bench', host: 'bench-pc' };

function event(i: number) {
  const ext = `BENCH${String(i).padStart(9, '0')}`;
  return {
    ev: 'net.exchange',
    subj: { external_document_uuid: [ext] },
    data: { service: 'docsgw', endpoint: 'bulkStatus', method: 'POST', status: 200, duration_ms: 12, path: '/v1/documents/bulk/status', i },
    index: [`doc:${ext}`],
  };
}

/** Appends events [from, to) to the log in dataDir with the real writer (a new log when from is 0). */
async function growLog(dataDir: string, auditKey: Buffer, from: number, to: number): Promise<void> {
  const keys = deriveAuditKeys(auditKey);
  // On the audit writer as every process writes the log (synchronous=FULL there: the fixture takes longer to build).
  const opened = await openLogOnWriter(dataDir, keys, { checkpointEvery: 1000, batchSize: 1000, keyFile: path.join(dataDir, 'audit-signing-key.bin') });
  const audit = opened.log;
  const tb = performance.now();
  for (let i = from; i < to; i++) {
    audit.append(event(i));
    // Signing reads the log through AuditReads, awaited: the automatic checkpoint due every 1,000 rows is signed here.
    if (i % 1000 === 999) await audit.checkpointsSigned();
    if (i % 100_000 === 99_999) log(BENCH, `building the log: ${i + 1} events (${((performance.now() - tb) / 1000).toFixed(0)} s)`);
  }
  await opened.close();
}

/**
 * The document's bulk send and bulk status exchanges with 99 other documents (not timed), as the send engine and the
 * poller chain them: their events commit to 100 slices each, of which the bundle discloses the document's own.
 */
async function bulkExchanges(svc: AuditService, auditKey: Buffer, ext: string): Promise<string> {
  const { hmacKey } = deriveAuditKeys(auditKey);
  const ids = [ext, ...Array.from({ length: 99 }, (_, i) => `${ext}-N${i}`)];
  const binderOf = (id: string) => `BIN-${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
  const item = (id: string, i: number) => ({ title: '관리비 고지서', read_expired_sec: 2_592_000, receiver: { name: '홍길동', phone_number: `010${String(10_000_000 + i)}`, birthday: '19800101', is_required_verify_name: false }, property: { link: 'https://docdesk.example/d', cs_number: '02-123-4567', cs_name: '고객센터', external_document_uuid: id } });
  const status = { doc_box_status: 'READ', doc_box_sent_at: 1796420266, doc_box_received_at: 1796420503, user_notified_at: 1796420280, authenticated_at: 1796464843, token_used_at: 1796464846, doc_box_read_at: 1796464848 };
  const exchange = (endpoint: string, path: string, request: unknown, response: unknown, startedAt: number) => ({ service: 'docsgw' as const, endpoint, method: 'POST', host: 'docs-gw.kakaopay.com', path, address: null, port: 443, requestHeaders: {}, requestBody: JSON.stringify(request), status: 200, responseHeaders: {}, responseBody: JSON.stringify(response), startedAt, durationMs: 40, failure: null, correlation: {} });
  svc.append(exchangeAuditEvent(exchange('bulkSend', '/v1/documents/bulk', { documents: ids.map(item) }, { documents: ids.map((id) => ({ external_document_uuid: id, document_binder_uuid: binderOf(id) })) }, Date.now()), hmacKey));
  svc.append(exchangeAuditEvent(exchange('bulkStatus', '/v1/documents/bulk/status', { document_binder_uuids: ids.map(binderOf) }, { documents: ids.map((id) => ({ document_binder_uuid: binderOf(id), status_data: status })) }, Date.now() + 1), hmacKey));
  await svc.flush();
  return binderOf(ext);
}

/** One document's bundle from the log of `size` events, with the anchor folder set (a consistency proof): time and size. */
async function exportFigures(dataDir: string, auditKey: Buffer, size: number): Promise<{ bytes: number; proofsBytes: number; events: number; consistency: boolean }> {
  const svc = await openAuditService({ dataDir, auditKey, actor });
  // Every checkpoint is copied off the PC, as in an installation with an anchor folder (not timed).
  await svc.setAnchorFolder(ws.sub(`anchor-${size}`));
  const ext = `BENCH${String(Math.floor(size * 0.73)).padStart(9, '0')}`;
  const binder = await bulkExchanges(svc, auditKey, ext);
  const out = path.join(dataDir, `bundle-${size}`);
  const te = performance.now();
  const r = await svc.export({ kind: 'document', ref: ext, externalIds: [ext], binderUuids: [binder] }, '벤치마크 내보내기', out);
  const exportMs = performance.now() - te;
  await svc.close();
  const sizes = r.files.map((f) => ({ f, bytes: statSync(path.join(out, f)).size }));
  const bytes = sizes.reduce((a, x) => a + x.bytes, 0);
  const proofsBytes = sizes.find((x) => x.f === 'proofs.json')?.bytes ?? 0;
  const consistency = (JSON.parse(readFileSync(path.join(out, 'proofs.json'), 'utf8')) as { consistency: unknown[] }).consistency.length > 0;
  const label = size === BIG_LOG_EVENTS ? '10m' : '1m';
  const where = `one document (${r.disclosed} events) from a ${size}-event log${scaleNote()}`;
  emitFigure({ bench: BENCH, figure: `export-one-document${label === '1m' ? '' : `-${label}`}`, value: Math.round(exportMs) / 1000, unit: 's', limit: 0.2, comparison: '<=', detail: `${where}, checkpoint signed and reports written` });
  emitFigure({
    bench: BENCH,
    figure: `export-bundle-size${label === '1m' ? '' : `-${label}`}`,
    value: bytes,
    unit: 'bytes',
    limit: 64 * 1024,
    comparison: '<=',
    detail: `${where}: ${sizes.map((x) => `${x.f} ${x.bytes}`).join(', ')}`,
  });
  if (!r.files.includes('slices.jsonl') || statSync(path.join(out, 'slices.jsonl')).size === 0) throw new Error('the bundle discloses no slices');
  return { bytes, proofsBytes, events: r.disclosed, consistency };
}

try {
  // ---- 1. chained append vs raw batched insert of the same bytes
  {
    const dataDir = ws.sub('append');
    const auditKey = randomBytes(32);
    const keys = deriveAuditKeys(auditKey);
    const opened = await openLogOnWriter(dataDir, keys, { checkpointEvery: 1_000_000_000 });
    const audit = opened.log;
    const t0 = performance.now();
    for (let i = 0; i < APPEND_EVENTS; i++) audit.append(event(i));
    audit.flush();
    const chainedMs = performance.now() - t0;
    const records = opened.writer.db.prepare('SELECT record FROM audit_record WHERE seq > 0 ORDER BY seq').pluck().all() as Buffer[];
    await opened.close();

    const raw = new Database(path.join(dataDir, 'raw.db'));
    raw.pragma(`cipher='sqlcipher'`);
    raw.pragma('legacy=4');
    raw.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = FULL');
    // The same rows into a table shaped like audit_record (same indexes), without chain, index or hashing.
    raw.exec('CREATE TABLE raw (seq INTEGER PRIMARY KEY, ts TEXT NOT NULL, ev TEXT NOT NULL, record BLOB NOT NULL) STRICT; CREATE INDEX raw_by_ev ON raw(ev, seq); CREATE INDEX raw_by_ts ON raw(ts);');
    const ins = raw.prepare('INSERT INTO raw (seq, ts, ev, record) VALUES (?, ?, ?, ?)');
    const batch = raw.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) ins.run(i, new Date(1_795_000_000_000 + i).toISOString(), 'net.exchange', records[i]!);
    });
    const t1 = performance.now();
    for (let i = 0; i < records.length; i += 200) batch.immediate(i, Math.min(i + 200, records.length));
    const rawMs = performance.now() - t1;
    raw.close();
    const ratio = rawMs / chainedMs;
    log(BENCH, `append: chained ${Math.round((APPEND_EVENTS / chainedMs) * 1000)}/s, raw ${Math.round((records.length / rawMs) * 1000)}/s`);
    emitFigure({
      bench: BENCH,
      figure: 'append-chained-vs-raw',
      value: Math.round(ratio * 1000) / 1000,
      unit: 'ratio',
      limit: 0.5,
      comparison: '>=',
      detail: `${APPEND_EVENTS} events: chained ${chainedMs.toFixed(0)} ms vs raw batched insert ${rawMs.toFixed(0)} ms (batches of 200, synchronous=FULL, encrypted)${scaleNote()}`,
    });
  }

  // ---- build a LOG_EVENTS log with the real writer (large batches to build quickly; checkpoints every 1,000)
  const dataDir = ws.sub('big');
  const auditKey = randomBytes(32);
  await growLog(dataDir, auditKey, 0, LOG_EVENTS);

  // ---- 2. verify vs a bare SHA-256 pass
  {
    const keys = deriveAuditKeys(auditKey);
    const db = openAuditDatabase(path.join(dataDir, 'audit.db'), keys.dbKey);
    let records = db.prepare('SELECT record FROM audit_record ORDER BY seq').pluck().all() as Buffer[];
    const tb = performance.now();
    for (const r of records) createHash('sha256').update(r).digest();
    const bareMs = performance.now() - tb;
    // The baseline's 1,000,000 in-memory Buffers are not part of what verify does: left reachable, every
    // garbage collection during the measured verify would have to walk them.
    records = [];
    const publicKeys = new Map<string, KeyObject>();
    for (const r of db.prepare('SELECT fp, public_der FROM audit_key').all() as { fp: string; public_der: Buffer }[]) publicKeys.set(r.fp, createPublicKey({ key: r.public_der, format: 'der', type: 'spki' }));
    const ti = performance.now();
    const integrity = db.pragma('integrity_check', { simple: true });
    const integrityMs = performance.now() - ti;
    // verifyAuditDatabase runs integrity_check too; time the chain part by subtracting the integrity pass of the
    // SAME run (a separately measured pass differs by more than the chain part can take: it once gave −43 ms).
    // What `docdesk audit verify` runs on a log this large: the chain recomputed by worker threads over ranges.
    const logId = db.prepare(`SELECT value FROM audit_meta WHERE key = 'log_id'`).pluck().get() as string;
    let inRunIntegrityMs = 0;
    const onIntegrityChecked = (ms: number) => {
      inRunIntegrityMs = ms;
    };
    const tv = performance.now();
    const report = await verifyAuditDatabaseParallel(db, path.join(dataDir, 'audit.db'), keys.dbKey, { publicKeys, logId, onIntegrityChecked });
    const verifyMs = performance.now() - tv - inRunIntegrityMs;
    const ts = performance.now();
    verifyAuditDatabase(db, { publicKeys, logId, onIntegrityChecked });
    const sequentialMs = performance.now() - ts - inRunIntegrityMs;
    db.close();
    log(BENCH, `verify: ${report.size} rows ok=${report.ok}, chain ${verifyMs.toFixed(0)} ms, integrity_check ${integrityMs.toFixed(0)} ms (${String(integrity)}), bare SHA-256 ${bareMs.toFixed(0)} ms`);
    emitFigure({
      bench: BENCH,
      figure: 'verify-vs-bare-sha256',
      value: Math.round((verifyMs / bareMs) * 100) / 100,
      unit: 'ratio',
      limit: 2,
      comparison: '<=',
      detail: `${report.size} events (${report.checkpointsChecked} checkpoints, ok=${report.ok}): verify ${verifyMs.toFixed(0)} ms with ${availableParallelism()} threads (one thread: ${sequentialMs.toFixed(0)} ms; + integrity_check ${integrityMs.toFixed(0)} ms) vs one SHA-256 per record ${bareMs.toFixed(0)} ms${scaleNote()}`,
    });
  }

  // ---- 3. export one document's bundle from the big log, then from the log grown to 10,000,000 events
  const small = await exportFigures(dataDir, auditKey, LOG_EVENTS);
  if (BENCH_SCALE === 1) {
    await growLog(dataDir, auditKey, LOG_EVENTS, BIG_LOG_EVENTS);
    const big = await exportFigures(dataDir, auditKey, BIG_LOG_EVENTS);
    // Each inclusion proof and the consistency proof gain one hash per extra tree level: ⌈log2⌉ of the sizes.
    const extraLevels = Math.ceil(Math.log2(BIG_LOG_EVENTS)) - Math.ceil(Math.log2(LOG_EVENTS));
    const proofs = big.events + (big.consistency ? 1 : 0);
    const allowance = extraLevels * proofs * PROOF_HASH_BYTES;
    emitFigure({
      bench: BENCH,
      figure: 'export-size-growth-10m',
      value: big.bytes - small.bytes,
      unit: 'bytes',
      limit: allowance,
      comparison: '<=',
      detail: `${small.bytes} → ${big.bytes} bytes (proofs.json ${small.proofsBytes} → ${big.proofsBytes}); allowance ${extraLevels} extra levels × ${proofs} proofs × ${PROOF_HASH_BYTES} bytes per hex hash line`,
    });
  } else {
    log(BENCH, 'export from a 10,000,000-event log: only at full scale (DOCDESK_BENCH_SCALE=1)');
  }
} finally {
  ws.cleanup();
}
