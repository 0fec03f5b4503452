// The contract's "chosen files" rule (main/app/chosen-files.ts, DESIGN §12): a channel that takes a path reads only
// an upload (<dataDir>/uploads/), a path the native open dialog returned in this run, or — for checkpoint files —
// a file under <dataDir>/exports/, and writes only inside <dataDir>/exports/. Everything else is PATH_NOT_ALLOWED
// (exit 2) and changes nothing. The Electron face is represented by its seam, a DesktopFaces whose dialog answers
// with a path the test chose.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers, type DesktopFaces } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '경로 시험', link: 'https://docdesk.example/p', csNumber: '02-1', csName: '센터' };

let b: Backend;
let invoke: ReturnType<typeof createContractHandlers>['invoke'];
/** What the stand-in native dialog answers next. */
let dialogAnswer: string | null = null;
/** A folder outside the data folder holding valid files of every kind a channel reads. */
let outside: string;
const outsideFile = (name: string) => path.join(outside, name);

function writeKcpList(file: string): void {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주'], ['04', '12345678901234', '홍길동']]), 'S');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}
const PAYUP_CSV = '거래번호,취소사유\nT20260101000001,경로 시험\n';
const PROFILE_JSON = (name: string) => JSON.stringify({ name, kind: 'sandbox', docsgw: { host: 'localhost', addresses: ['127.0.0.1'], port: 0 } });

/** Every channel that reads a file the screen names, called with `file`. */
function readingCalls(file: string): [string, unknown][] {
  return [
    ['mailing:import', { filePath: file, defaults: DEFAULTS }],
    ['mailing:sheets', { filePath: file }],
    ['mailing:validate', { filePath: file, defaults: DEFAULTS }],
    ['profiles:import', { filePath: file }],
    ['kcp:previewBatch', { filePath: file }],
    ['kcp:verifyBatch', { filePath: file }],
    ['payup:cancelBatch', { filePath: file, previewOnly: true }],
    ['payup:cancelBatch', { filePath: file }],
    ['audit:verify', { checkpointFiles: [file] }],
  ];
}

async function expectRefused(channel: string, input: unknown, code = 'PATH_NOT_ALLOWED'): Promise<void> {
  const r = await invoke(channel, input);
  expect({ channel, r }).toMatchObject({ channel, r: { ok: false, error: { code } } });
  if (!r.ok) expect(r.error.message).toMatch(/[가-힣]/);
}

/** What a refused call could have changed: mailings, profiles, journals, exports. */
async function state() {
  const exportsDir = path.join(b.dataDir, 'exports');
  return {
    mailings: (await b.mailing.list()).length,
    profiles: (await b.profiles.list()).map((p) => p.name),
    kcp: (await b.kcp.list(1000)).length,
    payup: (await b.payup.list({ limit: 1000 })).length,
    exports: existsSync(exportsDir) ? readdirSync(exportsDir, { recursive: true }).length : 0,
    outside: readdirSync(outside).sort(),
  };
}

beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir('docdesk-paths-'), env: {} });
  const desktop: DesktopFaces = { pickOpen: async () => dialogAnswer, pickFolder: async () => null, saveAs: async () => null, showInFolder: () => {} };
  invoke = createContractHandlers(b, () => {}, desktop).invoke;
  outside = tempDir('docdesk-paths-outside-');
  await writeSampleRecipientList(outsideFile('list.xlsx'), { rows: 20 });
  await writeSampleRecipientList(outsideFile('other.xlsx'), { rows: 20 });
  writeKcpList(outsideFile('kcp.xlsx'));
  writeFileSync(outsideFile('payup.csv'), PAYUP_CSV);
  writeFileSync(outsideFile('profile.json'), PROFILE_JSON('outside'));
}, 60_000);
afterAll(async () => {
  await b?.close();
});

