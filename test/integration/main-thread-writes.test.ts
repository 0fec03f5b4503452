// Issue 16 step 6: docdesk.db has one writer. What the main thread does on a writer backend — start-up recovery,
// importing, resolving UNKNOWN documents, re-sending one, settings, the tracker's pause — commits as named steps on
// the docdesk writer (main/writer/), so the main thread's own connection changes no row. Counted with SQLite's
// total_changes() on that connection (backend.mainConnectionChanges).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { auditLogRecordReader } from '../../main/audit/log-record.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '3월 관리비 고지서', link: 'https://docdesk.example/bill/3', csNumber: '02-123-4567', csName: '관리사무소' };

let sandbox: RunningSandboxes;
let dataDir: string;
let b: Backend;
let mailingId: string;

/** Rows the main thread's connection changed while `action` ran. */
async function mainWritesDuring(action: () => unknown): Promise<number> {
  const before = b.mainConnectionChanges();
  await action();
  return b.mainConnectionChanges() - before;
}

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dataDir = tempDir('docdesk-main-writes-');
  const first = await backendFor(sandbox, { dataDir });
  const list = path.join(dataDir, 'list.csv');
  // NOT_FOUND (phone ending 9999, main/sandbox/README.md) and three ordinary recipients.
  writeFileSync(list, '이름,휴대폰,생년월일\n홍길동,010-1234-9999,1980-01-02\n김철수,010-2222-1111,19750505\n이영희,010-3333-1212,1990.03.04\n박민수,010-7777-1313,19851212\n');
  mailingId = (await first.mailing.import(list, { defaults: DEFAULTS, name: '주 스레드 쓰기 시험' })).mailingId ?? '';
  // A writer that stopped with work in flight (a document and a PayUp cancel IN_FLIGHT): the next start recovers.
  const side = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  side.prepare(`UPDATE documents SET state = 'IN_FLIGHT' WHERE id = (SELECT max(id) FROM documents WHERE mailing_id = ?)`).run(mailingId);
  side.prepare(`INSERT INTO payup_cancels (transaction_id, reason, profile, state, state_at, created_at) VALUES ('T-LEFT-1', '테스트', 'test-sandbox', 'IN_FLIGHT', 1, 1)`).run();
  side.close();
  await first.close();
}, 120_000);

afterAll(async () => {
  await b?.close();
  await sandbox?.close();
});

