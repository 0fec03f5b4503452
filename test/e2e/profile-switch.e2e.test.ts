// The profile in the running app (issue 13 §1–2), in Chromium against `docdesk web`: a profile JSON imported and
// switched to from Settings is the one used at once — the badge of every open window follows without a reload,
// and a send goes to that profile's simulator — and re-importing a profile of the same name shows what changes and
// replaces it only when the operator confirms.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocDeskApi } from '../../shared/api.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { startTestSandbox, tempDir, writeSandboxProfile } from '../helpers/test-backend.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
let other: Page;
let sandbox: RunningSandboxes;
const dir = tempDir('docdesk-e2e-profile-');

beforeAll(async () => {
  sandbox = await startTestSandbox();
  web = await startWeb();
  browser = await launchBrowser();
  page = await newPage(browser);
  other = await newPage(browser);
  await page.goto(web.url);
  await other.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await sandbox?.close();
});

function profileFile(addresses?: string[]): string {
  return writeSandboxProfile(sandbox, path.join(dir, 'training.json'), { name: 'training', label: '교육용 모의 게이트웨이', ...(addresses ? { addresses } : {}) });
}

/** Uploads a file the way the page's file chooser does; returns the path the backend gave it. */
async function upload(file: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${web.port}/api/upload?name=${encodeURIComponent(path.basename(file))}`, {
    method: 'POST',
    headers: { 'x-docdesk-token': web.token, 'content-type': 'application/octet-stream' },
    body: readFileSync(file),
  });
  const body = (await res.json()) as { ok: boolean; value?: { filePath: string } };
  if (!body.ok || !body.value) throw new Error('upload failed');
  return body.value.filePath;
}

describe('profiles in the running app', () => {
  it('an imported profile switched to in Settings is used at once, and every window shows it', { timeout: 120_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('profile-import-input').setInputFiles(profileFile());
    await expect.poll(() => page.getByText('프로필 "training"을(를) 가져왔습니다.').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('use-training').click();
    await page.getByTestId('switch-dialog').getByRole('button', { name: '확인' }).click();
    // The switch drains the old profile's work and starts the new one's simulators: ~2 s alone, beyond 15 s once
    // when the 2-core machine ran other suites beside this one (load 9).
    await expect.poll(() => page.getByTestId('profile-badge').textContent(), { timeout: 60_000 }).toContain('교육용 모의 게이트웨이');
    // The other window was told by the backend, without a reload.
    await expect.poll(() => other.getByTestId('profile-badge').textContent(), { timeout: 30_000 }).toContain('교육용 모의 게이트웨이');

    // A send now goes to this profile's simulator (its ledger), not to the embedded one.
    const list = path.join(dir, '교육 명단.xlsx');
    await writeSampleRecipientList(list, { rows: 20 });
    const filePath = await upload(list);
    const sent = await page.evaluate(async (fp) => {
      const api = (window as unknown as { docdesk: DocDeskApi }).docdesk;
      const imp = await api['mailing:import']({ filePath: fp, defaults: { title: '교육', link: 'https://docdesk.example/t', csNumber: '02-1', csName: '센터' } });
      if (!imp.ok || !imp.value.mailingId) return { error: imp.ok ? 'no mailing' : imp.error.code };
      const s = await api['mailing:send']({ mailingId: imp.value.mailingId });
      const docs = await api['documents:query']({ mailingId: imp.value.mailingId, limit: 100 });
      return { stopped: s.ok ? s.value.stopped : s.error.code, ids: docs.ok ? docs.value.rows.map((r) => r.externalDocumentUuid) : [] };
    }, filePath);
    expect(sent).toMatchObject({ stopped: 'done' });
    const ids = ('ids' in sent ? (sent.ids ?? []) : []).filter((e): e is string => e !== null);
    expect(ids.length).toBeGreaterThan(0);
    for (const e of ids) expect(sandbox.docsgw.ledger.itemsFor(e).length).toBeGreaterThan(0);
  });

  it('re-importing a profile of the same name shows what changes and replaces it only on confirmation', { timeout: 120_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('profile-import-input').setInputFiles(profileFile(['127.0.0.3']));
    const dialog = page.getByTestId('profile-replace-dialog');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), { timeout: 15_000 }).toBe(true);
    const changes = dialog.getByTestId('profile-changes');
    expect(await changes.textContent()).toContain('docsgw.addresses');
    expect(await changes.textContent()).toContain('127.0.0.3');
    expect(await changes.locator('tr[data-key-field="true"]').count()).toBe(1);
    await screenshot(page, 'settings-profile-replace');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);
    // Cancel: nothing changes.
    await dialog.getByRole('button', { name: '취소' }).click();
    const shown = () => page.evaluate(async () => {
      const p = await (window as unknown as { docdesk: DocDeskApi }).docdesk['profiles:show']({ name: 'training' });
      return p.ok ? p.value.docsgw.addresses.join(',') : p.error.code;
    });
    expect(await shown()).not.toContain('127.0.0.3');
    // Again, and confirm.
    await page.getByTestId('profile-import-input').setInputFiles(profileFile(['127.0.0.3']));
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('profile-replace-confirm').click();
    await expect.poll(() => page.getByText('프로필 "training"을(를) 바꿨습니다 (1개 항목).').count(), { timeout: 15_000 }).toBe(1);
    expect(await shown()).toBe('127.0.0.3');
  });
});
