// Audit screen in real Chromium (issue 4 §7) against `docdesk web --demo` on the embedded sandbox: the demo send
// fills the chain; search and filter its events, verify the whole chain (OK), export an evidence bundle — refused
// without a reason, written under <dataDir>/exports/evidence-… with one — and export again from the document
// drawer, pre-filled with the document. Every state checked with axe-core; screenshots audit.png, audit-export.png.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, seriousViolations, tabStops } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
let tmp: string;
const pageErrors: string[] = [];
const REASON = '수신자 열람 분쟁 민원 2026-1122 대응';

async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

/** Calls the contract from inside the page (window.docdesk, the same carrier the screens use). */
async function invoke<T>(channel: string, input: unknown): Promise<T> {
  const r = await page.evaluate(
    async ([c, i]) => {
      const api = (window as unknown as { docdesk: Record<string, (x: unknown) => Promise<unknown>> }).docdesk;
      const fn = api[c as string];
      if (!fn) throw new Error(`no channel ${String(c)}`);
      return fn(i);
    },
    [channel, input] as const,
  );
  const result = r as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(result.error?.message ?? 'call failed');
  return result.value as T;
}

async function exportEventCount(): Promise<number> {
  return (await invoke<{ total: number }>('audit:events', { ev: 'export.created', limit: 1 })).total;
}

