// Deadlines and the next channel (issue 14 item 2) against the sandbox over real sockets: the follow-up export
// holds exactly the recipients the sandbox refused or that never read before the deadline (checked against the
// sandbox's own ledger and status clock), with the Korean reasons; UNKNOWN documents stay out until the operator
// decides; the export's reason and count (never the personal data) are in the audit log.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { z } from 'zod';
import { errorCodeAdvice } from '../../shared/domain/docsgw-advice.ts';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { FOLLOW_UP_SHEET_HEADER } from '../../main/follow-up/sheet.ts';
import { statusOf } from '../../main/sandbox/docsgw/lifecycle.ts';
import { sandboxPhoneNumber, type SandboxBehaviour } from '../../main/sandbox/docsgw/recipients.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { startTestSandbox, tempDir, writeSandboxProfile } from '../helpers/test-backend.ts';

type Row = { name: string; phone: string; birthday: string; behaviour: SandboxBehaviour };

/** A CSV list whose phone endings choose the sandbox's outcome (main/sandbox/README.md "Recipients"). */
function writeList(file: string, plan: [SandboxBehaviour, number][], offset = 0): Row[] {
  const rows: Row[] = [];
  let k = offset;
  for (const [behaviour, n] of plan) {
    for (let i = 0; i < n; i++, k++) rows.push({ name: `수신자${k}`, phone: sandboxPhoneNumber(behaviour, k), birthday: `19${String(50 + (k % 40))}0${1 + (k % 9)}1${k % 10}`, behaviour });
  }
  writeFileSync(file, ['이름,휴대폰 번호,생년월일,비고', ...rows.map((r) => `${r.name},${r.phone},${r.birthday},메모${r.phone.slice(-4)}`)].join('\n'));
  return rows;
}

function readSheet(file: string): Record<string, unknown>[] {
  const wb = XLSX.read(readFileSync(file), { dense: true });
  const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
  if (!sheet) throw new Error('no sheet');
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true });
  const header = (aoa[0] ?? []).map(String);
  expect(header).toEqual([...FOLLOW_UP_SHEET_HEADER]);
  return aoa.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
}

const defaults = (expiresInDays: number) => ({ title: '관리비 고지', link: 'https://docdesk.example/bill', csNumber: '02-123-4567', csName: '관리사무소', expiresInDays });

let sandbox: RunningSandboxes;
let b: Backend;
let dir: string;

beforeAll(async () => {
  // 172,800 virtual seconds per real second: a 1-day deadline passes half a second after acceptance.
  sandbox = await startTestSandbox({ timeScale: 172_800 });
  dir = tempDir();
  // The profile carries the sandbox's time scale (sandbox.timeScale), so the app counts deadlines on its clock.
  const dataDir = tempDir();
  const file = writeSandboxProfile(sandbox, path.join(dir, 'profile.json'), { name: 'fast-sandbox' });
  writeFileSync(file, JSON.stringify({ ...z.record(z.string(), z.unknown()).parse(JSON.parse(readFileSync(file, 'utf8'))), sandbox: { timeScale: 172_800 } }));
  const setup = await createBackend({ dataDir, env: {}, access: 'read' });
  await setup.importProfile(file);
  await setup.useProfile('fast-sandbox');
  await setup.close();
  b = await createBackend({ dataDir, env: {} });
});
afterAll(async () => {
  await b?.close();
  await sandbox?.close();
});

