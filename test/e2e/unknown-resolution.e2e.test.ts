// The UNKNOWN-resolution dialog (issue 3 §3, DESIGN §6) on a real crash: `docdesk web` is killed with SIGKILL while
// chunks are in flight; at the next start those documents are UNKNOWN, and the mailings screen offers the dialog
// that explains the double-send risk before the operator resends or abandons.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';
import { uploadPath } from '../helpers/test-backend.ts';

type Api = Record<string, (input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>>;

let tmp: string;
let dataDir: string;
let web: WebApp | null = null;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-unknown-'));
  dataDir = path.join(tmp, 'data');
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('UNKNOWN documents after a crash', () => {
  it('a send killed mid-flight leaves UNKNOWN documents that the dialog resolves', async () => {
    // Where an upload lands: the contract reads lists only from uploads/ or a native dialog's answer.
    const list = await writeSampleRecipientList(uploadPath(dataDir, 'list.xlsx'), { rows: 20_000, seed: 11 });
    web = await startWeb({ dataDir });
    page = await newPage(browser);
    await page.goto(web.url);
    await page.getByTestId('profile-badge').waitFor();

    // Import and send through the page's own window.docdesk (the same contract the screens use).
    const mailingId = await page.evaluate(async (filePath) => {
      const api = (window as unknown as { docdesk: Api }).docdesk;
      const r = await api['mailing:import']?.({ filePath, defaults: { title: '충돌 시험', link: 'https://docdesk.example/x', csNumber: '02-000-0000', csName: '시험' }, name: '충돌 시험' });
      if (!r?.ok) throw new Error(r?.error?.message ?? 'import failed');
      const id = (r.value as { mailingId: string }).mailingId;
      void api['mailing:send']?.({ mailingId: id });
      return id;
    }, list.filePath);

    // Kill as soon as a chunk is in flight (the journal commits IN_FLIGHT before each request leaves).
    await expect
      .poll(
        async () =>
          page.evaluate(async (id) => {
            const api = (window as unknown as { docdesk: Api }).docdesk;
            const r = await api['mailing:status']?.({ mailingId: id });
            return (r?.value as { counts: { IN_FLIGHT: number } } | undefined)?.counts.IN_FLIGHT ?? 0;
          }, mailingId),
        { timeout: 60_000, interval: 20 },
      )
      .toBeGreaterThan(0);
    await web.kill9();
    await page.close();

    web = await startWeb({ dataDir });
    page = await newPage(browser);
    await page.goto(web.url);
    await page.getByTestId('nav-mailings').click();
    const resolve = page.getByTestId('mailing-resolve');
    await expect.poll(() => resolve.count(), { timeout: 30_000 }).toBe(1);
    await resolve.click();
    const dialog = page.getByTestId('unknown-dialog');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('두 번');
    expect(text).toContain('중복');
    // Both choices stay disabled until the risk is acknowledged.
    expect(await dialog.getByRole('button', { name: '보내지 않고 포기' }).isDisabled()).toBe(true);
    await screenshot(page, 'unknown-dialog');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);

    await dialog.getByRole('checkbox').check();
    await dialog.getByRole('button', { name: '보내지 않고 포기' }).click();
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await expect.poll(() => resolve.count(), { timeout: 15_000 }).toBe(0);
    expect(await page.getByTestId('mailing-row').first().textContent()).toContain('포기함');
  });
});
