// The landing-events folder the app watches (issue 14 §6), on a real backend (real docdesk.db and audit.db): each
// complete line is imported into the audit chain exactly once — a line written in two parts once it is whole,
// nothing again after a restart, a copy of a file under another name or a replaced file adds nothing — a bad line
// is reported with its file and line number while the rest is imported, the setting is checked and audited, and
// the poller started by the long-running faces picks new lines up by itself and says which documents they name.
import { appendFileSync, copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import type { LandingImported } from '../../shared/domain/landing-folder.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

const BINDER = 'BIN-0f8fad5bd9cb469fa16570867728950e';
const line = (n: number, type: 'ott.verify' | 'page.ack' | 'page.entry' = 'page.ack', ext = `EXT-WATCH-${n}`): string => {
  const base = { at: `2026-11-22T01:00:${String(n % 60).padStart(2, '0')}.000Z`, document_binder_uuid: BINDER, external_document_uuid: ext, ip: '211.234.10.20', id: `ev-${n}` };
  if (type === 'ott.verify') return JSON.stringify({ ...base, type, token_sha256: 'a'.repeat(64), result: 'USED', http_status: 200 });
  if (type === 'page.entry') return JSON.stringify({ ...base, type, content_sha256: 'b'.repeat(64) });
  return JSON.stringify({ ...base, type, control: 'confirm' });
};

let root: string;
let dataDir: string;
let folder: string;
let b: Backend;

const landingEvents = async (backend: Backend = b) => (await backend.audit.events({ ev: 'edoc.', limit: 500 })).total;

beforeAll(async () => {
  root = tempDir('docdesk-landing-folder-');
  dataDir = path.join(root, 'data');
  folder = path.join(root, 'share', 'landing');
  mkdirSync(folder, { recursive: true });
  b = await createBackend({ dataDir, env: {} });
}, 60_000);

afterAll(async () => {
  await b?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('watched landing-events folder', () => {
  it('refuses a folder it cannot use, changes nothing then, and audits the setting', async () => {
    await expect(b.landingFolder.setFolder('share/landing')).rejects.toMatchObject({ code: 'LANDING_FOLDER_INVALID', message: expect.stringContaining('절대 경로') });
    await expect(b.landingFolder.setFolder(path.join(root, 'missing'))).rejects.toMatchObject({ code: 'LANDING_FOLDER_INVALID', message: expect.stringContaining('폴더가 없습니다') });
    const aFile = path.join(root, 'a-file.jsonl');
    writeFileSync(aFile, '');
    await expect(b.landingFolder.setFolder(aFile)).rejects.toMatchObject({ code: 'LANDING_FOLDER_INVALID', message: expect.stringContaining('폴더가 아닙니다') });
    expect(b.landingFolder.folder()).toBeNull();
    expect((await b.audit.events({ ev: 'op.landing.folder' })).total).toBe(0);

    const status = await b.landingFolder.setFolder(folder);
    expect(status).toMatchObject({ folder, watching: false, lastError: null });
    const op = await b.audit.events({ ev: 'op.landing.folder' });
    expect(op.total).toBe(1);
    expect(op.rows[0]?.record?.data).toMatchObject({ before: '', after: folder });
  });

  it('imports each complete line once: a line in two parts, a bad line by number, nothing twice', async () => {
    const day1 = path.join(folder, 'landing-2026-11-22.jsonl');
    // Three whole lines and the first half of a fourth, as a share may show a file being written.
    writeFileSync(day1, `${line(1, 'ott.verify')}\n${line(2)}\n${line(3, 'page.entry')}\n${line(4).slice(0, 40)}`);
    writeFileSync(path.join(folder, '.partial.jsonl'), `${line(90)}\n`); // hidden: a writer's temporary file
    writeFileSync(path.join(folder, 'notes.txt'), `${line(91)}\n`);
    expect(await b.landingFolder.scanNow()).toMatchObject({ added: 3, invalid: 0 });
    expect(await landingEvents()).toBe(3);

    appendFileSync(day1, `${line(4).slice(40)}\n{"type":"page.ack","at":"not a time"}\n${line(6)}\n`);
    const found = await b.landingFolder.scanNow();
    expect(found).toMatchObject({ source: 'folder', added: 2, invalid: 1 });
    expect(found.documents).toEqual(expect.arrayContaining(['EXT-WATCH-4', 'EXT-WATCH-6', BINDER]));
    expect(await landingEvents()).toBe(5);
    const file = b.landingFolder.status().files.find((f) => f.name === 'landing-2026-11-22.jsonl');
    expect(file).toMatchObject({ lines: 6, added: 5, invalid: 1 });
    expect(file?.errors).toEqual([{ line: 5, message: expect.stringContaining('at: 형식이 맞지 않습니다') }]);
    // The import is in the log with the refused line's number.
    const imports = await b.audit.events({ ev: 'audit.landing_folder.import', limit: 10 });
    expect(imports.rows.some((r) => JSON.stringify(r.record?.data).includes('"line":5'))).toBe(true);

    // Nothing new: nothing added (and the unchanged file is not even opened).
    expect(await b.landingFolder.scanNow()).toMatchObject({ added: 0, invalid: 0 });
    // The same lines under another name (a copy, a re-delivered file) add nothing either.
    copyFileSync(day1, path.join(folder, 'landing-copy.jsonl'));
    expect(await b.landingFolder.scanNow()).toMatchObject({ added: 0, invalid: 1 });
    expect(await landingEvents()).toBe(5);
  });

  it('survives a restart without duplicates, and reads a replaced file again without adding what it had', async () => {
    await b.close();
    b = await createBackend({ dataDir, env: {} });
    expect(b.landingFolder.folder()).toBe(folder);
    expect(await b.landingFolder.scanNow()).toMatchObject({ added: 0 });
    expect(await landingEvents()).toBe(5);

    const day1 = path.join(folder, 'landing-2026-11-22.jsonl');
    appendFileSync(day1, `${line(7)}\n`);
    expect(await b.landingFolder.scanNow()).toMatchObject({ added: 1 });
    // Rewritten shorter (a web host that rewrote its file): read from the start, only the new line is added.
    writeFileSync(day1, `${line(1, 'ott.verify')}\n${line(8)}\n`);
    expect(await b.landingFolder.scanNow()).toMatchObject({ added: 1 });
    expect(await landingEvents()).toBe(7);
  });

  it('through the contract: a file upload under the chosen-files rule, the folder setting and a look now, each with its event', async () => {
    const emitted: { event: string; payload: unknown }[] = [];
    const handlers = createContractHandlers(b, (event, payload) => emitted.push({ event, payload }));
    try {
      const outside = path.join(root, 'outside.jsonl');
      writeFileSync(outside, `${line(20)}\n`);
      expect(await handlers.invoke('audit:importLanding', { filePath: outside })).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
      const bad = uploadPath(dataDir, 'bad.jsonl');
      writeFileSync(bad, `${line(21)}\n{oops`);
      expect(await handlers.invoke('audit:importLanding', { filePath: bad })).toMatchObject({ ok: false, error: { code: 'LANDING_FILE_INVALID', message: expect.stringContaining('2행') } });
      expect(await landingEvents()).toBe(7);
      const good = uploadPath(dataDir, 'good.jsonl');
      writeFileSync(good, `${line(21)}\n${line(22)}\n${line(2)}`);
      expect(await handlers.invoke('audit:importLanding', { filePath: good })).toEqual({ ok: true, value: { lines: 3, added: 2, duplicates: 1 } });
      expect(emitted).toContainEqual({ event: 'landing:imported', payload: { source: 'upload', added: 2, invalid: 0, documents: [] } });

      expect(await handlers.invoke('landing:setFolder', { folder: 'relative/landing' })).toMatchObject({ ok: false, error: { code: 'LANDING_FOLDER_INVALID' } });
      writeFileSync(path.join(folder, 'landing-2026-11-24.jsonl'), `${line(23, 'page.entry', 'EXT-CONTRACT-23')}\n`);
      const scanned = await handlers.invoke('landing:scanFolder', {});
      expect(scanned).toMatchObject({ ok: true, value: { folder, files: expect.arrayContaining([expect.objectContaining({ name: 'landing-2026-11-24.jsonl', added: 1 })]) } });
      expect(emitted).toContainEqual({ event: 'landing:imported', payload: expect.objectContaining({ source: 'folder', added: 1, documents: ['EXT-CONTRACT-23', BINDER] }) });
      expect(await handlers.invoke('landing:folderStatus', {})).toMatchObject({ ok: true, value: { folder, watching: false } });
    } finally {
      handlers.close();
    }
  });

  it('adds a line once when the folder and two uploads import the same lines at the same time', async () => {
    const before = await landingEvents();
    const text = `${Array.from({ length: 1000 }, (_, i) => line(1000 + i)).join('\n')}\n`;
    writeFileSync(path.join(folder, 'landing-2026-11-25.jsonl'), text);
    const uploads = [uploadPath(dataDir, 'same-lines-1.jsonl'), uploadPath(dataDir, 'same-lines-2.jsonl')];
    for (const u of uploads) writeFileSync(u, text);
    const [fromFolder, ...fromUploads] = await Promise.all([b.landingFolder.scanNow(), ...uploads.map((u) => b.audit.importLanding(u))]);
    expect(fromFolder.added + fromUploads.reduce((n, r) => n + r.added, 0)).toBe(1000);
    expect((await landingEvents()) - before).toBe(1000);
  });

  it('is set from the CLI too (`docdesk audit config --landing-folder`), for a PC set up by script', { timeout: 120_000 }, async () => {
    const other = path.join(root, 'data-cli');
    const set = await runCli(['--data-dir', other, '--json', 'audit', 'config', '--landing-folder', folder]);
    expect(set.code).toBe(0);
    expect(set.json).toMatchObject({ landingFolder: folder });
    const refused = await runCli(['--data-dir', other, 'audit', 'config', '--landing-folder', path.join(root, 'nowhere')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('폴더가 없습니다');
  });

  it('polls by itself once started, reports an unreachable folder, and stops with the backend', { timeout: 60_000 }, async () => {
    const seen: LandingImported[] = [];
    const off = b.landingFolder.onImported((r) => seen.push(r));
    b.landingFolder.start();
    expect(b.landingFolder.status().watching).toBe(true);
    writeFileSync(path.join(folder, 'landing-2026-11-23.jsonl'), `${line(10, 'page.ack', 'EXT-LIVE-10')}\n`);
    await expect.poll(() => seen.flatMap((s) => s.documents), { timeout: 30_000, interval: 200 }).toContain('EXT-LIVE-10');
    expect(await landingEvents()).toBe(1011);

    rmSync(folder, { recursive: true, force: true });
    await b.landingFolder.scanNow();
    expect(b.landingFolder.status().lastError).toContain('폴더가 없습니다');
    off();
    await b.landingFolder.stop();
    expect(b.landingFolder.status().watching).toBe(false);
  });
});
