// Browser end-to-end of the PayUp cancel screen (issue 5 §4): real Chromium against `docdesk web` whose profile
// points at a PayUp simulator run by this test (so faults can be injected and its ledger read). One cancel with the
// irreversible-action confirm, a refusal with the code table's advice, an UNKNOWN answer (timeout after the body)
// resolved through the double-cancel dialog, the batch from a real .xlsx (preview → confirm → progress → per-row
// results → result download), and the red banner of a profile that points at PayUp's test host.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createBackend } from '../../main/app/backend.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { payupProfileJson, preparePayupDataDir, startPayupTestSandbox } from '../integration/payup-helpers.ts';
import { launchBrowser, newPage, screenshot, seriousViolations, tabStops } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let tmp: string;
let sandbox: RunningSandboxes;
let web: WebApp | null = null;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

const dialogOpen = (testId: string) => () => page.getByTestId(testId).evaluate((d) => (d as HTMLDialogElement).open);
const tx = (n: number, ending = '0000') => sandboxTransactionId(930_000 + n, ending);

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-payup-'));
  sandbox = await startPayupTestSandbox();
  const dataDir = path.join(tmp, 'data');
  mkdirSync(dataDir);
  // A short timeout so the injected "no answer" becomes UNKNOWN quickly; generous enough for a loaded machine.
  await preparePayupDataDir(sandbox, dataDir, { timeoutMs: 8_000 });
  web = await startWeb({ dataDir });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(web.url);
  await page.getByTestId('profile-badge').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await sandbox?.close();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('PayUp cancel screen', () => {
  it('cancels one payment after the irreversible-action confirm, and shows a refusal with its advice', async () => {
    await page.getByTestId('nav-payup').click();
    await page.getByTestId('payup-tx').waitFor();
    expect(await page.getByTestId('payup-test-host-warning').count()).toBe(0);
    await expect.poll(() => page.getByTestId('payup-unknown').textContent(), { timeout: 30_000 }).toContain('결과를 알 수 없는 취소가 없습니다');
    await expectAccessible(page);

    // Keyboard: the two fields and the submit button are reachable with Tab from the view switch.
    await page.getByTestId('payup-view-batch').focus();
    const stops = await tabStops(page, 4);
    expect(stops).toEqual(expect.arrayContaining(['payup-tx', 'payup-reason', 'payup-submit']));

    // The form checks the contract's limits before anything is asked.
    await page.getByTestId('payup-submit').click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await dialogOpen('payup-confirm-dialog')()).toBe(false);

    await page.getByTestId('payup-tx').fill(tx(1));
    await page.getByTestId('payup-reason').fill('고객 요청 환불');
    await page.getByTestId('payup-submit').click();
    await expect.poll(dialogOpen('payup-confirm-dialog')).toBe(true);
    expect(await page.getByTestId('payup-confirm-dialog').textContent()).toContain('되돌릴 수 없습니다');
    expect(sandbox.payup.ledger.requests(tx(1))).toHaveLength(0);
    await expectAccessible(page);
    await page.getByTestId('payup-confirm').click();
    const result = page.getByTestId('payup-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('CANCELLED');
    expect(await page.getByTestId('payup-result-code').textContent()).toContain('[0000]');
    expect(sandbox.payup.ledger.cancelCount(tx(1))).toBe(1);

    // Asking again sends nothing: the journal already holds the transaction.
    await page.getByTestId('payup-submit').click();
    await expect.poll(dialogOpen('payup-confirm-dialog')).toBe(true);
    await page.getByTestId('payup-confirm').click();
    await expect.poll(() => result.textContent(), { timeout: 60_000 }).toContain('다시 보내지 않았습니다');
    expect(sandbox.payup.ledger.requests(tx(1))).toHaveLength(1);

    // A refusal: PayUp's Korean message and the code table's advice.
    await page.getByTestId('payup-tx').fill(tx(2, '1004'));
    await page.getByTestId('payup-submit').click();
    await expect.poll(dialogOpen('payup-confirm-dialog')).toBe(true);
    await page.getByTestId('payup-confirm').click();
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('REJECTED');
    expect(await page.getByTestId('payup-result-code').textContent()).toContain('[1004] 취소 대상건이 없습니다.');
    expect(await page.getByTestId('payup-result-advice').textContent()).toContain('거래번호(transactionId)가 맞는지 확인하세요');
    await screenshot(page, 'payup-cancel');
    await expectAccessible(page);
  });

  it('an UNKNOWN answer opens the double-cancel dialog; the decision is applied and nothing is cancelled twice', async () => {
    sandbox.payup.setFaults({ timeoutAfterBody: { count: 1 } });
    await page.getByTestId('payup-tx').fill(tx(3));
    await page.getByTestId('payup-submit').click();
    await expect.poll(dialogOpen('payup-confirm-dialog')).toBe(true);
    await page.getByTestId('payup-confirm').click();
    await expect.poll(dialogOpen('payup-resolve-dialog'), { timeout: 60_000 }).toBe(true);
    sandbox.payup.clearFaults();
    const dialog = page.getByTestId('payup-resolve-dialog');
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('중복 취소 위험');
    expect(text).toContain('두 번');
    expect(await page.getByTestId('payup-result').getAttribute('data-state')).toBe('UNKNOWN');
    // Both choices stay disabled until the risk is acknowledged.
    expect(await dialog.getByRole('button', { name: '다시 요청' }).isDisabled()).toBe(true);
    expect(await dialog.getByRole('button', { name: '보내지 않고 포기' }).isDisabled()).toBe(true);
    await expectAccessible(page);

    // The simulator did process the lost request: a retry is answered 1005 and recorded as ALREADY_CANCELLED.
    await page.getByTestId('payup-resolve-ack').check();
    await dialog.getByRole('button', { name: '다시 요청' }).click();
    await expect.poll(dialogOpen('payup-resolve-dialog'), { timeout: 60_000 }).toBe(false);
    await expect.poll(() => page.getByTestId('payup-result').getAttribute('data-state'), { timeout: 60_000 }).toBe('ALREADY_CANCELLED');
    expect(await page.getByTestId('payup-result-code').textContent()).toContain('[1005]');
    expect(sandbox.payup.ledger.cancelCount(tx(3))).toBe(1);

    // A second UNKNOWN, left for later: it is listed under the decisions and abandoned from there.
    sandbox.payup.setFaults({ timeoutAfterBody: { count: 1 } });
    await page.getByTestId('payup-tx').fill(tx(4));
    await page.getByTestId('payup-submit').click();
    await expect.poll(dialogOpen('payup-confirm-dialog')).toBe(true);
    await page.getByTestId('payup-confirm').click();
    await expect.poll(dialogOpen('payup-resolve-dialog'), { timeout: 60_000 }).toBe(true);
    sandbox.payup.clearFaults();
    await page.keyboard.press('Escape');
    await expect.poll(dialogOpen('payup-resolve-dialog')).toBe(false);
    const row = page.getByTestId('payup-unknown-row');
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    await row.getByRole('button').click();
    const listDialog = page.getByTestId('payup-unknown-resolve-dialog');
    await expect.poll(() => listDialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await listDialog.getByTestId('payup-resolve-ack').check();
    await listDialog.getByRole('button', { name: '보내지 않고 포기' }).click();
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(0);
    expect(sandbox.payup.ledger.requests(tx(4))).toHaveLength(1);
    expect(sandbox.payup.ledger.summary().transactionsCancelledMoreThanOnce).toBe(0);
  });

  it('cancels a batch from a real .xlsx: preview, confirm, progress, per-row results, result download', async () => {
    const file = path.join(tmp, '카카오페이 취소 목록.xlsx');
    const aoa: unknown[][] = [['거래번호', '취소사유', '금액']];
    for (let i = 10; i < 40; i++) aoa.push([tx(i), '일괄 환불', 12_000]);
    aoa.push([tx(40, '1004'), '일괄 환불', 5_000]);
    aoa.push([tx(1), '이미 취소한 거래', 1_000]);
    aoa.push([tx(10), '파일 안 중복', 12_000]);
    aoa.push(['X'.repeat(25), '너무 긴 거래번호', 1]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '취소목록');
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);

    await page.getByTestId('payup-view-batch').click();
    await page.getByTestId('payup-file-input').setInputFiles(file);
    const preview = page.getByTestId('payup-batch-preview');
    await expect.poll(() => preview.count(), { timeout: 60_000 }).toBe(1);
    expect(await page.getByTestId('payup-batch-tosend').textContent()).toBe('31');
    expect(await page.getByTestId('payup-batch-errors').textContent()).toContain('35행');
    expect(sandbox.payup.ledger.requests(tx(10))).toHaveLength(0);
    await expectAccessible(page);

    await page.getByTestId('payup-batch-start').click();
    await expect.poll(dialogOpen('payup-batch-confirm-dialog')).toBe(true);
    expect(await page.getByTestId('payup-batch-confirm-dialog').textContent()).toContain('31건');
    // Slow answers so the progress line is seen while the batch runs.
    sandbox.payup.setFaults({ latencyMs: 150 });
    await page.getByTestId('payup-batch-confirm').click();
    await expect.poll(() => page.getByTestId('payup-batch-progress').count(), { timeout: 30_000 }).toBe(1);
    const result = page.getByTestId('payup-batch-result');
    await expect.poll(() => result.count(), { timeout: 120_000 }).toBe(1);
    sandbox.payup.clearFaults();
    expect(await result.getAttribute('data-stopped')).toBe('done');
    expect(await page.getByTestId('payup-count-CANCELLED').textContent()).toContain('30');
    expect(await page.getByTestId('payup-count-REJECTED').textContent()).toContain('1');
    await expect.poll(() => page.getByTestId('payup-batch-row').count(), { timeout: 30_000 }).toBe(31);
    expect(sandbox.payup.ledger.summary().transactionsCancelledMoreThanOnce).toBe(0);
    expect(sandbox.payup.ledger.requests(tx(1))).toHaveLength(1);
    await screenshot(page, 'payup-batch');
    await expectAccessible(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('payup-batch-download').click()]);
    const saved = path.join(tmp, 'result.xlsx');
    await download.saveAs(saved);
    const out = XLSX.read(readFileSync(saved), { dense: true });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(out.Sheets[out.SheetNames[0] ?? ''] ?? {}, { header: 1 });
    expect(rows[0]).toEqual(expect.arrayContaining(['거래번호', '상태', '응답코드']));
    expect(rows.length - 1).toBe(34);
    expect(pageErrors).toEqual([]);
  });

  it('a profile on the PayUp test host shows the red warning banner', async () => {
    const dataDir = path.join(tmp, 'testhost');
    mkdirSync(dataDir);
    // A test-kind profile on a passphrase folder: a sandbox (kind or folder) may not point at a real host at all.
    const json = { ...payupProfileJson(sandbox, { name: 'payup-testhost' }), kind: 'test', payup: { baseUrl: 'https://api.testpayup.co.kr', merchantId: 'docdesk-demo', timeoutMs: 5_000 } };
    const profileFile = path.join(dataDir, 'profile.json');
    writeFileSync(profileFile, JSON.stringify(json));
    const passphrase = 'e2e-testhost-passphrase';
    const setup = await createBackend({ dataDir, env: {}, access: 'read', passphrase });
    try {
      await setup.importProfile(profileFile);
      await setup.useProfile('payup-testhost');
    } finally {
      await setup.close();
    }
    const other = await startWeb({ dataDir, env: { DOCDESK_PASSPHRASE: passphrase } });
    try {
      const p = await newPage(browser);
      await p.goto(`${other.url}`);
      await p.getByTestId('nav-payup').click();
      const banner = p.getByTestId('payup-test-host-warning');
      await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
      expect(await banner.getAttribute('role')).toBe('alert');
      expect(await banner.textContent()).toContain('실제 카카오페이 결제');
      expect(await p.getByTestId('payup-endpoint').textContent()).toContain('api.testpayup.co.kr');
      const v = await seriousViolations(p);
      expect(v, JSON.stringify(v, null, 1)).toEqual([]);
      await p.close();
    } finally {
      await other.stop();
    }
  });
});