describe("the main thread's connection writes nothing", () => {
  it('start-up: migrations and IN_FLIGHT → UNKNOWN recovery run on the writer', { timeout: 60_000 }, async () => {
    b = await createBackend({ dataDir, env: {} });
    expect([b.recoveredUnknown, b.recoveredPayupUnknown]).toEqual([1, 1]);
    expect(b.mailing.status(mailingId).counts).toMatchObject({ UNKNOWN: 1 });
    expect(b.mainConnectionChanges()).toBe(0);
  });

  it('mailing: an import (its mailing row, documents, completion and the operator record) and resolving UNKNOWN documents', { timeout: 60_000 }, async () => {
    const list = path.join(dataDir, 'second.csv');
    writeFileSync(list, '이름,휴대폰,생년월일\n최민준,010-4444-1212,19920202\n');
    let second = '';
    expect(await mainWritesDuring(async () => (second = (await b.mailing.import(list, { defaults: DEFAULTS, name: '두 번째' })).mailingId ?? ''))).toBe(0);
    expect(b.mailing.status(second).counts).toMatchObject({ DRAFT: 1 });
    expect(await mainWritesDuring(async () => expect(await b.mailing.resolve(mailingId, 'abandon')).toBe(1))).toBe(0);
    expect(b.mailing.status(mailingId).counts).toMatchObject({ ABANDONED: 1, UNKNOWN: 0 });
    // A refused step changes nothing, its action included, and the caller gets the same Korean error as before.
    const actions = b.audit.events({ ev: 'op.mailing.unknown.', limit: 10 }).total;
    await expect(b.mailing.resolve('M-none', 'abandon')).rejects.toMatchObject({ code: 'MAILING_NOT_FOUND', exitCode: 2, message: '발송 건 M-none을(를) 찾을 수 없습니다.' });
    expect(b.audit.events({ ev: 'op.mailing.unknown.', limit: 10 }).total).toBe(actions);
    // Both operator actions are in the audit chain (chained after their steps committed).
    expect(b.audit.events({ ev: 'op.mailing.', limit: 10 }).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.mailing.import', 'op.mailing.unknown.abandon']));
  });

  it('settings: the institution name, a mapping preset, the tracker pause — each with its operator record', { timeout: 60_000 }, async () => {
    expect(await mainWritesDuring(() => b.config.set('institutionName', '한빛 관리사무소'))).toBe(0);
    expect(b.profiles.setting('institutionName')).toBe('한빛 관리사무소');
    const preset = { name: '관리비', mapping: { name: 'A', phone: 'B', birthday: 'C' } };
    expect(await mainWritesDuring(() => b.mailing.presets.save(preset))).toBe(0);
    expect(b.mailing.presets.get('관리비')).toMatchObject(preset);
    expect(await mainWritesDuring(async () => expect(await b.mailing.presets.remove('관리비')).toBe(true))).toBe(0);
    expect(await mainWritesDuring(async () => expect((await b.tracker.setPaused(true)).paused).toBe(true))).toBe(0);
    expect(await mainWritesDuring(() => b.tracker.setPaused(false))).toBe(0);
    expect(b.audit.events({ ev: 'op.', limit: 50 }).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.config.set', 'op.tracker.pause', 'op.tracker.resume']));
  });

  it('a docs-gw call outside any journal step (a landing token check) is a step of its own on the writer; its audit event comes from the writer, before the page event', { timeout: 60_000 }, async () => {
    const server = await b.landing.serve({ port: 0 });
    try {
      const rows = b.exchangeCount();
      // An unknown token: the landing server asks docs-gw (verifyToken), which refuses it.
      const writes = await mainWritesDuring(async () => expect((await fetch(`${server.url}/?document_binder_uuid=binder-route-1&token=token-route-1`)).status).toBe(403));
      // On the base: the record was inserted by the main connection (and chained by the main thread).
      expect(writes).toBe(0);
      expect(b.exchangeCount()).toBe(rows + 1);
      const exchange = b.audit.events({ subject: 'binder:binder-route-1', ev: 'net.', limit: 10 }).rows;
      expect(exchange.map((e) => e.record?.data['endpoint'])).toEqual(['verifyToken']);
      expect(exchange[0]!.record?.data['exchange_log_seq']).toBeTypeOf('number');
      // What the page logged after the call follows the call's record in the chain.
      const verified = b.audit.events({ ev: 'edoc.ott.verify', limit: 10 }).rows;
      expect(verified).toHaveLength(1);
      expect(verified[0]!.seq).toBeGreaterThan(exchange[0]!.seq);
    } finally {
      await server.close();
    }
  });

  it("the audit log's record at a signed checkpoint, and the landing folder's setting and progress, are steps on the writer", { timeout: 60_000 }, async () => {
    // On the base: the record (docdesk.db settings 'audit.log') was written by the main connection, synchronously.
    let signed = 0;
    expect(await mainWritesDuring(() => (signed = b.audit.checkpoint().size))).toBe(0);
    const recordedSize = (): number => {
      const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
      try {
        return auditLogRecordReader(db)()?.size ?? 0;
      } finally {
        db.close();
      }
    };
    for (const deadline = Date.now() + 10_000; recordedSize() < signed && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(recordedSize()).toBe(signed);

    const folder = tempDir('docdesk-main-writes-landing-');
    const event = { at: '2026-11-22T01:00:00.000Z', document_binder_uuid: 'BIN-route', external_document_uuid: 'EXT-route', ip: '211.234.10.20', type: 'page.ack', control: 'confirm' };
    writeFileSync(path.join(folder, 'landing-2026-11-22.jsonl'), `${JSON.stringify({ ...event, id: 'ev-1' })}\n${JSON.stringify({ ...event, id: 'ev-2' })}\n`);
    // The setting with its operator record, then the file's progress after its lines were imported.
    expect(await mainWritesDuring(() => b.landingFolder.setFolder(folder))).toBe(0);
    expect(b.landingFolder.folder()).toBe(folder);
    expect(await mainWritesDuring(async () => expect((await b.landingFolder.scanNow()).added).toBe(2))).toBe(0);
    // Read back: a second look finds the file unchanged and adds nothing.
    expect((await b.landingFolder.scanNow()).added).toBe(0);
    expect(await mainWritesDuring(() => b.landingFolder.setFolder(null))).toBe(0);
    expect(b.audit.events({ ev: 'op.landing.folder', limit: 5 }).total).toBe(2);
  });

  it("operator actions of their own (an export) write nothing; a send and a re-send write only the send loop's mailing state", { timeout: 120_000 }, async () => {
    expect(await mainWritesDuring(() => b.documents.export({ mailingId }))).toBe(0);
    // Left on the main connection until the batch runner replaces mailing/sender.ts (issue 16 step 10): the
    // mailing's SENDING and SENT. Everything else of a send — claims, answers, exchange records, the operator's
    // send record — commits on the writer.
    let sent = 0;
    expect(await mainWritesDuring(async () => (sent = (await b.mailing.send(mailingId)).counts.REJECTED))).toBe(2);
    expect(sent).toBe(1);
    const refused = b.documents.query({ mailingId, errorCode: 'NOT_FOUND', limit: 1 }).rows[0]?.externalDocumentUuid ?? '';
    const plan = b.document.planResend(refused, { phone: '010-5555-6666' });
    // The one-document mailing, its document, the re-send link and the operator's decision: one writer step.
    expect(await mainWritesDuring(async () => expect(await b.document.resend(refused, { phone: '010-5555-6666' }, plan.digest)).toMatchObject({ state: 'ACCEPTED' }))).toBe(2);
    expect(b.audit.events({ ev: 'op.', limit: 50 }).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.documents.export', 'op.mailing.send', 'op.document.resend']));
  });
});