describe('follow-up after the read deadline', () => {
  it('exports exactly the refused and never-read recipients, as the sandbox decided them, with Korean reasons', { timeout: 120_000 }, async () => {
    const list = path.join(dir, '관리비 수신자.csv');
    const rows = writeList(list, [
      ['accepted', 30],
      ['notFound', 2],
      ['forbidden', 2],
      ['invalidValue', 1],
      ['neverRead', 2],
      ['neverMember', 2],
    ]);
    const { mailingId } = await b.mailing.import(list, { defaults: defaults(1) });
    expect(mailingId).not.toBeNull();
    const id = mailingId!;
    await b.mailing.send(id);
    const before = await b.followUp.deadline(id);
    expect(before.firstAcceptedAt).not.toBeNull();
    expect(before.expiresInDays).toBe(1);
    const final = await b.mailing.pollUntilFinal(id, { timeoutMs: 90_000 });
    expect(final.final).toBe(true);

    // What the sandbox itself says about each of our documents: its item result, or its status now.
    const byPhone = new Map(rows.map((r) => [r.phone, r]));
    const expected = new Map<string, string>(); // external id → NOT_FOUND | FORBIDDEN | INVALID_VALUE | EXPIRED
    let readBySandbox = 0;
    const page = (await b.documents.query({ mailingId: id, limit: 500 }));
    for (const doc of page.rows) {
      const ext = doc.externalDocumentUuid!;
      const item = sandbox.docsgw.ledger.itemsFor(ext).at(-1)!;
      if (item.result !== 'ACCEPTED') {
        expected.set(ext, item.result);
        continue;
      }
      const status = statusOf(sandbox.docsgw.ledger.document(item.documentBinderUuid!)!, Date.now()).doc_box_status;
      if (status === 'READ') readBySandbox++;
      else expected.set(ext, status);
    }
    expect(readBySandbox).toBeGreaterThan(0);
    expect([...expected.values()].filter((s) => s === 'EXPIRED').length).toBeGreaterThanOrEqual(4); // 6666 and 7777 at least

    const out = path.join(dir, '후속조치.xlsx');
    const r = await b.followUp.export({ mailingId: id, reason: '1일 미열람 → 우편 발송' }, { outPath: out });
    const sheet = readSheet(out);
    expect(sheet).toHaveLength(expected.size);
    expect(r.rows).toBe(expected.size);
    expect(new Set(sheet.map((s) => String(s['외부 문서 ID'])))).toEqual(new Set(expected.keys()));
    for (const s of sheet) {
      const want = expected.get(String(s['외부 문서 ID']));
      const source = byPhone.get(String(s['휴대폰 번호']));
      expect(source, `row ${JSON.stringify(s)}`).toBeDefined();
      // Unmasked: the next channel needs the real name, phone and birthday; the source row is the CSV's line.
      expect(s['이름']).toBe(source!.name);
      expect(s['생년월일']).toBe(source!.birthday);
      expect(Number(s['원본 행'])).toBe(rows.indexOf(source!) + 2);
      expect(s['제목']).toBe('관리비 고지');
      if (want === 'NOT_FOUND') {
        expect(s['사유']).toBe('카카오페이 회원 아님(NOT_FOUND)');
        expect(s['다음 조치']).toBe(errorCodeAdvice('NOT_FOUND').advice);
      } else if (want === 'FORBIDDEN') {
        expect(s['사유']).toBe('수신거부(FORBIDDEN)');
        expect(s['설명']).toBe(errorCodeAdvice('FORBIDDEN').explanation);
      } else if (want === 'INVALID_VALUE') {
        expect(s['사유']).toBe('발송 거절(INVALID_VALUE)');
      } else {
        expect(want).toBe('EXPIRED');
        expect(s['사유']).toBe('만료(기한 안에 열람하지 않음)');
        expect(s['문서 상태']).toBe('EXPIRED');
      }
    }
    expect(r.reasons).toMatchObject({ NOT_FOUND: 2, FORBIDDEN: 2, REFUSED: 1, UNREAD_SENT: 0, UNREAD_RECEIVED: 0, ABANDONED: 0 });
    expect(r.failed).toBe(expected.size);
    expect(r.unread).toBe(0);

    const d = await b.followUp.deadline(id);
    expect(d.deadlinePassed).toBe(true);
    expect(d.due).toBe(true);
    expect(d.read).toBe(readBySandbox);
    expect(d.failed).toBe(expected.size);
    // The sandbox's virtual clock: its deadline lies 1 day after acceptance there, half a second here.
    expect(d.gatewayDeadlineAt! - d.lastAcceptedAt!).toBe(86_400_000);
    expect(d.deadlineAt! - d.lastAcceptedAt!).toBeLessThan(1_000);

    // The dashboard's per-mailing charts (read on the backend's reading thread): the funnel and the read curve
    // end at what the sandbox says was read, the deadline 1 day after the first acceptance.
    const chart = await b.followUp.chart(id);
    expect(chart.funnel).toMatchObject({ accepted: d.accepted, read: readBySandbox, expired: d.reasons.EXPIRED });
    expect(chart.readCurve.at(-1)?.read).toBe(readBySandbox);
    expect(chart.readCurve.at(-1)?.rate).toBeCloseTo(readBySandbox / d.accepted, 2);
    expect(chart.deadlineDay).toBeCloseTo((d.gatewayDeadlineAt! - d.firstAcceptedAt!) / 86_400_000, 5);

    // The audit log records the operator's reason, the count and the file name — no phone number or name.
    const events = await b.audit.events({ ev: 'op.mailing.follow_up_export', subject: [`ref:${id}`], limit: 10 });
    expect(events.total).toBe(1);
    const text = JSON.stringify(events.rows[0]?.record);
    expect(text).toContain('1일 미열람 → 우편 발송');
    expect(text).toContain('후속조치.xlsx');
    expect(text).toContain(`"rows":${expected.size}`);
    for (const row of rows) {
      expect(text).not.toContain(row.phone);
      expect(text).not.toContain(row.name);
    }
  });

  it('before the deadline every accepted document is unread, and the contract writes the list into exports/', { timeout: 60_000 }, async () => {
    const list = path.join(dir, 'before.csv');
    writeList(list, [['accepted', 5], ['notFound', 1]], 100);
    const { mailingId } = await b.mailing.import(list, { defaults: defaults(1000) });
    const id = mailingId!;
    await b.mailing.send(id);
    const d = await b.followUp.deadline(id);
    expect(d.deadlinePassed).toBe(false);
    expect(d.unread).toBe(5);
    expect(d.failed).toBe(1);
    expect(d.due).toBe(false);
    // "Unread after 0 days": due as soon as it was sent.
    expect((await b.followUp.overview({ afterDays: 0 })).find((m) => m.mailingId === id)?.due).toBe(true);
    expect((await b.followUp.overview({ afterDays: 3 })).find((m) => m.mailingId === id)?.due).toBe(false);

    const handlers = createContractHandlers(b, () => {});
    const refused = await handlers.invoke('followUp:export', { mailingId: id, reason: ' ' });
    expect(refused.ok).toBe(false);
    const res = await handlers.invoke('followUp:export', { mailingId: id, reason: '3일 미열람 → 문자' });
    expect(res.ok, JSON.stringify(res)).toBe(true);
    const value = (res as { value: { filePath: string; rows: number; unread: number } }).value;
    expect(path.dirname(value.filePath)).toBe(path.join(b.dataDir, 'exports'));
    expect(value.rows).toBe(6);
    const sheet = readSheet(value.filePath);
    expect(sheet.filter((s) => String(s['사유']) === '미열람(카카오톡 미수신) — 기한 전')).toHaveLength(5);
    expect(sheet.filter((s) => String(s['사유']).includes('NOT_FOUND'))).toHaveLength(1);
  });

  it('leaves UNKNOWN documents out until the operator decides, then lists them as abandoned', { timeout: 60_000 }, async () => {
    const list = path.join(dir, 'unknown.csv');
    writeList(list, [['accepted', 3]], 200);
    const { mailingId } = await b.mailing.import(list, { defaults: defaults(1) });
    const id = mailingId!;
    await sandbox.docsgw.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_ERROR', endpoints: ['bulkSend'], count: 1, processFirst: true } });
    await b.mailing.send(id);
    await sandbox.docsgw.clearFaults();
    expect((await b.mailing.status(id)).counts.UNKNOWN).toBe(3);
    const out = path.join(dir, 'unknown.xlsx');
    const r = await b.followUp.export({ mailingId: id, reason: '확인 전 점검' }, { outPath: out });
    expect(r.rows).toBe(0);
    expect(r.excludedUnknown).toBe(3);
    expect(readSheet(out)).toEqual([]);
    await b.mailing.resolve(id, 'abandon');
    const after = await b.followUp.export({ mailingId: id, reason: '포기 후 우편' }, { outPath: out });
    expect(after.reasons.ABANDONED).toBe(3);
    expect(readSheet(out).map((s) => s['사유'])).toEqual(['발송 포기(도달 여부 모름)', '발송 포기(도달 여부 모름)', '발송 포기(도달 여부 모름)']);
  });

  it('refuses a missing reason, a non-.xlsx file and an unknown mailing, and writes nothing', async () => {
    const id = (await b.mailing.list())[0]!.id;
    await expect(b.followUp.export({ mailingId: id, reason: '' }, { outPath: path.join(dir, 'x.xlsx') })).rejects.toThrow(/사유/);
    await expect(b.followUp.export({ mailingId: id, reason: '우편' }, { outPath: path.join(dir, 'x.csv') })).rejects.toThrow(/\.xlsx/);
    await expect(b.followUp.export({ mailingId: 'M-nothere', reason: '우편' }, { outPath: path.join(dir, 'y.xlsx') })).rejects.toThrow(/찾을 수 없습니다/);
    expect(() => readFileSync(path.join(dir, 'x.xlsx'))).toThrow();
  });
});
