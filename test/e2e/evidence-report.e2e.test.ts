// The evidence of a READ document, from the document drawer to paper (issue 17 item 3), in real Chromium: `docdesk
// demo` sends on the embedded sandbox, whose simulated recipients read through the reference landing page (OTT verify,
// confirmation, rendering, read-status — what makes a document READ); `docdesk web` on that folder; the drawer's
// evidence export writes the bundle with report.pdf (printed by the machine's Chromium) and offers it for download;
// the bundle's report.html, opened in the browser, shows 열람 at KakaoPay's own doc_box_read_at (KST, from the
// disclosed slice) and the landing events, and prints (page.pdf) with its Korean text; the bundle verifies with
// verify.py and with verify-bundle's checks. Screenshot evidence-report.png.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sliceLineSchema } from '../../main/audit/bundle/bundle-format.ts';
import { gatewayKst } from '../../main/audit/bundle/document-story.ts';
import { verifyBoth } from '../helpers/bundle-verdicts.ts';
import { runCli } from '../helpers/cli.ts';
import { missingCharacters, pdfFacts } from '../helpers/pdf-facts.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
let tmp: string;
let doc: { ext: string; binder: string };
let bundle: string;
const pageErrors: string[] = [];

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

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-evidence-'));
  const dataDir = path.join(tmp, 'data');
  const demo = await runCli(['--data-dir', dataDir, '--json', 'demo', '--rows', '40']);
  expect(demo.json['final'], demo.stderr).toBe(true);
  expect((demo.json['landing'] as { opened: number } | null)?.opened, 'recipients read through the landing page').toBeGreaterThan(0);
  web = await startWeb({ dataDir });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(web.url);
  const rows = await invoke<{ rows: { externalDocumentUuid: string | null; documentBinderUuid: string | null }[] }>('documents:query', { docBoxStatuses: ['READ'], limit: 1 });
  const first = rows.rows[0];
  if (!first?.externalDocumentUuid || !first.documentBinderUuid) throw new Error('no document of the demo was read');
  doc = { ext: first.externalDocumentUuid, binder: first.documentBinderUuid };
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('evidence of a READ document, in Chromium', () => {
  it('exports from the document drawer, with report.pdf offered for download', async () => {
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('grid-search').fill(doc.ext);
    const row = page.getByTestId('grid-row').first();
    // The search by the full external id leaves this one document.
    await expect.poll(() => page.getByTestId('grid-row').count(), { timeout: 30_000 }).toBe(1);
    await row.click();
    const drawer = page.getByTestId('document-drawer');
    await expect.poll(() => drawer.count()).toBe(1);
    await drawer.getByTestId('drawer-export').click();
    expect(await page.getByTestId('export-document').inputValue()).toBe(doc.ext);
    await page.getByTestId('export-next').click();
    await page.getByTestId('export-reason').fill('수신자 열람 부인 민원 확인');
    await page.getByTestId('export-run').click();
    const outDir = page.getByTestId('export-outdir');
    await expect.poll(() => outDir.count(), { timeout: 120_000 }).toBe(1);
    bundle = (await outDir.textContent())?.trim() ?? '';
    expect(bundle.startsWith(path.join(web.dataDir, 'exports', 'evidence-'))).toBe(true);
    expect(await page.getByTestId('export-no-pdf').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report-pdf').click()]);
    const saved = path.join(tmp, 'report.pdf');
    await download.saveAs(saved);
    expect(readFileSync(saved).equals(readFileSync(path.join(bundle, 'report.pdf')))).toBe(true);
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('report.html shows 열람 at KakaoPay’s own time from the disclosed slice, then the landing events', async () => {
    const slices = readFileSync(path.join(bundle, 'slices.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(sliceLineSchema.parse(JSON.parse(l)).slice) as { response: { status_data?: { doc_box_status: string; doc_box_read_at?: number } } | null });
    const readAt = slices.map((s) => s.response?.status_data?.doc_box_read_at).find((t) => t !== undefined);
    if (readAt === undefined) throw new Error('no disclosed status answer with doc_box_read_at');
    await page.goto(pathToFileURL(path.join(bundle, 'report.html')).href);
    const read = page.locator('.story tr', { hasText: '열람 처리(read-status) 성공' });
    expect(await read.count()).toBe(1);
    expect(await read.locator('td').nth(1).textContent()).toBe(gatewayKst(readAt));
    expect(await read.locator('td').nth(2).textContent()).toBe('열람');
    for (const step of ['발송 요청', '접수', '발송', '수신']) expect(await page.locator('.story td:nth-child(3)', { hasText: new RegExp(`^${step}$`) }).count(), step).toBeGreaterThan(0);
    const body = (await page.locator('body').textContent()) ?? '';
    expect(body).toContain(`바인더 ${doc.binder}`);
    expect(body).toContain('NON-AUTHORITATIVE');
    for (const landing of ['토큰(OTT) 검증 결과', '수신자 페이지 진입 확인', '열람 처리(read-status) 결과']) expect(body).toContain(landing);
    // The story comes before the audit records.
    expect(body.indexOf('열람 처리(read-status) 성공')).toBeLessThan(body.indexOf('열람 처리(read-status) 결과'));
    await screenshot(page, 'evidence-report');

    const printed = await page.pdf({ format: 'A4', preferCSSPageSize: true });
    const facts = pdfFacts(printed);
    expect(facts.pages).toBeGreaterThanOrEqual(1);
    expect(missingCharacters(facts, `열람 ${gatewayKst(readAt)} 비권위적 참고용 보기(NON-AUTHORITATIVE) 수신자 페이지 진입 확인`)).toEqual([]);
  });

  it('the bundle’s report.pdf has pages and Korean text, and the bundle verifies with verify.py and verify-bundle', async () => {
    const pdf = pdfFacts(readFileSync(path.join(bundle, 'report.pdf')));
    expect(pdf.pages).toBeGreaterThanOrEqual(1);
    expect(pdf.textStreams).toBeGreaterThanOrEqual(pdf.pages);
    expect(missingCharacters(pdf, '열람 비권위적 참고용 보기 수신자 페이지 진입 확인')).toEqual([]);
    expect(readFileSync(path.join(bundle, 'SHA256SUMS'), 'utf8')).toMatch(/ {2}report\.pdf$/m);
    expect(existsSync(path.join(bundle, 'verify.py'))).toBe(true);
    const v = await verifyBoth(bundle);
    expect(v.python.status, v.python.stdout).toBe(0);
    expect(v.python.stdout).toMatch(/공개 조각 [1-9]\d*개 확인/);
    expect(v.inProcess.problems).toEqual([]);
  });

  it('ran under the strict CSP without script errors', () => {
    expect(pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