describe('reading', () => {
  it('refuses /etc/passwd, files outside the data folder and the data folder itself on every channel, changing nothing', { timeout: 60_000 }, async () => {
    // A checkpoint file made by the operator's CLI, copied out of the data folder.
    const checkpoint = outsideFile('checkpoint.txt');
    await b.audit.checkpoint(checkpoint);
    const before = state();
    const targets = [
      '/etc/passwd',
      outsideFile('list.xlsx'),
      outsideFile('kcp.xlsx'),
      outsideFile('payup.csv'),
      outsideFile('profile.json'),
      checkpoint,
      outsideFile('missing.xlsx'), // not FILE_NOT_FOUND: the answer must not tell which files exist elsewhere
      path.join(b.dataDir, 'docdesk.db'),
      path.join(b.dataDir, 'uploads', '..', 'vault.bin'),
      'relative.xlsx',
      `${outsideFile('list.xlsx')}\0.xlsx`,
    ];
    for (const target of targets) for (const [channel, input] of readingCalls(target)) await expectRefused(channel, input);
    expect(state()).toEqual(before);
  });

  it('refuses a link placed in uploads/ that points outside, and folders', async () => {
    symlinkSync('/etc/passwd', uploadPath(b.dataDir, 'passwd.csv'));
    symlinkSync(outsideFile('list.xlsx'), uploadPath(b.dataDir, 'linked.xlsx'));
    mkdirSync(uploadPath(b.dataDir, 'folder.xlsx'));
    const before = state();
    for (const name of ['passwd.csv', 'linked.xlsx', 'folder.xlsx', '.']) {
      for (const [channel, input] of readingCalls(path.join(b.dataDir, 'uploads', name))) await expectRefused(channel, input);
    }
    expect(state()).toEqual(before);
  });

  it('refuses a FIFO in uploads/ at once instead of blocking on it', { timeout: 30_000 }, async () => {
    const fifo = uploadPath(b.dataDir, 'list.csv');
    execFileSync('mkfifo', [fifo]);
    for (const [channel, input] of readingCalls(fifo)) await expectRefused(channel, input);
  });

  it('accepts uploads, answers of the native open dialog, and checkpoint files under exports/', { timeout: 60_000 }, async () => {
    const list = uploadPath(b.dataDir, 'list.xlsx');
    copyFileSync(outsideFile('list.xlsx'), list);
    expect(await invoke('mailing:sheets', { filePath: list })).toMatchObject({ ok: true });
    expect(await invoke('mailing:validate', { filePath: list, defaults: DEFAULTS })).toMatchObject({ ok: true, value: { rows: 20 } });
    const kcp = uploadPath(b.dataDir, 'kcp.xlsx');
    writeKcpList(kcp);
    expect(await invoke('kcp:previewBatch', { filePath: kcp })).toMatchObject({ ok: true, value: { rows: 1 } });
    const payup = uploadPath(b.dataDir, 'payup.csv');
    writeFileSync(payup, PAYUP_CSV);
    expect(await invoke('payup:cancelBatch', { filePath: payup, previewOnly: true })).toMatchObject({ ok: true, value: { preview: { rows: 1 } } });
    const profile = uploadPath(b.dataDir, 'profile.json');
    writeFileSync(profile, PROFILE_JSON('uploaded'));
    expect(await invoke('profiles:import', { filePath: profile })).toMatchObject({ ok: true, value: { name: 'uploaded' } });
    await expectRefused('mailing:sheets', { filePath: uploadPath(b.dataDir, 'gone.xlsx') }, 'FILE_NOT_FOUND');

    // Electron: a file the user picked in the native dialog, wherever it is — that one file only.
    dialogAnswer = outsideFile('list.xlsx');
    expect(await invoke('files:pickOpen', { purpose: 'recipients' })).toEqual({ ok: true, value: { filePath: outsideFile('list.xlsx') } });
    expect(await invoke('mailing:sheets', { filePath: outsideFile('list.xlsx') })).toMatchObject({ ok: true });
    expect(await invoke('mailing:validate', { filePath: outsideFile('list.xlsx'), defaults: DEFAULTS })).toMatchObject({ ok: true, value: { rows: 20 } });
    await expectRefused('mailing:sheets', { filePath: outsideFile('other.xlsx') });
    dialogAnswer = null;
    expect(await invoke('files:pickOpen', { purpose: 'recipients' })).toEqual({ ok: true, value: { filePath: null } });

    // A checkpoint file under exports/ (the evidence folder DocDesk writes) may be checked against the chain.
    const exportsDir = path.join(b.dataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    await b.audit.checkpoint(path.join(exportsDir, 'checkpoint.txt'));
    const verified = await invoke('audit:verify', { checkpointFiles: [path.join(exportsDir, 'checkpoint.txt')] });
    expect(verified).toMatchObject({ ok: true, value: { ok: true } });
    // …but exports/ is not an input folder for the lists.
    copyFileSync(list, path.join(exportsDir, 'list.xlsx'));
    await expectRefused('mailing:sheets', { filePath: path.join(exportsDir, 'list.xlsx') });
  });
});

describe('writing', () => {
  it('kcp:verifyBatch writes outPath only inside exports/, and sends nothing when it is refused', { timeout: 60_000 }, async () => {
    const kcp = uploadPath(b.dataDir, 'kcp-out.xlsx');
    writeKcpList(kcp);
    const exportsDir = path.join(b.dataDir, 'exports');
    mkdirSync(exportsDir, { recursive: true });
    symlinkSync(outside, path.join(exportsDir, 'escape'));
    const before = state();
    for (const outPath of [outsideFile('out.xlsx'), '../out.xlsx', path.join(b.dataDir, 'out.xlsx'), 'escape/out.xlsx', 'no-such-folder/out.xlsx', '.', 'escape']) {
      await expectRefused('kcp:verifyBatch', { filePath: kcp, outPath });
    }
    expect(state()).toEqual(before);
    expect(existsSync(outsideFile('out.xlsx'))).toBe(false);
    expect(existsSync(path.join(b.dataDir, 'out.xlsx'))).toBe(false);

    expect(await invoke('kcp:verifyBatch', { filePath: kcp, outPath: path.join(exportsDir, 'in-exports.xlsx') })).toMatchObject({ ok: true, value: { rows: 1 } });
    expect(existsSync(path.join(exportsDir, 'in-exports.xlsx'))).toBe(true);
  });

  it('files:saveAs hands out only files under exports/', async () => {
    await expectRefused('files:saveAs', { filePath: '/etc/passwd' });
    await expectRefused('files:saveAs', { filePath: path.join(b.dataDir, 'docdesk.db') });
  });
});
