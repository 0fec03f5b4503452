// Browser end-to-end (issue 14 §5, §7): on a day with ~500,000 documents already accepted (synthetic sandbox
// documents, main/documents/synthetic.ts), the import wizard's confirm step shows the pre-review form of seed 001
// §2.1 filled in — copyable, saved as .xlsx, with the operator's date or period — and the send waits for the
// decision, which lands in the audit log; the mailings list's send asks the same. The uploaded list is gone once
// imported. Settings: the institution's name, and the clean-up of exports/ with a confirmation.
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { createBackend } from '../../main/app/backend.ts';
import { seoulDayStart } from '../../main/documents/format.ts';
import { writeSampleRecipientList, type SampleListSummary } from '../../main/imports/sample-list.ts';
import { preReviewFormSchema } from '../../shared/domain/mailing.ts';
import { PRE_REVIEW_FIELDS, preReviewFormText } from '../../shared/domain/pre-review.ts';
import { uploadPath } from '../helpers/test-backend.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

const SYNTHETIC = 530_000;
const DAY_MS = 86_400_000;
const seoulDate = (t: number) => new Date(t + 9 * 3_600_000).toISOString().slice(0, 10);

let dataDir: string;
let tmp: string;
let web: WebApp;
let browser: Browser;
let page: Page;
let list: SampleListSummary;
let acceptedToday = 0;
const pageErrors: string[] = [];

