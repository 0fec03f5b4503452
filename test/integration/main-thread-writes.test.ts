// Issue 16 step 6: docdesk.db has one writer. What the main thread does on a writer backend — start-up recovery,
// importing, sending (the mailing state, pause and cancel included), resolving UNKNOWN documents, re-sending one,
// settings, the tracker's pause, PayUp cancels and decisions, KCP verifications and batches — commits as named steps
// on the docdesk writer (main/writer/), and the main thread holds no read-write connection to docdesk.db at all — it
// reads through a read-only one (issue 16 item 1: the writer's is the file's only read-write connection). Checked
// before and after each action with the connections this thread opened read-write (open-database.ts). Before the
// main thread lost that connection, the same actions were counted in rows with SQLite's total_changes() on it: 0.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { SANDBOX_KCP_ACCOUNTS } from '../../main/sandbox/kcp/accounts.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, readWriteConnectionsOfThisThread } from '../../main/store/open-database.ts';
import { auditLogRecordReader } from '../../main/audit/log-record.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '3월 관리비 고지서', link: 'https://docdesk.example/bill/3', csNumber: '02-123-4567', csName: '관리사무소' };

let sandbox: RunningSandboxes;
let dataDir: string;
let b: Backend;
let mailingId: string;

/** Read-write connections to docdesk.db this (the backend's main) thread holds now. */
const mainDocdeskWriters = (): number => readWriteConnectionsOfThisThread().filter((f) => path.basename(f) === 'docdesk.db').length;

/** Read-write connections to docdesk.db the main thread held before or after `action` ran. */
async function mainWritesDuring(action: () => unknown): Promise<number> {
  const before = mainDocdeskWriters();
  await action();
  return before + mainDocdeskWriters();
}

