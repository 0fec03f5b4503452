// Deadlines, the next channel and "look, don't read" (issue 14 items 2 and 9) in real Chromium against `docdesk
// web` on the embedded sandbox, whose clock runs 172,800× (a 1-day read deadline passes in half a second):
// the mailings list shows each mailing's way to its deadline; the follow-up view lists a mailing past its
// deadline (and, by day count, one before it) and downloads exactly its unread and failed recipients; the
// dashboard draws the funnel and the read rates as charts with tables behind them and the deadline marked; the
// KCP batch asks about unconfirmed banks with a button, not a command-line flag.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { sandboxPhoneNumber, type SandboxBehaviour } from '../../main/sandbox/docsgw/recipients.ts';
import { uploadPath } from '../helpers/test-backend.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

type Result = { ok: boolean; value?: unknown; error?: { code: string; message: string } };
type Api = Record<string, (input: unknown) => Promise<Result>>;
type GridRow = { externalDocumentUuid: string | null; state: string; docBoxStatus: string | null };

let tmp: string;
let dataDir: string;
let web: WebApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];
let pastDeadline = '';
let beforeDeadline = '';

async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

/** A contract call through the page's own window.docdesk (the bridge the screens use). */
async function api<T>(channel: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([c, i]) => {
      const fn = (window as unknown as { docdesk: Api }).docdesk[c as string];
      if (!fn) throw new Error(`no channel ${String(c)}`);
      return fn(i);
    },
    [channel, input] as const,
  );
  if (!r.ok) throw new Error(`${channel}: ${r.error?.code} ${r.error?.message}`);
  return r.value as T;
}

function writeList(name: string, plan: [SandboxBehaviour, number][], offset: number): string {
  const lines = ['성명,휴대폰번호,생년월일'];
  let k = offset;
  for (const [behaviour, n] of plan) for (let i = 0; i < n; i++, k++) lines.push(`수신자${k},${sandboxPhoneNumber(behaviour, k)},1985010${1 + (k % 9)}`);
  const file = uploadPath(dataDir, name);
  writeFileSync(file, lines.join('\n'));
  return file;
}