type Api = Record<string, ((input: unknown) => Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>) | undefined>;
/** A contract call through the page's own window.docdesk (the same bridge the screens use). */
async function api(channel: string, input: unknown): Promise<unknown> {
  return page.evaluate(
    async ([c, i]) => {
      const r = await (window as unknown as { docdesk: Api }).docdesk[c as string]?.(i);
      if (!r?.ok) throw new Error(r?.error?.message ?? `${String(c)} failed`);
      return r.value;
    },
    [channel, input] as const,
  );
}
async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}
type AuditPage = { rows: { ev: string; record: { data: Record<string, unknown> } | null }[] };
/** The operator's pre-review decisions in the audit log (not the form's export events, which share the prefix). */
async function decisions(): Promise<Record<string, unknown>[]> {
  const found = (await api('audit:events', { ev: 'op.mailing.pre_review', limit: 50 })) as AuditPage;
  return found.rows.filter((r) => r.ev === 'op.mailing.pre_review').map((r) => r.record?.data ?? {});
}
const uploads = () => {
  try {
    return readdirSync(path.join(dataDir, 'uploads'));
  } catch {
    return [];
  }
};

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-prereview-list-'));
  list = await writeSampleRecipientList(path.join(tmp, '3월 관리비 명단.xlsx'), { rows: 200, seed: 5 });
  // The morning's sends, accepted today: synthetic documents in one mailing, all within the last hour (shifted past
  // 01:00 Seoul time so none fall on yesterday).
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-prereview-'));
  const b = await createBackend({ dataDir, env: {} });
  try {
    const now = Math.max(Date.now(), seoulDayStart(Date.now()) + 3_600_000 + 60_000);
    await b.documents.insertSynthetic({ documents: SYNTHETIC, perMailing: SYNTHETIC, now });
    acceptedToday = (await b.documents.dashboard(now)).today.accepted;
  } finally {
    await b.close();
  }
  web = await startWeb({ dataDir });
  browser = await launchBrowser();
  page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(web.url).origin });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(web.url);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('the pre-review form in the app', () => {
  it('the wizard shows the filled form for a day over the line; copy, .xlsx, period; the send waits for the decision', { timeout: 300_000 }, async () => {
    expect(acceptedToday).toBeGreaterThan(495_000);
    await page.getByTestId('nav-import').click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByText('파일 고르기').click()]);
    await chooser.setFiles(list.filePath);
    await expect.poll(() => page.getByTestId('sheet-select').locator('option').allTextContents(), { timeout: 30_000 }).toContain(list.sheet);
    await page.getByTestId('sheet-select').selectOption(list.sheet);
    await page.getByTestId('wizard-next').click();
    await page.getByTestId('defaults-title').fill('3월 관리비 고지서');
    await page.getByTestId('defaults-link').fill('https://docdesk.example/bill/2026-03');
    await page.getByTestId('defaults-csNumber').fill('02-123-4567');
    await page.getByTestId('defaults-csName').fill('관리사무소');
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.getByTestId('map-name').inputValue(), { timeout: 30_000 }).toBe('B');
    await page.getByTestId('wizard-next').click();
    await expect.poll(() => page.getByTestId('report-summary').count(), { timeout: 30_000 }).toBe(1);
    await page.getByTestId('exclude-invalid').check();
    await page.getByTestId('wizard-next').click();
    const valid = list.rows - Object.values(list.invalid).flat().length;
    await expect.poll(() => page.getByTestId('confirm-count').textContent()).toBe(String(valid));

    // The form, filled in by the backend: field 1 is not set yet and says where to set it.
    const panel = page.getByTestId('pre-review');
    await panel.waitFor({ timeout: 30_000 });
    const field = (key: string) => panel.locator(`dd[data-field="${key}"]`).textContent();
    await expect.poll(() => field('dailyCount')).toBe(`${(acceptedToday + valid).toLocaleString('en-US')}건`);
    expect(await field('institutionName')).toBe('(미설정)');
    expect(await panel.getByTestId('pre-review-no-institution').count()).toBe(1);
    expect(await field('purpose')).toBe('3월 관리비 명단');
    expect(await field('plannedDates')).toBe(seoulDate(Date.now()));
    const rate = ((await api('profiles:show', { name: 'sandbox' })) as { docsgw: { rateLimitPerSec: number } }).docsgw.rateLimitPerSec;
    expect(await field('expectedTps')).toBe(`${(rate * 100).toLocaleString('en-US')} (문서 기준: 초당 요청 ${rate.toLocaleString('en-US')}건 × 요청당 최대 100건)`);
    expect(await panel.locator('dt').allTextContents()).toEqual(PRE_REVIEW_FIELDS.map((f, i) => `${i + 1}. ${f.ko}`));
    expect(await page.getByTestId('confirm-send').isDisabled()).toBe(true);

    // The operator plans a period from tomorrow and words the purpose; the form follows.
    const tomorrow = seoulDate(Date.now() + DAY_MS);
    const later = seoulDate(Date.now() + 3 * DAY_MS);
    await panel.getByTestId('pre-review-date').fill(tomorrow);
    await panel.getByTestId('pre-review-until').fill(later);
    await panel.getByTestId('pre-review-purpose').fill('3월 관리비 고지서 발송');
    await expect.poll(() => field('plannedDates')).toBe(`${tomorrow} ~ ${later}`);
    await expect.poll(() => field('purpose')).toBe('3월 관리비 고지서 발송');
    const request = { newDocuments: valid, name: '3월 관리비 명단', date: tomorrow, until: later, purpose: '3월 관리비 고지서 발송' };
    const review = preReviewFormSchema.parse(await api('mailing:preReview', request));

    // Copy: the clipboard holds the same text as `docdesk mail pre-review` prints.
    await panel.getByTestId('pre-review-copy').click();
    await expect.poll(() => panel.getByRole('status').allTextContents()).toContain('양식을 복사했습니다. 메일에 붙여 넣으세요.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(preReviewFormText(review));

    // .xlsx: one sheet, the seed's field names in the seed's order; the screen says where it was written.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByTestId('pre-review-xlsx').click()]);
    const saved = path.join(tmp, 'form.xlsx');
    await download.saveAs(saved);
    const wb = XLSX.read(readFileSync(saved), { dense: true });
    expect(wb.SheetNames).toHaveLength(1);
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0] ?? ''] ?? {}, { header: 1 });
    expect(rows.slice(1).map((r) => r[0])).toEqual(PRE_REVIEW_FIELDS.map((f) => f.ko));
    expect(rows[2]?.[1]).toBe(`${tomorrow} ~ ${later}`);
    expect(rows[3]?.[1]).toBe(review.form.dailyCount);
    await expect.poll(() => panel.getByTestId('pre-review-file-path').textContent()).toContain(path.join(dataDir, 'exports', '사전검토요청-'));

    await panel.getByTestId('pre-review-form-sent').check();
    await expect.poll(() => page.getByTestId('confirm-send').isDisabled()).toBe(false);
    await screenshot(page, 'pre-review-form');
    await expectAccessible(page);

    await page.getByTestId('confirm-send').click();
    await page.getByTestId('go-mailings').waitFor({ timeout: 60_000 });
    // The uploaded list is gone: the mailing holds it, encrypted.
    expect(uploads()).toEqual([]);
    await expect.poll(async () => (await decisions()).length, { timeout: 30_000 }).toBe(1);
    expect((await decisions())[0]).toMatchObject({ decision: 'form-sent', plannedDates: `${tomorrow} ~ ${later}`, purpose: '3월 관리비 고지서 발송', institutionName: '' });
  });

  it('settings take the institution name; the mailings list asks for the decision before sending', { timeout: 300_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('institution-name').fill('한빛관리사무소');
    await page.getByTestId('institution-save').click();
    await expect.poll(() => page.getByTestId('institution').getByRole('status').count()).toBe(1);

    // A list imported to send later (through the page's own contract, as the wizard's "save only" does).
    const second = await writeSampleRecipientList(uploadPath(dataDir, 'later.xlsx'), { rows: 50, seed: 9 });
    const imported = (await api('mailing:import', {
      filePath: second.filePath,
      name: '4월 안내문',
      defaults: { title: '4월 안내문', link: 'https://docdesk.example/n/4', csNumber: '02-123-4567', csName: '관리사무소' },
    })) as { mailingId: string };
    expect(uploads()).toEqual([]);

    await page.getByTestId('nav-mailings').click();
    const target = page.locator(`[data-testid="mailing-row"][data-mailing-id="${imported.mailingId}"]`);
    await target.getByTestId('mailing-send').click();
    const dialog = page.getByTestId('pre-review-dialog');
    await dialog.getByTestId('pre-review-form').waitFor({ timeout: 30_000 });
    await expect.poll(() => dialog.locator('dd[data-field="institutionName"]').textContent()).toBe('한빛관리사무소');
    expect(await dialog.getByTestId('pre-review-send').isDisabled()).toBe(true);
    await expectAccessible(page);
    await dialog.getByTestId('pre-review-proceed').check();
    await dialog.getByTestId('pre-review-send').click();
    await expect.poll(() => target.getAttribute('data-state'), { timeout: 120_000, interval: 250 }).toBe('SENT');
    const made = await decisions();
    expect(made.map((d) => d['decision']).sort()).toEqual(['form-sent', 'proceed']);
    expect(made.find((d) => d['decision'] === 'proceed')).toMatchObject({ subject: imported.mailingId, institutionName: '한빛관리사무소', purpose: '4월 안내문' });
  });

  it('settings list exports with sizes and dates and delete chosen or old ones after a confirmation', { timeout: 120_000 }, async () => {
    const old = path.join(dataDir, 'exports', '지난달-결과.xlsx');
    writeFileSync(old, 'x'.repeat(2048));
    const longAgo = new Date(Date.now() - 40 * DAY_MS);
    utimesSync(old, longAgo, longAgo);
    await page.getByTestId('nav-settings').click();
    const section = page.getByTestId('exports-cleanup');
    await section.scrollIntoViewIfNeeded();
    const names = () => section.getByTestId('exports-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''));
    await expect.poll(names, { timeout: 15_000 }).toContain('지난달-결과.xlsx');
    const form = (await names()).find((n) => n.startsWith('사전검토요청-'));
    expect(form).toBeDefined();
    expect(await section.getByTestId('exports-row').filter({ hasText: '지난달-결과.xlsx' }).textContent()).toContain('2 KB');
    await screenshot(page, 'settings-exports');
    await expectAccessible(page);

    // Older than 30 days: the confirmation names exactly the old file; cancelling deletes nothing.
    await section.getByTestId('exports-days').fill('30');
    await section.getByTestId('exports-delete-older').click();
    const confirm = page.getByTestId('exports-confirm');
    expect(await confirm.getByTestId('exports-confirm-list').locator('li').allTextContents()).toEqual(['지난달-결과.xlsx']);
    await expectAccessible(page);
    await confirm.getByRole('button', { name: '취소' }).click();
    expect(readdirSync(path.join(dataDir, 'exports'))).toContain('지난달-결과.xlsx');
    await section.getByTestId('exports-delete-older').click();
    await confirm.getByTestId('exports-confirm-delete').click();
    await expect.poll(names).not.toContain('지난달-결과.xlsx');

    // A chosen entry.
    await section.getByRole('checkbox', { name: `${form ?? ''} 선택` }).check();
    await section.getByTestId('exports-delete-selected').click();
    await confirm.getByTestId('exports-confirm-delete').click();
    await expect.poll(names).not.toContain(form);
    expect(readdirSync(path.join(dataDir, 'exports'))).not.toContain(form);
    const audited = (await api('audit:events', { ev: 'op.exports', limit: 10 })) as AuditPage;
    expect(audited.rows.map((e) => e.record?.data['names'])).toEqual(expect.arrayContaining([['지난달-결과.xlsx'], [form]]));
  });

  it('ran without script errors', () => {
    expect(pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