/** A small list imported as a new mailing (its rows committed on the writer). */
async function importList(name: string, csv: string): Promise<string> {
  const list = path.join(dataDir, `${name}.csv`);
  writeFileSync(list, csv);
  const id = (await b.mailing.import(list, { defaults: DEFAULTS, name })).mailingId;
  if (!id) throw new Error(`no mailing for ${name}`);
  return id;
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
    expect((await b.mailing.status(mailingId)).counts).toMatchObject({ UNKNOWN: 1 });
    expect(mainDocdeskWriters()).toBe(0);
  });

  it('mailing: an import (its mailing row, documents, completion and the operator record) and resolving UNKNOWN documents', { timeout: 60_000 }, async () => {
    const list = path.join(dataDir, 'second.csv');
    writeFileSync(list, '이름,휴대폰,생년월일\n최민준,010-4444-1212,19920202\n');
    let second = '';
    expect(await mainWritesDuring(async () => (second = (await b.mailing.import(list, { defaults: DEFAULTS, name: '두 번째' })).mailingId ?? ''))).toBe(0);
    expect((await b.mailing.status(second)).counts).toMatchObject({ DRAFT: 1 });
    expect(await mainWritesDuring(async () => expect(await b.mailing.resolve(mailingId, 'abandon')).toBe(1))).toBe(0);
    expect((await b.mailing.status(mailingId)).counts).toMatchObject({ ABANDONED: 1, UNKNOWN: 0 });
    // A refused step changes nothing, its action included, and the caller gets the same Korean error as before.
    const actions = (await b.audit.events({ ev: 'op.mailing.unknown.', limit: 10 })).total;
    await expect(b.mailing.resolve('M-none', 'abandon')).rejects.toMatchObject({ code: 'MAILING_NOT_FOUND', exitCode: 2, message: '발송 건 M-none을(를) 찾을 수 없습니다.' });
    expect((await b.audit.events({ ev: 'op.mailing.unknown.', limit: 10 })).total).toBe(actions);
    // Both operator actions are in the audit chain (chained after their steps committed).
    expect((await b.audit.events({ ev: 'op.mailing.', limit: 10 })).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.mailing.import', 'op.mailing.unknown.abandon']));
  });

  it('payup: resolving an UNKNOWN cancel (the decision and its operator record: one step)', { timeout: 60_000 }, async () => {
    expect(await mainWritesDuring(async () => expect(await b.payup.resolve('T-LEFT-1', 'abandon')).toMatchObject({ state: 'ABANDONED' }))).toBe(0);
    expect((await b.audit.events({ ev: 'op.payup.resolve', limit: 10 })).total).toBe(1);
    // A refused decision changes nothing and keeps its Korean error.
    await expect(b.payup.resolve('T-LEFT-1', 'retry')).rejects.toMatchObject({ code: 'PAYUP_NOT_UNKNOWN', exitCode: 2 });
  });

  it('settings: the institution name, a mapping preset, the tracker pause — each with its operator record', { timeout: 60_000 }, async () => {
    expect(await mainWritesDuring(() => b.config.set('institutionName', '한빛 관리사무소'))).toBe(0);
    expect(await b.profiles.setting('institutionName')).toBe('한빛 관리사무소');
    const preset = { name: '관리비', mapping: { name: 'A', phone: 'B', birthday: 'C' } };
    expect(await mainWritesDuring(() => b.mailing.presets.save(preset))).toBe(0);
    expect(b.mailing.presets.get('관리비')).toMatchObject(preset);
    expect(await mainWritesDuring(async () => expect(await b.mailing.presets.remove('관리비')).toBe(true))).toBe(0);
    expect(await mainWritesDuring(async () => expect((await b.tracker.setPaused(true)).paused).toBe(true))).toBe(0);
    expect(await mainWritesDuring(() => b.tracker.setPaused(false))).toBe(0);
    expect((await b.audit.events({ ev: 'op.', limit: 50 })).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.config.set', 'op.tracker.pause', 'op.tracker.resume']));
  });

  it('a docs-gw call outside any journal step (a landing token check) is a step of its own on the writer; its audit event comes from the writer, before the page event', { timeout: 60_000 }, async () => {
    const server = await b.landing.serve({ port: 0 });
    try {
      const rows = b.exchangeCount();
      // An unknown token: the landing server asks docs-gw (verifyToken), which refuses it.
      const writes = await mainWritesDuring(async () => expect((await fetch(`${server.url}/?document_binder_uuid=binder-route-1&token=token-route-1`)).status).toBe(403));
      // Before issue 16 step 8: the record was inserted by the main connection (and chained by the main thread).
      expect(writes).toBe(0);
      expect(b.exchangeCount()).toBe(rows + 1);
      const exchange = (await b.audit.events({ subject: 'binder:binder-route-1', ev: 'net.', limit: 10 })).rows;
      expect(exchange.map((e) => e.record?.data['endpoint'])).toEqual(['verifyToken']);
      expect(exchange[0]!.record?.data['exchange_log_seq']).toBeTypeOf('number');
      // What the page logged after the call follows the call's record in the chain.
      const verified = (await b.audit.events({ ev: 'edoc.ott.verify', limit: 10 })).rows;
      expect(verified).toHaveLength(1);
      expect(verified[0]!.seq).toBeGreaterThan(exchange[0]!.seq);
    } finally {
      await server.close();
    }
  });

  it("the audit log's record at a signed checkpoint, and the landing folder's setting and progress, are steps on the writer", { timeout: 60_000 }, async () => {
    // Before issue 16 step 8: the record (docdesk.db settings 'audit.log') was written by the main connection, synchronously.
    let signed = 0;
    expect(await mainWritesDuring(async () => (signed = (await b.audit.checkpoint()).size))).toBe(0);
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
    expect((await b.audit.events({ ev: 'op.landing.folder', limit: 5 })).total).toBe(2);
  });

  it('sandbox rehearsal data: synthetic documents, in batches of 10,000', { timeout: 60_000 }, async () => {
    const before = (await b.documents.query({ limit: 1 })).total;
    let mailings: string[] = [];
    expect(await mainWritesDuring(async () => (mailings = await b.documents.insertSynthetic({ documents: 10_050, perMailing: 10_020, seed: 3 })))).toBe(0);
    expect(mailings).toHaveLength(2);
    expect((await b.documents.query({ limit: 1 })).total).toBe(before + 10_050);
  });

  it('operator actions of their own (an export) write nothing', { timeout: 60_000 }, async () => {
    expect(await mainWritesDuring(() => b.documents.export({ mailingId }))).toBe(0);
    expect((await b.audit.events({ ev: 'op.', limit: 50 })).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.documents.export']));
  });

  it("a send to completion, a pause and its resume, a cancel and a re-send: the mailing's state commits on the writer too", { timeout: 120_000 }, async () => {
    // SENDING and SENT, the claims, answers, exchange records and the operator's send record.
    let sent = 0;
    expect(await mainWritesDuring(async () => (sent = (await b.mailing.send(mailingId)).counts.REJECTED))).toBe(0);
    expect(sent).toBe(1);
    expect((await b.mailing.status(mailingId)).state).toBe('SENT');

    // A pause that lands while the send starts (it is registered before its first step), then the resume.
    const third = await importList('세 번째', '이름,휴대폰,생년월일\n정하늘,010-6666-1414,19880808\n윤가람,010-8888-1515,19790909\n');
    let stopped = '';
    expect(
      await mainWritesDuring(async () => {
        const sending = b.mailing.send(third);
        expect(await b.mailing.pause(third)).toBe(true);
        stopped = (await sending).stopped;
      }),
    ).toBe(0);
    expect(stopped).toBe('paused');
    expect((await b.mailing.status(third)).state).toBe('PAUSED');
    expect(await mainWritesDuring(async () => expect((await b.mailing.send(third)).stopped).toBe('done'))).toBe(0);
    expect(await b.mailing.status(third)).toMatchObject({ state: 'SENT', counts: { ACCEPTED: 2 } });

    // A pause of a mailing that is not sending, then a cancel: its documents, its state and the operator's record.
    const fourth = await importList('네 번째', '이름,휴대폰,생년월일\n한바다,010-9999-1616,19830303\n');
    expect(await mainWritesDuring(() => b.mailing.pause(fourth))).toBe(0);
    expect((await b.mailing.status(fourth)).state).toBe('PAUSED');
    expect(await mainWritesDuring(async () => expect(await b.mailing.cancel(fourth)).toBe(1))).toBe(0);
    expect(await b.mailing.status(fourth)).toMatchObject({ state: 'CANCELLED', counts: { CANCELLED: 1 } });

    const refused = (await b.documents.query({ mailingId, errorCode: 'NOT_FOUND', limit: 1 })).rows[0]?.externalDocumentUuid ?? '';
    const plan = (await b.document.planResend(refused, { phone: '010-5555-6666' }));
    // The one-document mailing, its document, the re-send link and the operator's decision (one writer step), then its send.
    expect(await mainWritesDuring(async () => expect(await b.document.resend(refused, { phone: '010-5555-6666' }, plan.digest)).toMatchObject({ state: 'ACCEPTED' }))).toBe(0);
    expect((await b.audit.events({ ev: 'op.', limit: 50 })).rows.map((e) => e.ev)).toEqual(expect.arrayContaining(['op.mailing.send', 'op.mailing.cancel', 'op.document.resend']));
  });
});

describe("PayUp and KCP on the built-in sandbox: the main thread's connection writes nothing", () => {
  let sb: Backend;
  let sbDir: string;
  const changesDuring = mainWritesDuring;
  beforeAll(async () => {
    sbDir = tempDir('docdesk-main-writes-pk-');
    sb = await createBackend({ dataDir: sbDir, env: {} });
  }, 60_000);
  afterAll(async () => {
    await sb?.close();
  });

  it('a PayUp single cancel: its journal row, claim, answer, exchange record and operator record', { timeout: 60_000 }, async () => {
    const tx = sandboxTransactionId(700_001);
    expect(await changesDuring(async () => expect(await sb.payup.cancel(tx, '고객 요청')).toMatchObject({ state: 'CANCELLED', sent: true }))).toBe(0);
    expect((await sb.payup.timeline(tx)).map((e) => e.kind)).toEqual(['queued', 'sending', 'cancelled']);
    expect((await sb.audit.events({ ev: 'op.payup.cancel', limit: 10 })).total).toBe(1);
  });

  it('a KCP single verification: its journal row, answer, exchange record and operator record', { timeout: 60_000 }, async () => {
    const a = SANDBOX_KCP_ACCOUNTS.find((x) => !x.closed)!;
    expect(await changesDuring(async () => expect(await sb.kcp.verify({ bankCode: a.bankCode, accountNo: a.accountNo, ownerName: a.owner })).toMatchObject({ state: 'VERIFIED' }))).toBe(0);
    expect((await sb.audit.events({ ev: 'op.kcp.verify', limit: 10 })).total).toBe(1);
  });

  it('a KCP batch: its creation, claims, answers and the batch state', { timeout: 60_000 }, async () => {
    const open = SANDBOX_KCP_ACCOUNTS.filter((x) => !x.closed);
    const file = path.join(sbDir, 'kcp.xlsx');
    const wb = XLSX.utils.book_new();
    const rows = Array.from({ length: 5 }, (_, i) => {
      const a = open[i % open.length]!;
      return [a.bankCode, a.accountNo, a.owner, `MTW${String(i).padStart(5, '0')}`];
    });
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주', '주문번호'], ...rows]), 'S');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    expect(await changesDuring(async () => expect((await sb.kcp.verifyBatch(file)).counts.VERIFIED).toBe(5))).toBe(0);
    expect((await sb.audit.events({ ev: 'op.kcp.verify_batch', limit: 10 })).total).toBe(1);
  });
});
