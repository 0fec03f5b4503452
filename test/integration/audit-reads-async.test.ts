// AuditReads is async so that a second implementation — PostgreSQL for a team server, which answers over a socket —
// can serve the audit services unchanged (issue 16 item 2). Here a deliberately late implementation (every read
// starts and resolves on later turns of the event loop, every batch of a scan arrives a turn later) drives the real
// audit service over a real encrypted audit.db and must give what the SQLite implementation gives: the search, a
// whole verify (on the calling thread and with the worker pool) and an evidence bundle with its proofs, slices and
// recipient. The two services run on two byte-identical copies of one data folder with the same clock, so every
// answer — the bundle's signed checkpoint included (Ed25519 is deterministic) — must be identical.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditService, type AuditService, type ExportSubject } from '../../main/audit/audit-service.ts';
import { verifyEvidenceBundle } from '../../main/audit/bundle/verify-bundle.ts';
import { exchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import type { EventQuery } from '../../main/audit/audit-read-shapes.ts';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import type { AuditLogRecord, AuditLogRecordStore } from '../../main/audit/log-record.ts';
import { answeringLater } from '../helpers/late-audit-reads.ts';
import { tempDir } from '../helpers/test-backend.ts';

const T0 = Date.parse('2026-11-20T01:00:00.000Z');
let clock = T0;
const now = (): number => clock;
const actor = { type: 'operator' as const, id: 'tester' };
const auditKey = randomBytes(32);

/** A bulk send of two documents as the gateway client records it: its slices and its recipient are in the bundle. */
function bulkSend(): ExchangeRecord {
  const documents = ['EXT-1', 'EXT-9'].map((ext, i) => ({
    property: { external_document_uuid: ext },
    receiver: { name: i === 0 ? '홍길동' : '김철수', phone_number: i === 0 ? '01012345678' : '01098765432', birthday: '19800101' },
    title: '고지서',
  }));
  return {
    service: 'docsgw',
    endpoint: 'bulkSend',
    method: 'POST',
    host: 'docs-gw.kakaopay.com',
    path: '/v1/documents/bulk',
    address: null,
    port: 443,
    requestHeaders: {},
    requestBody: JSON.stringify({ documents }),
    status: 200,
    responseHeaders: {},
    responseBody: JSON.stringify({ documents: [{ external_document_uuid: 'EXT-1', document_binder_uuid: 'BIN-1' }, { external_document_uuid: 'EXT-9', document_binder_uuid: 'BIN-9' }] }),
    startedAt: T0,
    durationMs: 12,
    failure: null,
    correlation: {},
  };
}

let sqliteService: AuditService;
let lateService: AuditService;
let late: ReturnType<typeof answeringLater>;
let root: string;
/** docdesk.db's record of the log, as each service reads it (none at open; set by the last case). */
const remembered: { sqlite: AuditLogRecord | null; late: AuditLogRecord | null } = { sqlite: null, late: null };
const recordOf = (which: keyof typeof remembered): AuditLogRecordStore => ({ read: () => remembered[which], record: async () => {} });

beforeAll(async () => {
  root = tempDir('docdesk-audit-reads-async-');
  const seeded = path.join(root, 'seeded');
  mkdirSync(seeded);
  const seeding = await openAuditService({ dataDir: seeded, auditKey, actor, now });
  try {
    seeding.append({ ev: 'op.test.note', subj: { external_document_uuid: 'EXT-1' }, data: { n: 1 }, index: ['doc:EXT-1'] });
    seeding.append(exchangeAuditEvent(bulkSend(), seeding.hmacKey));
    // Enough rows for subtrees stored in audit_tree (16-leaf tiles) under the proofs, and for several verify chunks.
    for (let i = 0; i < 70; i++) seeding.append({ ev: 'op.test.filler', data: { i }, index: i % 7 === 0 ? ['doc:EXT-1'] : [`doc:OTHER-${i}`] });
    // Signed now, so the services below (within the 15-minute interval) sign no automatic checkpoint of their own,
    // whose place in the log would depend on the event loop's turns.
    await seeding.checkpoint();
  } finally {
    await seeding.close();
  }
  cpSync(seeded, path.join(root, 'sqlite'), { recursive: true });
  cpSync(seeded, path.join(root, 'late'), { recursive: true });
  clock = T0 + 60_000;
  sqliteService = await openAuditService({ dataDir: path.join(root, 'sqlite'), auditKey, actor, now, logRecord: recordOf('sqlite') });
  lateService = await openAuditService({ dataDir: path.join(root, 'late'), auditKey, actor, now, logRecord: recordOf('late'), wrapReads: (sqlite) => (late = answeringLater(sqlite)).reads });
});

afterAll(async () => {
  await sqliteService?.close();
  await lateService?.close();
});

describe('the audit services over a late AuditReads give what they give over SQLite', () => {
  it('search: every filter, page and total', async () => {
    const queries: EventQuery[] = [
      {},
      { ev: 'op.test' },
      { subject: 'doc:EXT-1' },
      { subject: ['doc:EXT-1', 'doc:OTHER-3'], offset: 2, limit: 5 },
      { text: 'filler', limit: 3 },
      { from: new Date(T0).toISOString(), to: new Date(T0 + 1000).toISOString() },
      { subject: [] },
    ];
    for (const q of queries) {
      const expected = await sqliteService.events(q);
      expect(expected.total, JSON.stringify(q)).toBeGreaterThanOrEqual(0);
      expect(await lateService.events(q), JSON.stringify(q)).toEqual(expected);
    }
    expect((await lateService.events({ subject: 'doc:EXT-1' })).total).toBe(12);
    expect(late.calls.get('events')).toBe(queries.length + 1);
    expect(await lateService.checkpoints()).toEqual(await sqliteService.checkpoints());
    expect(await lateService.settings()).toEqual(await sqliteService.settings());
  });

  it('an evidence bundle: the same events, proofs, slices, report and signed checkpoint, and it verifies', async () => {
    const subject: ExportSubject = { kind: 'document', ref: 'EXT-1', externalIds: ['EXT-1'], binderUuids: ['BIN-1'], binderOf: { 'EXT-1': 'BIN-1' } };
    const a = await sqliteService.export(subject, '민원 #12', path.join(root, 'bundle-sqlite'));
    const b = await lateService.export(subject, '민원 #12', path.join(root, 'bundle-late'));
    // SHA256SUMS lists report.xlsx, whose zip entries carry the time they were written.
    expect({ ...b, outDir: '', sha256sumsSha256: '' }).toEqual({ ...a, outDir: '', sha256sumsSha256: '' });
    expect(a.disclosed).toBe(12);
    for (const file of a.files.filter((f) => f !== 'report.xlsx' && !f.startsWith('SHA256SUMS'))) {
      expect(readFileSync(path.join(b.outDir, file)).equals(readFileSync(path.join(a.outDir, file))), file).toBe(true);
    }
    // The recipient came from the decrypted request body, the story from the subject's own slices.
    const html = readFileSync(path.join(b.outDir, 'report.html'), 'utf8');
    expect(html).toContain('홍길동');
    expect(html).not.toContain('김철수');
    expect(readFileSync(path.join(b.outDir, 'slices.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
    expect(await verifyEvidenceBundle(b.outDir)).toMatchObject({ ok: true, problems: [] });
    for (const read of ['subjectSeqs', 'chainEntries', 'treeHashes', 'record', 'blobs', 'keys']) expect(late.calls.get(read), read).toBeGreaterThan(0);
  });

  it('landing lines: each imported once, also by two imports of one file at once', async () => {
    const binder = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const lines = [
      { type: 'page.entry', at: '2026-11-20T01:00:01.000Z', document_binder_uuid: binder, content_sha256: 'b'.repeat(64), ip: '211.234.10.20' },
      { type: 'read_status', at: '2026-11-20T01:00:02.000Z', document_binder_uuid: binder, http_status: 204, attempt: 1, result: 'OK' },
      { type: 'page.failure', at: '2026-11-20T01:05:00.000Z', document_binder_uuid: binder, reason: 'token_reused', ip: '10.1.2.3' },
    ];
    const file = path.join(root, 'landing.jsonl');
    writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    for (const service of [sqliteService, lateService]) {
      const [one, two] = await Promise.all([service.importLanding(file), service.importLanding(file)]);
      expect(one.added + two.added).toBe(3);
      expect(await service.importLanding(file)).toEqual({ lines: 3, added: 0, duplicates: 3 });
      expect((await service.events({ ev: 'edoc.', subject: `binder:${binder}` })).total).toBe(3);
    }
    expect(late.calls.get('indexedKeys')).toBe(3);
  });

  // Last: verify appends its audit.integrity event (a fresh salt each), after which the two logs differ.
  it('verify: the whole log on the calling thread and with the worker pool', async () => {
    for (const workers of [1, 2]) {
      const expected = await sqliteService.verify({ workers });
      expect(expected).toMatchObject({ ok: true, problems: [] });
      expect(await lateService.verify({ workers })).toEqual(expected);
    }
    expect(late.calls.get('verify')).toBe(2);
  });

  it("verify against docdesk.db's record of the log: a longer signed log and another head are named the same way", async () => {
    for (const [size, code] of [
      [10_000, 'LOG_SHORTER_THAN_SIGNED'],
      [5, 'LOG_HEAD_DIFFERS'],
    ] as const) {
      const record = { logId: sqliteService.logId, size, head: Buffer.alloc(32, 1).toString('base64'), anchorFolder: null, recordedAt: new Date(T0).toISOString() };
      remembered.sqlite = record;
      remembered.late = record;
      const expected = await sqliteService.verify({ workers: 1 });
      expect(expected.ok).toBe(false);
      const report = await lateService.verify({ workers: 1 });
      // The messages name each folder's own audit.db.
      const sameFolder = report.problems.map((p) => ({ ...p, message: p.message.replace(path.join(root, 'late'), path.join(root, 'sqlite')) }));
      expect(sameFolder).toEqual(expected.problems);
      expect(expected.problems.map((p) => p.code)).toEqual([code]);
      expect(report.firstBadSeq).toBe(expected.firstBadSeq);
    }
    for (const read of ['logId', 'size', 'chainAt']) expect(late.calls.get(read), read).toBeGreaterThan(0);
  });

  it('the retention purge deletes the same range', async () => {
    clock = T0 + 800 * 86_400_000; // past the default 730 days for every seeded row
    const expected = await sqliteService.purgeExpired();
    expect(expected).toMatchObject({ lo: 1 });
    expect(await lateService.purgeExpired()).toEqual(expected);
    expect(late.calls.get('recordsBefore')).toBe(1);
  });
});
