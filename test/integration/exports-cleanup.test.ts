// Exports do not pile up (issue 14 §7): the settings screen lists <dataDir>/exports/ with sizes and dates and deletes
// chosen entries or those older than N days — names only, never a path out of the folder; a request naming what is
// not there deletes nothing; every deletion is an audit event. The desktop opens an export's folder; the web cannot.
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { exportsListSchema } from '../../shared/domain/exports.ts';
import { tempDir } from '../helpers/test-backend.ts';

const DAY_MS = 86_400_000;
let b: Backend;
let invoke: ReturnType<typeof createContractHandlers>['invoke'];
let web: ReturnType<typeof createContractHandlers>['invoke'];
const shown: string[] = [];
let exportsDir: string;

const names = () => readdirSync(exportsDir).sort();
async function ok(channel: string, input: unknown): Promise<unknown> {
  const r = await invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
const list = async () => exportsListSchema.parse(await ok('exports:list', {}));
const deletions = async () => (await b.audit.events({ ev: 'op.exports', limit: 50 })).rows.map((e) => e.record?.data);

beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir('docdesk-exports-'), env: {} });
  invoke = createContractHandlers(b, () => {}, { pickOpen: async () => null, pickFolder: async () => null, saveAs: async () => null, showInFolder: (p) => shown.push(p) }).invoke;
  web = createContractHandlers(b, () => {}).invoke;
  exportsDir = path.join(b.dataDir, 'exports');
});
afterAll(async () => {
  await b?.close();
});

describe('exports clean-up', () => {
  it('lists files and evidence folders with sizes and dates, newest first', async () => {
    const errors = (await ok('mailing:exportErrors', { fileName: '수신자.xlsx', errors: [{ row: 2, column: 'C', field: 'phone', code: 'BAD_PHONE', message: '번호 확인' }] })) as { filePath: string };
    mkdirSync(path.join(exportsDir, 'evidence-old'));
    writeFileSync(path.join(exportsDir, 'evidence-old', 'report.html'), 'x'.repeat(1000));
    writeFileSync(path.join(exportsDir, 'evidence-old', 'events.jsonl'), 'y'.repeat(234));
    writeFileSync(path.join(exportsDir, 'old.xlsx'), 'z'.repeat(10));
    const tenDaysAgo = new Date(Date.now() - 10 * DAY_MS);
    for (const p of [path.join(exportsDir, 'evidence-old'), path.join(exportsDir, 'old.xlsx')]) utimesSync(p, tenDaysAgo, tenDaysAgo);

    const l = await list();
    expect(l.folder).toBe(exportsDir);
    expect(l.entries.map((e) => e.name)).toEqual([path.basename(errors.filePath), ...['evidence-old', 'old.xlsx'].sort()]);
    expect(l.entries.find((e) => e.name === 'evidence-old')).toMatchObject({ kind: 'folder', bytes: 1234 });
    expect(l.entries.find((e) => e.name === 'old.xlsx')).toMatchObject({ kind: 'file', bytes: 10 });
    expect(l.entries.find((e) => e.name === 'old.xlsx')?.modifiedAt).toBeLessThan(Date.now() - 9 * DAY_MS);
    expect(l.totalBytes).toBe(l.entries.reduce((n, e) => n + e.bytes, 0));
  });

  it('refuses names that are not there or are paths, deleting nothing', async () => {
    const before = names();
    for (const bad of [['없는파일.xlsx'], ['old.xlsx', '없는파일.xlsx'], ['../docdesk.db'], ['evidence-old/report.html'], ['.'], ['..']]) {
      const r = await invoke('exports:delete', { names: bad });
      expect(r).toMatchObject({ ok: false });
      if (!r.ok) expect(r.error.message).toMatch(/아무것도 지우지 않았습니다|입력값/);
    }
    expect((await invoke('exports:delete', { olderThanDays: 0 })).ok).toBe(false);
    expect(names()).toEqual(before);
    expect(await deletions()).toEqual([]);
  });

  it('deletes what is older than N days, then the chosen entries; each deletion is audited', async () => {
    expect(await ok('exports:delete', { olderThanDays: 7 })).toEqual({ deleted: 2, bytes: 1244 });
    expect(names()).toHaveLength(1);
    const [left] = names();
    expect(await ok('exports:delete', { names: [left] })).toMatchObject({ deleted: 1 });
    expect(names()).toEqual([]);
    const audited = await deletions();
    expect(audited).toHaveLength(2);
    expect(audited).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'exports.delete', olderThanDays: 7, count: 2, bytes: 1244, names: ['evidence-old', 'old.xlsx'] }),
        expect.objectContaining({ action: 'exports.delete', count: 1, names: [left] }),
      ]),
    );
  });

  it('opens the folder of an export on the desktop only, and only inside exports/', async () => {
    const r = (await ok('documents:export', {})) as { filePath: string };
    expect(await ok('files:showInFolder', { filePath: r.filePath })).toEqual({ shown: true });
    expect(shown).toEqual([r.filePath]);
    expect(await invoke('files:showInFolder', { filePath: path.join(b.dataDir, 'docdesk.db') })).toMatchObject({ ok: false, error: { code: 'PATH_NOT_ALLOWED' } });
    expect(await web('files:showInFolder', { filePath: r.filePath })).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
    expect(shown).toHaveLength(1);
  });
});