async function importAndSend(file: string, name: string, expiresInDays: number): Promise<string> {
  const r = await api<{ mailingId: string }>('mailing:import', { filePath: file, name, defaults: { title: name, link: 'https://docdesk.example/notice', csNumber: '02-123-4567', csName: '관리사무소', expiresInDays } });
  await api('mailing:send', { mailingId: r.mailingId });
  return r.mailingId;
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-followup-'));
  dataDir = path.join(tmp, 'data');
  web = await startWeb({ dataDir });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(web.url);
  await page.getByTestId('profile-badge').waitFor();

  pastDeadline = await importAndSend(
    writeList('관리비.csv', [['accepted', 24], ['notFound', 2], ['forbidden', 2], ['neverRead', 2], ['neverMember', 1]], 0),
    '3월 관리비 고지',
    1,
  );
  // Two recipients who never read: unread before the deadline however much virtual time a slow machine lets pass
  // (the others read within the sandbox's first virtual days).
  beforeDeadline = await importAndSend(writeList('안내.csv', [['accepted', 2], ['neverRead', 2], ['notFound', 1]], 100), '4월 안내문', 1000);
  // Status polling until every accepted document of the first mailing is final (the tracker's job in the app).
  const until = Date.now() + 120_000;
  while ((await api<{ remaining: number }>('mailing:poll', { mailingId: pastDeadline })).remaining > 0) {
    if (Date.now() > until) throw new Error('documents did not reach a final status in time');
    await new Promise((r) => setTimeout(r, 1_000));
  }
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('deadlines and the next channel', () => {
  it('the mailings list shows each mailing on its way to the read deadline', async () => {
    await page.getByTestId('nav-mailings').click();
    const past = page.locator(`[data-mailing-id="${pastDeadline}"]`).getByTestId('mailing-deadline');
    await expect.poll(() => past.getAttribute('data-passed'), { timeout: 30_000 }).toBe('true');
    expect(await past.textContent()).toContain('기한 지남');
    const before = page.locator(`[data-mailing-id="${beforeDeadline}"]`).getByTestId('mailing-deadline');
    await expect.poll(() => before.getAttribute('data-passed')).toBe('false');
    expect(await before.textContent()).toContain('남음');
    expect(Number(await before.getAttribute('data-elapsed'))).toBeLessThan(100);
    expect(await page.locator(`[data-mailing-id="${pastDeadline}"]`).getByTestId('mailing-followup-link').textContent()).toContain('후속 조치');
    await screenshot(page, 'mailings-deadline');
    await expectAccessible(page);
  });

  it('the follow-up view lists the mailing past its deadline and downloads exactly its unread and failed recipients', async () => {
    await page.getByTestId('mailing-followup-link').first().click();
    const row = page.locator(`[data-testid="followup-row"][data-mailing-id="${pastDeadline}"]`);
    await expect.poll(() => row.count(), { timeout: 30_000 }).toBe(1);
    // Before its deadline the second mailing is not due; by the institution's own day count it is.
    expect(await page.locator(`[data-testid="followup-row"][data-mailing-id="${beforeDeadline}"]`).count()).toBe(0);
    expect(await row.getByTestId('followup-unread').textContent()).toBe('0');

    // The truth to compare with: the status grid's rows of the mailing, refused or not read.
    const grid = await api<{ rows: GridRow[] }>('documents:query', { mailingId: pastDeadline, limit: 500 });
    const expected = new Set(grid.rows.filter((r) => r.state === 'REJECTED' || (r.state === 'ACCEPTED' && r.docBoxStatus !== 'READ')).map((r) => r.externalDocumentUuid));
    expect(expected.size).toBeGreaterThanOrEqual(7); // 2 NOT_FOUND, 2 FORBIDDEN, 2 never read, 1 never a member, at least
    expect(await row.getByTestId('followup-failed').textContent()).toBe(String(expected.size));
    await screenshot(page, 'follow-up');
    await expectAccessible(page);

    await row.getByTestId('followup-export').click();
    const dialog = page.getByTestId('followup-dialog');
    await expect.poll(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    // A reason is required; nothing is written without one.
    await page.getByTestId('followup-export-confirm').click();
    expect(await dialog.locator('.field-error').count()).toBe(1);
    await expectAccessible(page);
    await page.getByTestId('followup-reason').fill('1일 미열람 → 우편 발송');
    await page.getByTestId('followup-export-confirm').click();
    await expect.poll(() => page.getByTestId('followup-result').getAttribute('data-rows'), { timeout: 30_000 }).toBe(String(expected.size));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('followup-download').click()]);
    const saved = path.join(tmp, 'follow-up.xlsx');
    await download.saveAs(saved);
    const wb = XLSX.read(readFileSync(saved), { dense: true });
    const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0] ?? ''] ?? {}, { header: 1 });
    const header = (aoa[0] ?? []).map(String);
    const ext = header.indexOf('외부 문서 ID');
    const phone = header.indexOf('휴대폰 번호');
    const reason = header.indexOf('사유');
    const rows = aoa.slice(1);
    expect(new Set(rows.map((r) => String(r[ext])))).toEqual(expected);
    // Unmasked for the next channel, with the reason in Korean.
    expect(rows.map((r) => String(r[phone]))).toEqual(expect.arrayContaining([sandboxPhoneNumber('notFound', 24), sandboxPhoneNumber('neverMember', 30)]));
    expect(rows.map((r) => String(r[reason]))).toEqual(expect.arrayContaining(['카카오페이 회원 아님(NOT_FOUND)', '수신거부(FORBIDDEN)', '만료(기한 안에 열람하지 않음)']));
    await page.keyboard.press('Escape');

    // The export and its reason are in the audit log.
    const events = await api<{ rows: { record?: { data: Record<string, unknown> } }[] }>('audit:events', { ev: 'op.mailing.follow_up_export', limit: 10 });
    expect(events.rows.map((e) => e.record?.data['reason'])).toContain('1일 미열람 → 우편 발송');

    await page.getByTestId('followup-mode-days').check();
    await page.getByTestId('followup-days').fill('0');
    await expect.poll(() => page.locator(`[data-testid="followup-row"][data-mailing-id="${beforeDeadline}"]`).count(), { timeout: 30_000 }).toBe(1);
    await expect
      .poll(() => page.locator(`[data-testid="followup-row"][data-mailing-id="${beforeDeadline}"]`).textContent(), { timeout: 30_000 })
      .toContain('기한 전');
    await expectAccessible(page);
  });

  it('the dashboard draws the funnel and the read rates as charts, per day and per mailing, with the deadline marked', async () => {
    await page.getByTestId('nav-dashboard').click();
    const funnel = page.getByTestId('funnel-chart');
    await expect.poll(() => funnel.locator('[data-stage]').count(), { timeout: 30_000 }).toBe(4);
    expect(await funnel.getAttribute('role')).toBe('img');
    expect(await funnel.getAttribute('aria-label')).toContain('문서 흐름');
    expect(await page.getByTestId('read-rate-chart').locator('[data-column]').count()).toBeGreaterThanOrEqual(1);

    const mailing = page.getByTestId('dashboard-mailing');
    await mailing.getByTestId('dashboard-mailing-pick').selectOption(pastDeadline);
    const curve = page.getByTestId('mailing-read-curve');
    await expect.poll(() => curve.getAttribute('aria-label'), { timeout: 30_000 }).toContain('3월 관리비 고지');
    expect(await page.getByTestId('mailing-read-curve-deadline').getAttribute('data-day')).toBe('1');
    expect(await curve.textContent()).toContain('열람 기한');
    // Every chart has its numbers as a table.
    await page.getByTestId('mailing-read-table').locator('summary').click();
    expect(await page.getByTestId('mailing-read-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('mailing-read-table').textContent()).toContain('열람 기한');
    // The read rate per day and the per-mailing charts in one view.
    await page.evaluate(() => document.getElementById('dash-rate')?.scrollIntoView());
    await screenshot(page, 'dashboard-charts');
    await page.getByTestId('read-rate-table').locator('summary').click();
    expect(await page.getByTestId('read-rate-table').locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    await expectAccessible(page);
  });

  it('the KCP batch asks about unconfirmed banks with a button, never with a command-line flag', async () => {
    const file = path.join(tmp, '계좌.csv');
    writeFileSync(file, '은행,계좌번호,예금주\n90,3333-01-1234567,박민수\n92,100012345678,토스\n');
    await page.getByTestId('nav-kcp').click();
    await page.getByTestId('kcp-view-batch').click();
    await page.getByTestId('kcp-file-input').setInputFiles(file);
    await expect.poll(() => page.getByTestId('kcp-batch-tosend').textContent(), { timeout: 60_000 }).toBe('1');
    await page.getByTestId('kcp-batch-start').click();
    await page.getByTestId('kcp-batch-confirm').click();
    const result = page.getByTestId('kcp-batch-result');
    await expect.poll(() => result.count(), { timeout: 60_000 }).toBe(1);
    expect(await result.textContent()).not.toMatch(/--yes|docdesk /);
    await page.getByTestId('kcp-batch-confirm-unconfirmed').click();
    await expect.poll(() => page.getByTestId('kcp-unconfirmed-batch-confirm-dialog').evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await expectAccessible(page);
    await page.getByTestId('kcp-unconfirmed-batch-confirm').click();
    await expect.poll(() => page.getByTestId('kcp-count-INVALID').count(), { timeout: 60_000 }).toBe(0);
    expect(await page.getByTestId('kcp-batch-confirm-unconfirmed').count()).toBe(0);
    expect(await page.getByTestId('kcp-batch-rows').locator('tr[data-testid="kcp-batch-row"]').count()).toBe(2);
  });

  it('ran without page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
