// The status grid over 500,000 documents opens and scrolls (issue 3 "What it must show"): the data folder is
// seeded by `docdesk web --demo-documents 500000` (synthetic sandbox documents, main/documents/synthetic.ts);
// only the rows on screen are rendered and fetched. Figures for speed are in test/bench/grid-ui.bench.ts.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

const DOCUMENTS = 500_000;
let web: WebApp;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  // Seeding takes about a minute on an idle 2-core machine, several when the machine is busy.
  web = await startWeb({ args: ['--demo-documents', String(DOCUMENTS)], startTimeoutMs: 600_000 });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(web.url);
}, 660_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

let all = 0;
const total = async (p: Page) => Number((await p.getByTestId('grid-total').textContent())?.replace(/\D/g, '') ?? '0');

describe('status grid at 500,000 documents', () => {
  it('opens with the total and the first rows', async () => {
    await page.getByTestId('nav-documents').click();
    // 500,000 synthetic documents plus the small demo mailing `--demo-documents` also sends.
    await expect.poll(() => total(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(DOCUMENTS);
    all = await total(page);
    await expect.poll(() => page.getByTestId('grid-row').count(), { timeout: 30_000 }).toBeGreaterThan(10);
    // Only the rows on screen are in the DOM, not 500,000.
    expect(await page.locator('[role="row"]').count()).toBeLessThan(200);
    await screenshot(page, 'documents');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);
  });

  it('scrolls to the middle and to the end and shows those rows', async () => {
    const grid = page.getByTestId('grid');
    for (const fraction of [0.5, 1]) {
      await grid.evaluate((el, f) => {
        el.scrollTop = (el.scrollHeight - el.clientHeight) * f;
      }, fraction);
      await expect
        .poll(
          async () => {
            const ids = await page.getByTestId('grid-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-doc-id'))));
            return ids.length > 0 ? Math.max(...ids) : 0;
          },
          { timeout: 30_000 },
        )
        .toBeGreaterThan(DOCUMENTS * fraction * 0.9);
    }
    // The keyboard reaches the very first row again (Home) and opens it (Enter).
    await grid.focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('[data-testid="grid-row"][data-doc-id="1"]').count(), { timeout: 30_000 }).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('document-drawer').count()).toBe(1);
    await page.keyboard.press('Escape');
  });

  it('filters by state and sorts on the server', async () => {
    await page.getByTestId('quick-REJECTED').click();
    await expect.poll(() => total(page), { timeout: 30_000 }).toBeLessThan(DOCUMENTS * 0.05);
    expect(await total(page)).toBeGreaterThan(0);
    const states = await page.getByTestId('grid-row').evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    for (const s of states) expect(s).toContain('거절됨');
    await page.getByTestId('quick-REJECTED').click();
    await page.getByTestId('sort-id').click();
    await expect.poll(async () => page.getByTestId('grid-row').first().getAttribute('data-doc-id'), { timeout: 30_000 }).toBe(String(all));
    expect(pageErrors).toEqual([]);
  });
});
