// Browser end-to-end (issue 3 "What it must show"): real Chromium against the real `docdesk web` on the embedded
// sandbox. Import a real .xlsx through the file chooser, see the invalid rows, download the error list, exclude
// the invalid rows, send, watch progress to the end, find a document in the grid and open its timeline; a
// refused document's code explains itself (grid tooltip, drawer, dashboard).
// Every screen on the way is checked with axe-core and photographed into docs/screenshots/.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { writeSampleRecipientList, type SampleListSummary } from '../../main/imports/sample-list.ts';
import { adviceText, errorCodeAdvice } from '../../shared/domain/docsgw-advice.ts';
import { launchBrowser, newPage, screenshot, seriousViolations, tabStops } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
let tmp: string;
let list: SampleListSummary;
const pageErrors: string[] = [];

async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-list-'));
  list = await writeSampleRecipientList(path.join(tmp, '관리비 수신자.xlsx'), { rows: 200, seed: 7 });
  web = await startWeb();
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('docdesk web in Chromium', () => {
  it('removes the token from the address bar and shows the sandbox profile and Korean text', async () => {
    expect(page.url()).not.toContain('token=');
    const badge = page.getByTestId('profile-badge');
    await expect.poll(() => badge.getAttribute('data-kind')).toBe('sandbox');
    expect(await badge.textContent()).toContain('샌드박스');
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    // Korean glyphs render with a real font (fonts-nanum), not tofu: a Hangul run is wider than zero and
    // measures like the Nanum font, not like the missing-glyph box.
    const widths = await page.evaluate(() => {
      const c = document.createElement('canvas').getContext('2d');
      if (!c) return [0, 0];
      c.font = '20px NanumGothic';
      const hangul = c.measureText('대시보드').width;
      c.font = '20px serif';
      return [hangul, c.measureText('대시보드').width];
    });
    expect(widths[0]).toBeGreaterThan(40);
    expect(await page.evaluate(() => document.fonts.check('16px NanumGothic', '가'))).toBe(true);
    await expect.poll(() => page.getByTestId('gateway-state').textContent(), { timeout: 30_000 }).toContain('연결됨');
    await screenshot(page, 'dashboard-empty');
    await expectAccessible(page);
  });

  it('every main action is reachable with the keyboard', async () => {
    await page.goto(`${web.url.split('?')[0]}#/dashboard`);
    await page.locator('body').focus();
    const stops = await tabStops(page, 20);
    for (const nav of ['nav-dashboard', 'nav-import', 'nav-mailings', 'nav-documents', 'nav-settings', 'nav-diagnostics']) expect(stops).toContain(nav);
    expect(stops).toContain('lang-select');
    // Enter on a focused link navigates; the wizard's file chooser is the next stops away.
    await page.getByTestId('nav-import').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('wizard-step').textContent()).toContain('파일 선택');
    const wizardStops = await tabStops(page, 10);
    expect(wizardStops).toContain('file-input');
  });

  it('imports a real .xlsx through the file chooser, validates it and shows the invalid rows', async () => {
    await page.getByTestId('nav-import').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText('파일 고르기').click()]);
    await chooser.setFiles(list.filePath);
    await expect.poll(() => page.getByTestId('wizard-step').textContent(), { timeout: 30_000 }).toContain('시트 선택');
    await expect.poll(() => page.getByTestId('sheet-select').locator('option').allTextContents(), { timeout: 30_000 }).toContain(list.sheet);
    await page.getByTestId('sheet-select').selectOption(list.sheet);
    await page.getByTestId('wizard-next').click();

    // Defaults with the live KakaoTalk preview; a bad link is refused by the form before anything is sent.
    await page.getByTestId('defaults-title').fill('3월 관리비 고지서');
    await page.getByTestId('defaults-link').fill('https://docdesk.example/bill/2026-03');
    await page.getByTestId('defaults-csNumber').fill('02-123-4567');
    await page.getByTestId('defaults-csName').fill('관리사무소');
    await page.getByTestId('defaults-message').fill('3월분 관리비 고지서를 보내 드립니다.');
    await expect.poll(() => page.getByTestId('kakao-preview').textContent()).toContain('3월 관리비 고지서');
    expect(await page.getByTestId('kakao-preview').textContent()).toContain('3월분 관리비 고지서를 보내 드립니다.');
    await screenshot(page, 'import-defaults');
    await expectAccessible(page);
    await page.getByTestId('defaults-link').fill('https://문서.example');
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);
    await page.getByTestId('defaults-link').fill('https://docdesk.example/bill/2026-03');
    await page.getByTestId('wizard-next').click();

    // Column mapping pre-filled from the header row (번호, 성명, 휴대폰번호, 생년월일, 비고).
    await expect.poll(() => page.getByTestId('map-name').inputValue(), { timeout: 30_000 }).toBe('B');
    expect(await page.getByTestId('map-phone').inputValue()).toBe('C');
    expect(await page.getByTestId('map-birthday').inputValue()).toBe('D');
    await screenshot(page, 'import-mapping');
    await expectAccessible(page);
    await page.getByTestId('wizard-next').click();

    // Validation report: exactly the deliberately invalid rows of the sample list.
    const invalidRows = Object.values(list.invalid).flat().sort((a, b) => a - b);
    await expect.poll(() => page.getByTestId('report-summary').count(), { timeout: 30_000 }).toBe(1);
    const shownRows = (await page.getByTestId('row-errors').locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-row'))))).filter(
      (v, i, a) => a.indexOf(v) === i,
    );
    expect(shownRows.sort((a, b) => a - b)).toEqual(invalidRows);
    expect(await page.getByTestId('report-summary').textContent()).toContain(`오류 ${invalidRows.length}행`);
    // Sending is blocked until the operator decides to leave the invalid rows out.
    expect(await page.getByTestId('wizard-next').isDisabled()).toBe(true);
    await screenshot(page, 'import-report');
    await expectAccessible(page);

    // The error list downloads as a real .xlsx with one line per error.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-errors').click()]);
    const saved = path.join(tmp, 'errors.xlsx');
    await download.saveAs(saved);
    const wb = XLSX.read(readFileSync(saved), { dense: true });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0] ?? ''] ?? {}, { header: 1 });
    expect(rows.length - 1).toBeGreaterThanOrEqual(invalidRows.length);
  });

  it('excludes the invalid rows, confirms with counts and sends to the end with live progress', async () => {
    await page.getByTestId('exclude-invalid').check();
    await page.getByTestId('wizard-next').click();
    const invalid = Object.values(list.invalid).flat().length;
    await expect.poll(() => page.getByTestId('confirm-count').textContent()).toBe(String(list.rows - invalid));
    expect(await page.getByTestId('confirm-summary').textContent()).toContain('샌드박스');
    await screenshot(page, 'import-confirm');
    await expectAccessible(page);
    // Count the live progress events the page receives over the bridge's SSE stream during the send.
    await page.evaluate(() => {
      const w = window as unknown as { docdesk: { on(e: string, l: () => void): () => void }; progressEvents: number };
      w.progressEvents = 0;
      w.docdesk.on('mailing:progress', () => {
        w.progressEvents++;
      });
    });
    await page.getByTestId('confirm-send').click();
    await page.getByTestId('go-mailings').click();

    const row = page.getByTestId('mailing-row').first();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 120_000, interval: 250 }).toBe('SENT');
    const progress = await row.getByTestId('mailing-progress').textContent();
    expect(progress?.replace(/\s/g, '')).toBe(`${list.rows - invalid}/${list.rows - invalid}`);
    expect(await page.evaluate(() => (window as unknown as { progressEvents: number }).progressEvents)).toBeGreaterThan(0);
    await screenshot(page, 'mailings');
    await expectAccessible(page);
  });

  it('finds a document in the grid and opens its whole timeline', async () => {
    await page.getByTestId('mailing-row').first().getByRole('link').click();
    await expect.poll(() => page.getByTestId('grid-row').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    // Recipients ending in 4444 refuse messages in the sandbox (FORBIDDEN): search by the last 4 digits.
    await page.getByTestId('grid-search').fill('4444');
    await expect.poll(async () => (await page.getByTestId('grid-total').textContent())?.replace(/\D/g, ''), { timeout: 15_000 }).toBe(String(list.special['4444']));
    const text = await page.getByTestId('grid').textContent();
    expect(text).toContain('-****-4444');
    expect(text).not.toMatch(/010\d{4}4444/); // masked: never a full phone number
    // The error code says what it means and what to do next, as tooltip and accessible description.
    const forbidden = errorCodeAdvice('FORBIDDEN');
    const code = page.getByTestId('grid-row').first().getByTestId('error-code');
    expect(await code.textContent()).toBe('FORBIDDEN');
    expect(await code.getAttribute('title')).toBe(adviceText(forbidden));
    expect(await code.getAttribute('aria-description')).toBe(adviceText(forbidden));
    await screenshot(page, 'documents-search');
    await expectAccessible(page);

    await page.getByTestId('grid-row').first().click();
    const drawer = page.getByTestId('document-drawer');
    await expect.poll(() => drawer.getByTestId('timeline').locator('li').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    expect(await drawer.textContent()).toContain('FORBIDDEN');
    expect(await drawer.getByTestId('drawer-advice-explanation').textContent()).toBe(forbidden.explanation);
    expect(await drawer.getByTestId('drawer-advice').textContent()).toBe(forbidden.advice);
    await screenshot(page, 'document-drawer');
    await expectAccessible(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });

  it('the dashboard shows the funnel and the read rate after the send', async () => {
    await page.getByTestId('nav-mailings').click();
    await page.getByTestId('mailing-poll').first().click();
    await page.getByTestId('nav-dashboard').click();
    const dash = page.getByTestId('dashboard');
    await expect.poll(() => dash.textContent(), { timeout: 30_000 }).toContain('문서 흐름');
    await expect.poll(() => dash.getByTestId('funnel-chart').locator('[data-stage]').count(), { timeout: 30_000 }).toBe(4);
    expect(await dash.textContent()).toContain('FORBIDDEN');
    const advice = (lang: 'ko' | 'en') => `${errorCodeAdvice('FORBIDDEN', lang).explanation} ${errorCodeAdvice('FORBIDDEN', lang).advice}`;
    expect(await dash.getByTestId('dashboard-error-advice').allTextContents()).toContain(advice('ko'));
    await screenshot(page, 'dashboard');
    await expectAccessible(page);
    // The same table in English: the advice follows the language.
    await page.getByTestId('lang-select').selectOption('en');
    await expect.poll(() => dash.getByTestId('dashboard-error-advice').allTextContents()).toContain(advice('en'));
    await page.getByTestId('lang-select').selectOption('ko');
    await expect.poll(() => dash.getByTestId('dashboard-error-advice').allTextContents()).toContain(advice('ko'));
  });

  it('ran under the strict CSP without script errors', () => {
    expect(pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
