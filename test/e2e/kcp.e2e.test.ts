// Browser end-to-end of the KCP account-verification screen (issue 5 §4): real Chromium against `docdesk web` on
// the embedded sandbox (its KCP gateway simulator, main/sandbox/README.md "The bank"). One verification through
// the bank picker (Korean names, unconfirmed banks apart and confirmed explicitly), a wrong owner, and the batch
// from a real .xlsx: preview (nothing sent) → confirm → progress → masked per-row results → result download.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { launchBrowser, newPage, screenshot, seriousViolations, tabStops } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let tmp: string;
let web: WebApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}
const dialogOpen = (testId: string) => () => page.getByTestId(testId).evaluate((d) => (d as HTMLDialogElement).open);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-kcp-'));
  web = await startWeb();
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(web.url);
  await page.getByTestId('profile-badge').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('KCP account verification screen', () => {
  it('verifies one account with the bank picker and shows res_cd, res_msg and the masked account', async () => {
    await page.getByTestId('nav-kcp').click();
    const bank = page.getByTestId('kcp-bank');
    await bank.waitFor();
    // Korean names; banks whose KCP support is unconfirmed are listed apart and flagged.
    const options = await bank.locator('option').allTextContents();
    expect(options).toContain('국민은행 (04)');
    expect(options).toContain('카카오뱅크 (90)');
    expect(options.find((o) => o.startsWith('토스뱅크'))).toContain('지원 미확인');
    expect(await bank.locator('optgroup').nth(1).getAttribute('label')).toContain('미확인');
    await expectAccessible(page);

    // Keyboard: bank, account, owner and the button are reachable with Tab.
    await page.getByTestId('kcp-view-batch').focus();
    const stops = await tabStops(page, 5);
    expect(stops).toEqual(expect.arrayContaining(['kcp-bank', 'kcp-account', 'kcp-owner', 'kcp-submit']));

    await bank.selectOption('92');
    await expect.poll(() => page.getByTestId('kcp-unconfirmed-warning').count()).toBe(1);
    await bank.selectOption('90');
    await expect.poll(() => page.getByTestId('kcp-unconfirmed-warning').count()).toBe(0);
    await page.getByTestId('kcp-account').fill('3333-01-1234567');
    await page.getByTestId('kcp-owner').fill('박민수');
    await page.getByTestId('kcp-submit').click();
    const result = page.getByTestId('kcp-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('VERIFIED');
    expect(await page.getByTestId('kcp-result-code').textContent()).toContain('0000');
    expect(await page.getByTestId('kcp-result-account').textContent()).toBe('카카오뱅크 ****4567');
    expect(await page.getByTestId('kcp-result-owner').textContent()).toBe('박*수');
    expect(await result.textContent()).toContain('tno');
    // The full account number never reaches the page after the call (only what the operator typed).
    expect(await result.textContent()).not.toContain('3333011234567');
    await screenshot(page, 'kcp-verify');
    await expectAccessible(page);

    // Wrong owner: the gateway's own code and message, not verified.
    await page.getByTestId('kcp-owner').fill('김철수');
    await page.getByTestId('kcp-submit').click();
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('NOT_VERIFIED');
    expect(await page.getByTestId('kcp-result-code').textContent()).toContain('8201 예금주 성명 불일치');
  });

  it('verifies a batch from a real .xlsx: preview, confirm, progress, masked results, result download', async () => {
    const file = path.join(tmp, '계좌 확인 목록.xlsx');
    const aoa: unknown[][] = [
      ['은행', '계좌번호', '예금주'],
      ['국민은행', '123-4567-8901234', '홍길동'],
      ['88', '110123456789', '김철수'],
      ['05', '12391012345607', '최뷁순'],
      ['04', '12345678901234', '이영희'],
      ['04', '99999999999', '홍길동'],
      ['20', '1002123456789', '이<영희>'],
      ['92', '100012345678', '토스'],
    ];
    for (let i = 0; i < 150; i++) aoa.push(['88', '110123456789', '김철수']);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '계좌');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    await page.getByTestId('kcp-view-batch').click();
    await page.getByTestId('kcp-file-input').setInputFiles(file);
    const preview = page.getByTestId('kcp-batch-preview');
    await expect.poll(() => preview.count(), { timeout: 60_000 }).toBe(1);
    // 157 rows: one refused (forbidden characters), one unconfirmed bank left out unless confirmed.
    expect(await page.getByTestId('kcp-batch-tosend').textContent()).toBe('155');
    expect(await page.getByTestId('kcp-batch-errors').textContent()).toContain('7행');
    await page.getByTestId('kcp-batch-include-unconfirmed').check();
    expect(await page.getByTestId('kcp-batch-tosend').textContent()).toBe('156');
    await page.getByTestId('kcp-batch-include-unconfirmed').uncheck();
    await expectAccessible(page);

    await page.getByTestId('kcp-batch-start').click();
    await expect.poll(dialogOpen('kcp-batch-confirm-dialog')).toBe(true);
    expect(await page.getByTestId('kcp-batch-confirm-dialog').textContent()).toContain('155건');
    // The page's own subscription to the progress event the screen listens to (a short batch may finish before
    // the progress line is painted, so the events themselves are checked).
    await page.evaluate(() => {
      const w = window as unknown as { docdesk: { on: (e: string, l: (p: unknown) => void) => () => void }; kcpProgress: unknown[] };
      w.kcpProgress = [];
      w.docdesk.on('kcp:batchProgress', (p) => w.kcpProgress.push(p));
    });
    await page.getByTestId('kcp-batch-confirm').click();
    const result = page.getByTestId('kcp-batch-result');
    await expect.poll(() => result.count(), { timeout: 120_000 }).toBe(1);
    const progress = await page.evaluate(() => (window as unknown as { kcpProgress: { done: number; total: number }[] }).kcpProgress);
    expect(progress.at(-1)).toMatchObject({ done: 155, total: 155 });
    expect(await page.getByTestId('kcp-count-VERIFIED').textContent()).toContain('153');
    expect(await page.getByTestId('kcp-count-NOT_VERIFIED').textContent()).toContain('2');
    expect(await page.getByTestId('kcp-count-INVALID').textContent()).toContain('2');
    const rows = page.getByTestId('kcp-batch-row');
    await expect.poll(() => rows.count()).toBe(157);
    const first = (await rows.nth(0).textContent()) ?? '';
    expect(first).toContain('****1234');
    expect(first).not.toContain('12345678901234');
    // The merged bank's old code 05 went out as 81 (KEB하나은행).
    expect(await rows.nth(2).textContent()).toContain('KEB하나은행');
    expect(await rows.nth(3).textContent()).toContain('8201');
    expect(await rows.nth(4).textContent()).toContain('8202');
    await screenshot(page, 'kcp-batch');
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('kcp-batch-download').click()]);
    const saved = path.join(tmp, 'result.xlsx');
    await download.saveAs(saved);
    const out = XLSX.read(readFileSync(saved), { dense: true });
    const sheetRows = XLSX.utils.sheet_to_json<unknown[]>(out.Sheets[out.SheetNames[0] ?? ''] ?? {}, { header: 1 });
    expect(sheetRows.length - 1).toBe(157);
    expect(JSON.stringify(sheetRows)).not.toContain('12345678901234');
    expect(pageErrors).toEqual([]);
  });
});
