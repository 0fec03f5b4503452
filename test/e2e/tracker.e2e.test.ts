// The status tracker in the app (issue 14 item 1), real Chromium against `docdesk web` and its embedded sandbox
// (accelerated time): a mailing is sent from the mailings list and every accepted document reaches READ or
// EXPIRED with no poll button pressed; the list shows last/next check; Settings shows the tracker (pause/resume)
// and the scheduler command. axe on both screens, screenshots.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { runCli } from '../helpers/cli.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let dataDir: string;
let web: WebApp;
let browser: Browser;
let page: Page;
let mailingId: string;
const pageErrors: string[] = [];
const invoked: string[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-tracker-'));
  const list = path.join(mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-tracker-list-')), '추적 명단.xlsx');
  await writeSampleRecipientList(list, { rows: 120, seed: 14 });
  // A one-day read deadline: on the embedded sandbox's time scale it passes in half a second.
  const imported = await runCli(['--data-dir', dataDir, '--json', 'mail', 'import', list, '--title', '추적 안내', '--link', 'https://docdesk.example/t', '--cs-number', '02-1', '--cs-name', '센터', '--expires-in-days', '1', '--name', '자동 추적']);
  expect(imported.code, imported.stderr).toBe(0);
  mailingId = String(imported.json['mailingId']);
  web = await startWeb({ dataDir });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('request', (r) => {
    const m = /\/api\/invoke\/([^?]+)/.exec(r.url());
    if (m?.[1]) invoked.push(decodeURIComponent(m[1]));
  });
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const chip = (state: string) => async (): Promise<number> => {
  const text = await page.getByTestId('mailing-row').first().locator(`[data-state="${state}"]`).textContent().catch(() => null);
  return text === null ? 0 : Number(text.replace(/[^\d]/g, ''));
};

async function expectAccessible(): Promise<void> {
  const v = await seriousViolations(page);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

describe('status tracking in Chromium', () => {
  it('a mailing sent from the list reaches READ or EXPIRED for every accepted document with no poll button pressed', { timeout: 120_000 }, async () => {
    await page.getByTestId('nav-mailings').click();
    const row = page.getByTestId('mailing-row').first();
    await expect.poll(() => row.getAttribute('data-mailing-id'), { timeout: 15_000 }).toBe(mailingId);
    await expect.poll(() => page.getByTestId('tracker-summary').getAttribute('data-state'), { timeout: 15_000 }).toMatch(/waiting|polling/);
    await row.getByTestId('mailing-send').click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 60_000 }).toBe('SENT');
    const accepted = await chip('ACCEPTED')();
    expect(accepted).toBeGreaterThan(0);
    expect(await row.getByTestId('mailing-last-checked').textContent()).toBe('아직 없음');
    // Nobody presses 상태 조회: the tracker asks 5 s after acceptance and the list follows by itself.
    await expect.poll(async () => (await chip('READ')()) + (await chip('EXPIRED')()), { timeout: 60_000 }).toBe(accepted);
    expect(await row.getByTestId('mailing-last-checked').textContent()).toMatch(/\d{2}:\d{2}:\d{2}/);
    expect(await row.getByTestId('mailing-next-check').textContent()).toBe('모두 최종 상태');
    expect(invoked).not.toContain('mailing:poll');
    await screenshot(page, 'mailings-tracking');
    await expectAccessible();
  });

  it('Settings shows the tracker, pauses and resumes it, and shows the scheduler command for when the app is closed', { timeout: 60_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('tracker-settings');
    await expect.poll(() => section.getByTestId('tracker-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('waiting');
    expect(await section.getByTestId('tracker-last').textContent()).toMatch(/\d+건 조회/);
    const command = await section.getByTestId('tracker-command').textContent();
    expect(command).toContain('track --once --data-dir');
    expect(command).toContain(dataDir);
    expect(await section.getByTestId('tracker-script').textContent()).toMatch(/schtasks|systemctl --user enable --now docdesk-track\.timer|crontab|\*\/15/);
    await section.getByTestId('tracker-toggle').click();
    await expect.poll(() => section.getByTestId('tracker-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    expect(await section.getByTestId('tracker-toggle').getAttribute('aria-pressed')).toBe('true');
    // The pause is a setting of the data folder: a reload still shows it.
    await page.reload();
    await page.getByTestId('nav-settings').click();
    await expect.poll(() => page.getByTestId('tracker-state').getAttribute('data-state'), { timeout: 15_000 }).toBe('paused');
    await page.getByTestId('tracker-toggle').click();
    await expect.poll(() => page.getByTestId('tracker-state').getAttribute('data-state'), { timeout: 15_000 }).toMatch(/waiting|polling/);
    await page.getByTestId('tracker-settings').scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-tracker');
    await expectAccessible();
  });

  it('ran under the strict CSP without script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
