// Recipient files do not linger (issue 14 §7): an uploaded list is a plain-text copy of names and phone numbers, so
// it is deleted once imported — also when the import is refused — and when the file itself is refused; what an
// abandoned screen left behind is swept after a day (at start-up and before each new upload). A file the operator
// picked with the native dialog is their own and is never deleted. The mailing keeps the list, encrypted.
import { copyFileSync, existsSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers, type DesktopFaces } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { startWebBridge } from '../../main/web/bridge-server.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '업로드 시험', link: 'https://docdesk.example/u', csNumber: '02-1', csName: '센터' };
const DAY_MS = 86_400_000;

let dataDir: string;
let b: Backend;
let invoke: ReturnType<typeof createContractHandlers>['invoke'];
let dialogAnswer: string | null = null;
let sample: string;

const uploads = () => (existsSync(path.join(dataDir, 'uploads')) ? readdirSync(path.join(dataDir, 'uploads')).sort() : []);
async function upload(name: string): Promise<string> {
  const p = uploadPath(dataDir, name);
  copyFileSync(sample, p);
  return p;
}
async function ok(channel: string, input: unknown): Promise<unknown> {
  const r = await invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
async function refused(channel: string, input: unknown): Promise<string> {
  const r = await invoke(channel, input);
  expect(r.ok, channel).toBe(false);
  return r.ok ? '' : r.error.code;
}

beforeAll(async () => {
  dataDir = tempDir('docdesk-uploads-');
  b = await createBackend({ dataDir, env: {} });
  const desktop: DesktopFaces = { pickOpen: async () => dialogAnswer, pickFolder: async () => null, saveAs: async () => null, showInFolder: () => {} };
  invoke = createContractHandlers(b, () => {}, desktop).invoke;
  sample = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(sample, { rows: 30, seed: 3 });
}, 60_000);
afterAll(async () => {
  await b?.close();
});

describe('an uploaded recipient list', () => {
  it('stays through the wizard (sheets, validate) and is deleted once imported', { timeout: 60_000 }, async () => {
    const list = await upload('a.xlsx');
    await ok('mailing:sheets', { filePath: list });
    await ok('mailing:validate', { filePath: list, defaults: DEFAULTS });
    expect(uploads()).toEqual(['a.xlsx']);
    const imported = (await ok('mailing:import', { filePath: list, defaults: DEFAULTS })) as { mailingId: string | null };
    expect(imported.mailingId).not.toBeNull();
    expect(uploads()).toEqual([]);
  });

  it('is deleted when the import is refused, and when the file itself is refused; kept while the mapping can still be fixed', { timeout: 60_000 }, async () => {
    const list = await upload('b.xlsx');
    // A mapping the operator can change: the same upload is validated again.
    expect(await refused('mailing:validate', { filePath: list, defaults: DEFAULTS, mapping: { title: 'A' } })).toBe('MISSING_FIELD');
    expect(uploads()).toEqual(['b.xlsx']);
    // The import itself refused: nothing stored, nothing kept.
    const mailings = (await b.mailing.list()).length;
    expect(await refused('mailing:import', { filePath: list, defaults: DEFAULTS, preset: '없는 프리셋' })).toBe('PRESET_NOT_FOUND');
    expect(await b.mailing.list()).toHaveLength(mailings);
    expect(uploads()).toEqual([]);

    // A file that is no spreadsheet can never be imported: refused at the first look and not kept.
    const junk = uploadPath(dataDir, 'c.xlsx');
    writeFileSync(junk, 'PK\u0003\u0004 not really a workbook');
    expect(['NOT_SPREADSHEET', 'CORRUPT_FILE']).toContain(await refused('mailing:sheets', { filePath: junk }));
    expect(uploads()).toEqual([]);
    const junk2 = uploadPath(dataDir, 'd.csv');
    writeFileSync(junk2, '');
    expect(await refused('mailing:validate', { filePath: junk2, defaults: DEFAULTS })).toBe('EMPTY_FILE');
    expect(uploads()).toEqual([]);
  });

  it('keeps a file the operator picked outside the data folder', { timeout: 60_000 }, async () => {
    dialogAnswer = sample;
    await ok('files:pickOpen', { purpose: 'recipients' });
    await ok('mailing:import', { filePath: sample, defaults: DEFAULTS });
    expect(existsSync(sample)).toBe(true);
    dialogAnswer = null;
  });

  it('is deleted after a KCP or PayUp batch ran on it, not after a preview', { timeout: 60_000 }, async () => {
    const kcp = uploadPath(dataDir, 'kcp.xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주'], ['04', '12345678901234', '홍길동']]), 'S');
    writeFileSync(kcp, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    await ok('kcp:previewBatch', { filePath: kcp });
    expect(uploads()).toEqual(['kcp.xlsx']);
    await ok('kcp:verifyBatch', { filePath: kcp });
    expect(uploads()).toEqual([]);

    const payup = uploadPath(dataDir, 'payup.csv');
    writeFileSync(payup, '거래번호,취소사유\nT20260101000099,업로드 시험\n');
    await ok('payup:cancelBatch', { filePath: payup, previewOnly: true });
    expect(uploads()).toEqual(['payup.csv']);
    await ok('payup:cancelBatch', { filePath: payup });
    expect(uploads()).toEqual([]);
  });
});

describe('what a screen left behind', () => {
  it('is swept after a day at start-up and before each new upload; a fresh upload stays', { timeout: 60_000 }, async () => {
    const old = await upload('abandoned.xlsx');
    const fresh = await upload('fresh.xlsx');
    const twoDaysAgo = new Date(Date.now() - 2 * DAY_MS);
    utimesSync(old, twoDaysAgo, twoDaysAgo);
    await b.close();
    b = await createBackend({ dataDir, env: {} });
    invoke = createContractHandlers(b, () => {}).invoke;
    expect(uploads()).toEqual(['fresh.xlsx']);

    utimesSync(fresh, twoDaysAgo, twoDaysAgo);
    const bridge = await startWebBridge({ dataDir, staticDir: tempDir('docdesk-static-'), invoke });
    try {
      const res = await fetch(`http://127.0.0.1:${bridge.port}/api/upload?name=next.csv`, { method: 'POST', headers: { 'x-docdesk-token': bridge.token }, body: '이름,휴대폰,생년월일\n' });
      expect(res.status).toBe(200);
    } finally {
      await bridge.close();
    }
    expect(uploads()).toHaveLength(1);
    expect(uploads()[0]).toMatch(/-next\.csv$/);
  });
});
