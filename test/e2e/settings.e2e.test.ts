// Settings never display a secret (DESIGN §3, §12): a marker secret stored with `docdesk secret set`, one in the
// environment (which the sandbox profile ignores) and one typed into the write-only field must appear nowhere —
// not in the page text, not in any attribute or input value, not in any response the page received. Also:
// diagnostics, English switch, axe on each screen, screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

const STORED_MARKER = 'STOREDSECRET-3e8b5d1a9c4f7260-MARKER-st01';
const ENV_MARKER = 'ENVSECRET-7f3a9c2e51d84b60-MARKER';
const TYPED_MARKER = 'TYPEDSECRET-c0ffee4b1d2a9e77-MARKER';
const MARKERS = [STORED_MARKER, ENV_MARKER, TYPED_MARKER];
// The last 4 characters are allowed to show (DESIGN §3); anything longer from a marker is a leak.
const LEAK = new RegExp(MARKERS.map((m) => m.slice(0, -4).replace(/[-]/g, '\\-')).join('|'));

let dataDir: string;
let web: WebApp;
let browser: Browser;
let page: Page;
const bodies: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-settings-'));
  expect((await runCli(['--data-dir', dataDir, 'secret', 'set', 'payup.apiCertKey'], { input: STORED_MARKER })).code).toBe(0);
  web = await startWeb({ dataDir, env: { DOCDESK_PAYUP_API_CERT_KEY: ENV_MARKER } });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('response', (r) => {
    void r
      .text()
      .then((t) => bodies.push(t))
      .catch(() => undefined);
  });
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function everythingOnPage(p: Page): Promise<string> {
  return p.evaluate(() => {
    const parts: string[] = [document.documentElement.outerHTML, document.body.innerText];
    for (const el of Array.from(document.querySelectorAll('input, textarea, select'))) parts.push((el as HTMLInputElement).value);
    parts.push(JSON.stringify({ ...window.localStorage }), JSON.stringify({ ...window.sessionStorage }));
    return parts.join('\n');
  });
}

describe('settings in Chromium', () => {
  it('shows credentials as set/unset with the last 4 characters only; the sandbox ignores the environment', async () => {
    await page.getByTestId('nav-settings').click();
    const row = page.getByTestId('secret-payup.apiCertKey');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain(STORED_MARKER.slice(-4));
    expect(await row.textContent()).toContain('보관함');
    expect(await row.textContent()).not.toContain(ENV_MARKER.slice(-4));
    expect(await page.getByTestId('data-folder').textContent()).toBe(web.dataDir);
    expect(LEAK.test(await everythingOnPage(page))).toBe(false);
  });

  it('a typed secret is stored write-only and never comes back', async () => {
    await page.getByTestId('secret-input-docsgw.accessToken').fill(TYPED_MARKER);
    await page.getByTestId('secret-save-docsgw.accessToken').click();
    const row = page.getByTestId('secret-docsgw.accessToken');
    await expect.poll(() => row.textContent(), { timeout: 15_000 }).toContain(TYPED_MARKER.slice(-4));
    expect(await page.getByTestId('secret-input-docsgw.accessToken').inputValue()).toBe('');
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('secret-docsgw.accessToken').textContent(), { timeout: 15_000 }).toContain(TYPED_MARKER.slice(-4));
    expect(LEAK.test(await everythingOnPage(page))).toBe(false);
    await screenshot(page, 'settings');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);
  });

  it('no response the page received carries a secret', async () => {
    // Visit every screen so every channel they use answers at least once.
    for (const nav of ['nav-dashboard', 'nav-mailings', 'nav-documents', 'nav-diagnostics', 'nav-settings']) {
      await page.getByTestId(nav).click();
      await page.waitForLoadState('networkidle');
    }
    expect(bodies.length).toBeGreaterThan(5);
    expect(bodies.filter((b) => LEAK.test(b))).toEqual([]);
  });

  it('asks for confirmation before switching profiles', async () => {
    await page.getByTestId('nav-settings').click();
    const useButtons = page.locator('[data-testid^="use-"]');
    await expect.poll(() => useButtons.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await useButtons.first().click();
    const dialog = page.getByTestId('switch-dialog');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await screenshot(page, 'settings-switch');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await page.getByTestId('profile-badge').getAttribute('data-kind')).toBe('sandbox');
  });

  it('runs diagnostics against the sandbox gateway with Korean advice', async () => {
    await page.getByTestId('nav-diagnostics').click();
    await page.getByTestId('diag-run').click();
    const table = page.getByTestId('diag-table');
    await expect.poll(() => table.locator('tbody tr').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(() => table.locator('tbody tr[data-status="ok"]').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await table.textContent()).toMatch(/[가-힣]/);
    await screenshot(page, 'diagnostics');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);
  });

  it('switches the whole UI to English and back', async () => {
    await page.getByTestId('lang-select').selectOption('en');
    await expect.poll(() => page.getByTestId('nav-settings').textContent()).toBe('Settings');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('nav-dashboard').click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dashboard');
    await screenshot(page, 'dashboard-en');
    await page.getByTestId('lang-select').selectOption('ko');
    await expect.poll(() => page.getByTestId('nav-settings').textContent()).toBe('설정');
  });
});