async function dialogOpen(): Promise<boolean> {
  const d = page.getByTestId('export-wizard');
  return (await d.count()) > 0 && (await d.evaluate((el) => (el as HTMLDialogElement).open));
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-audit-'));
  web = await startWeb({ args: ['--demo'], startTimeoutMs: 280_000 });
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

describe('audit screen in Chromium', () => {
  it('lists the demo send in the chain and filters by type, document and text', async () => {
    await page.getByTestId('nav-audit').click();
    const total = page.getByTestId('audit-total');
    await expect.poll(() => total.getAttribute('data-total'), { timeout: 30_000 }).not.toBeNull();
    const all = Number(await total.getAttribute('data-total'));
    expect(all).toBeGreaterThan(3);
    expect(await page.getByTestId('audit-row').count()).toBeGreaterThan(0);

    // Type prefix: only KakaoPay exchanges remain.
    await page.getByTestId('audit-filter-ev').selectOption('net.');
    await page.getByTestId('audit-search').click();
    await expect.poll(async () => Number(await total.getAttribute('data-total')), { timeout: 15_000 }).toBeLessThan(all);
    const types = await page.getByTestId('audit-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ev') ?? ''));
    expect(types.length).toBeGreaterThan(0);
    expect(types.every((ev) => ev.startsWith('net.'))).toBe(true);

    // Document: the events of one accepted document of the demo mailing.
    const docs = await invoke<{ rows: { externalDocumentUuid: string | null; state: string }[] }>('documents:query', { limit: 50 });
    const ext = docs.rows.find((d) => d.state === 'ACCEPTED' && d.externalDocumentUuid)?.externalDocumentUuid;
    expect(ext).toBeTruthy();
    await page.getByTestId('audit-clear').click();
    await page.getByTestId('audit-filter-document').fill(ext ?? '');
    await page.getByTestId('audit-search').click();
    // Poll for the filtered answer itself: the unfiltered total left by "clear" is also > 0.
    await expect
      .poll(async () => {
        const n = Number(await total.getAttribute('data-total'));
        return n > 0 && n < all;
      }, { timeout: 15_000 })
      .toBe(true);

    // A filter that matches nothing shows the empty state, not an empty table.
    await page.getByTestId('audit-clear').click();
    await page.getByTestId('audit-filter-text').fill('no-such-text-7d1c0b');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-events').locator('.empty').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('audit-table').count()).toBe(0);

    // A malformed phone number is refused in the form, in Korean.
    await page.getByTestId('audit-clear').click();
    await page.getByTestId('audit-filter-phone').fill('010-12');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-events').getByRole('alert').textContent()).toContain('휴대폰 번호');
    await page.getByTestId('audit-clear').click();
    await expect.poll(async () => Number(await total.getAttribute('data-total')), { timeout: 15_000 }).toBeGreaterThanOrEqual(all);
  });

  it('verifies the whole chain and shows the key fingerprint and retention', async () => {
    await page.getByTestId('audit-verify-run').click();
    const result = page.getByTestId('audit-verify-result');
    await expect.poll(() => result.count(), { timeout: 120_000 }).toBe(1);
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain('검증 통과');
    expect((await page.getByTestId('audit-fingerprint').textContent())?.trim()).toMatch(/^[0-9a-zA-Z:+/=_-]{16,}$/);
    expect(await page.getByTestId('audit-retention').textContent()).toContain('730일');
    expect(await page.getByTestId('audit-anchor').textContent()).toContain('지정 안 함');
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      document.getElementById('main')?.scrollTo(0, 0);
    });
    await screenshot(page, 'audit');
    await expectAccessible(page);
  });

  it('every audit action is reachable with the keyboard', async () => {
    await page.getByRole('heading', { level: 1 }).click();
    await page.getByTestId('nav-audit').focus();
    const stops = await tabStops(page, 30);
    for (const id of ['audit-export-open', 'audit-verify-run', 'audit-filter-ev', 'audit-filter-document', 'audit-search']) expect(stops).toContain(id);
  });

  it('refuses an export without a reason, then writes the bundle with one', async () => {
    const docs = await invoke<{ rows: { externalDocumentUuid: string | null; state: string }[] }>('documents:query', { limit: 50 });
    const ext = docs.rows.find((d) => d.state === 'ACCEPTED' && d.externalDocumentUuid)?.externalDocumentUuid ?? '';
    const before = await exportEventCount();

    await page.getByTestId('audit-export-open').click();
    await expect.poll(dialogOpen).toBe(true);
    // No document: stays on the first step with a Korean message.
    await page.getByTestId('export-next').click();
    await expect.poll(() => page.getByTestId('export-wizard').getByRole('alert').textContent()).toContain('문서 ID');
    await page.getByTestId('export-document').fill(ext);
    await page.getByTestId('export-next').click();
    await expect.poll(() => page.getByTestId('export-subject').textContent()).toContain(ext);

    // Without a reason (and with a one-letter one) nothing is exported.
    await page.getByTestId('export-run').click();
    await expect.poll(() => page.getByTestId('export-reason-error').count()).toBe(1);
    expect(await page.getByTestId('export-reason-error').textContent()).toContain('사유');
    await page.getByTestId('export-reason').fill(' 가 ');
    await page.getByTestId('export-run').click();
    await expect.poll(() => page.getByTestId('export-reason-error').count()).toBe(1);
    expect(await page.getByTestId('export-result').count()).toBe(0);
    expect(await exportEventCount()).toBe(before);
    // The backend refuses it too, whatever the screen does.
    await expect(invoke('audit:export', { subject: { kind: 'document', ref: ext }, reason: ' ' })).rejects.toThrow();
    expect(await exportEventCount()).toBe(before);

    await page.getByTestId('export-reason').fill(REASON);
    await expectAccessible(page);
    await page.getByTestId('export-run').click();
    const outDir = page.getByTestId('export-outdir');
    await expect.poll(() => outDir.count(), { timeout: 120_000 }).toBe(1);
    const dir = (await outDir.textContent())?.trim() ?? '';
    expect(dir.startsWith(path.join(web.dataDir, 'exports', 'evidence-'))).toBe(true);
    for (const f of ['events.jsonl', 'SHA256SUMS', 'VERIFY.md', 'report.html', 'report.xlsx', 'public-key.pem']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(await page.getByTestId('export-counts').textContent()).toMatch(/공개한 기록 [1-9]/);
    expect(await exportEventCount()).toBe(before + 1);
    await screenshot(page, 'audit-export');
    await expectAccessible(page);

    // The report downloads through the bridge.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report-html').click()]);
    const saved = path.join(tmp, 'report.html');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8')).toBe(readFileSync(path.join(dir, 'report.html'), 'utf8'));

    await page.getByTestId('export-close').click();
    await expect.poll(dialogOpen).toBe(false);
    // The export is an audit event with its reason, and a checkpoint was signed before it.
    await page.getByTestId('audit-filter-ev').selectOption('export.');
    await page.getByTestId('audit-search').click();
    await expect.poll(() => page.getByTestId('audit-table').textContent(), { timeout: 15_000 }).toContain(REASON);
    await expect.poll(() => page.getByTestId('audit-checkpoint').count(), { timeout: 15_000 }).toBeGreaterThan(0);
  });

  it('exports from the document drawer, pre-filled with the document', async () => {
    await page.getByTestId('nav-documents').click();
    const first = page.getByTestId('grid-row').first();
    await expect.poll(() => first.count(), { timeout: 30_000 }).toBe(1);
    await first.click();
    const drawer = page.getByTestId('document-drawer');
    await expect.poll(() => drawer.count()).toBe(1);
    const ext = (await drawer.locator('dd.mono').first().textContent())?.trim() ?? '';
    expect(ext.length).toBeGreaterThan(5);
    // The drawer's reading-evidence section answers from the audit chain (empty here: nobody opened the document).
    const evidence = drawer.getByTestId('drawer-evidence-events');
    await expect.poll(() => evidence.count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => ((await evidence.textContent()) ?? '').length, { timeout: 30_000 }).toBeGreaterThan(10);
    const before = await exportEventCount();

    await drawer.getByTestId('drawer-export').click();
    await expect.poll(dialogOpen).toBe(true);
    expect(await page.getByTestId('export-document').inputValue()).toBe(ext);
    await page.getByTestId('export-next').click();
    await page.getByTestId('export-run').click();
    await expect.poll(() => page.getByTestId('export-reason-error').count()).toBe(1);
    await page.getByTestId('export-reason').fill('열람 여부 확인 요청 (고객센터 접수)');
    await page.getByTestId('export-run').click();
    await expect.poll(() => page.getByTestId('export-outdir').count(), { timeout: 120_000 }).toBe(1);
    expect(await exportEventCount()).toBe(before + 1);
    await expectAccessible(page);

    // Escape closes the wizard only; a second Escape closes the drawer.
    await page.keyboard.press('Escape');
    // Seconds, not the poll's default one: once the wizard took longer than that to close in a full CI run.
    await expect.poll(dialogOpen, { timeout: 10_000 }).toBe(false);
    expect(await drawer.count()).toBe(1);
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });

  it('ran under the strict CSP without script errors', () => {
    expect(pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
