// Landing evidence taken in (issue 14 §6), in real Chromium against `docdesk web --demo` (a real child process on
// the embedded sandbox): the operator sets the landing-events folder in Settings; lines the web host drops into
// it — one written in two parts — appear in the open document drawer's reading evidence with no reload and no
// button; a bad line is listed in Settings by file and line number; the audit screen imports an uploaded .jsonl
// (a bad file is refused by line number, a good one imported). Every state is checked with axe-core; screenshots
// settings-landing-folder.png and document-drawer-evidence.png.
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
let tmp: string;
let folder: string;
const pageErrors: string[] = [];
let doc: { ext: string; binder: string };

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

/** One landing line as the web host's page writes it. */
function event(type: 'ott.verify' | 'page.ack' | 'page.entry' | 'read_status', second: number): string {
  const base = { at: `2026-11-22T01:00:${String(second).padStart(2, '0')}.000+09:00`, document_binder_uuid: doc.binder, external_document_uuid: doc.ext, ip: '211.234.10.20', user_agent: 'KAKAOTALK 10.4.0', host: 'web-1' };
  if (type === 'ott.verify') return JSON.stringify({ ...base, type, token_sha256: 'c'.repeat(64), result: 'USED', http_status: 200 });
  if (type === 'page.ack') return JSON.stringify({ ...base, type, control: 'confirm' });
  if (type === 'page.entry') return JSON.stringify({ ...base, type, content_sha256: 'd'.repeat(64), rendered_at: base.at });
  return JSON.stringify({ ...base, type, http_status: 204, attempt: 1, result: 'OK' });
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-landing-'));
  folder = path.join(tmp, 'landing-share');
  web = await startWeb({ args: ['--demo'], startTimeoutMs: 280_000 });
  browser = await launchBrowser();
  page = await newPage(browser);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(web.url);
  const rows = await invoke<{ rows: { externalDocumentUuid: string | null; documentBinderUuid: string | null }[] }>('documents:query', { states: ['ACCEPTED'], limit: 1 });
  const first = rows.rows[0];
  if (!first?.externalDocumentUuid || !first.documentBinderUuid) throw new Error('the demo mailing has no accepted document');
  doc = { ext: first.externalDocumentUuid, binder: first.documentBinderUuid };
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('landing evidence taken in, in Chromium', () => {
  it('sets the landing-events folder in Settings (a missing folder refused in Korean)', async () => {
    await page.getByTestId('nav-settings').click();
    const card = page.getByTestId('landing-folder-settings');
    await card.scrollIntoViewIfNeeded();
    await page.getByTestId('landing-folder-input').fill(folder);
    await page.getByTestId('landing-folder-save').click();
    await expect.poll(() => card.getByRole('alert').textContent(), { timeout: 15_000 }).toContain('폴더가 없습니다');

    mkdirSync(folder, { recursive: true });
    await page.getByTestId('landing-folder-save').click();
    await expect.poll(() => card.getByRole('status').first().textContent(), { timeout: 15_000 }).toContain(folder);
    await expect.poll(() => page.getByTestId('landing-folder-status').textContent(), { timeout: 15_000 }).toContain('5초마다 확인 중');
    await expectAccessible(page);
    const ops = await invoke<{ total: number }>('audit:events', { ev: 'op.landing.folder', limit: 5 });
    expect(ops.total).toBe(1);
  });

  it('shows lines dropped into the folder in the open drawer as they arrive — a line in two parts once whole', { timeout: 180_000 }, async () => {
    await page.getByTestId('nav-documents').click();
    await page.getByTestId('grid-search').fill(doc.ext);
    const row = page.getByTestId('grid-row').first();
    await expect.poll(async () => (await row.count()) > 0 && ((await row.textContent()) ?? '').length > 0, { timeout: 30_000 }).toBe(true);
    await row.click();
    const drawer = page.getByTestId('document-drawer');
    await expect.poll(() => drawer.count()).toBe(1);
    expect(await drawer.textContent()).toContain(doc.ext);
    const evidence = drawer.getByTestId('drawer-evidence-events');
    await expect.poll(() => evidence.textContent(), { timeout: 30_000 }).toContain('아직 이 문서의 랜딩 페이지 기록이 없습니다');
    const items = evidence.locator('li');

    // The web host is still writing: two whole lines and the start of a third.
    const day = path.join(folder, 'landing-2026-11-22.jsonl');
    const entry = event('page.entry', 3);
    writeFileSync(day, `${event('ott.verify', 1)}\n${event('page.ack', 2)}\n${entry.slice(0, 30)}`);
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(2);
    // The rest of the line and the read-status call: the drawer follows by itself.
    appendFileSync(day, `${entry.slice(30)}\n${event('read_status', 4)}\n`);
    await expect.poll(() => items.count(), { timeout: 60_000 }).toBe(4);
    const text = (await evidence.textContent()) ?? '';
    for (const ev of ['edoc.ott.verify', 'edoc.page.ack', 'edoc.page.entry', 'edoc.read_status']) expect(text).toContain(ev);
    // In words, with where it came from; the visitor's address masked.
    expect(text).toContain('열람 처리(read-status): HTTP 204 · 1회차 · OK');
    expect(text).toContain('IP 211.234.*.* · KAKAOTALK 10.4.0 · 웹 서버 web-1');
    expect(text).not.toContain('211.234.10.20');
    await expectAccessible(page);
    await evidence.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'document-drawer-evidence');

    // Nothing is imported twice, however often the folder is looked at.
    await page.waitForTimeout(6_000);
    expect(await items.count()).toBe(4);
    await page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });

  it('lists a bad line by file and line number in Settings, and keeps importing the rest', { timeout: 120_000 }, async () => {
    appendFileSync(path.join(folder, 'landing-2026-11-22.jsonl'), `{"type":"page.ack"}\n${event('page.ack', 9)}\n`);
    await page.getByTestId('nav-settings').click();
    const errors = page.getByTestId('landing-folder-errors');
    await expect.poll(async () => ((await errors.count()) > 0 ? errors.textContent() : ''), { timeout: 60_000 }).toContain('landing-2026-11-22.jsonl');
    expect(await errors.textContent()).toContain('5행');
    await expect.poll(() => page.getByTestId('landing-folder-files').textContent(), { timeout: 15_000 }).toContain('landing-2026-11-22.jsonl');
    const evidence = await invoke<{ total: number }>('audit:events', { document: doc.ext, ev: 'edoc.', limit: 10 });
    expect(evidence.total).toBe(5);
    await expectAccessible(page);
    await page.getByTestId('landing-folder-settings').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'settings-landing-folder');
  });

  it('imports an uploaded .jsonl on the audit screen: a bad file refused by line number, a good one each line once', async () => {
    await page.getByTestId('nav-audit').click();
    const card = page.getByTestId('audit-landing-import');
    await card.scrollIntoViewIfNeeded();
    const bad = path.join(tmp, 'bad-landing.jsonl');
    writeFileSync(bad, `${event('page.ack', 20)}\nnot json\n`);
    await page.getByTestId('audit-landing-input').setInputFiles(bad);
    await expect.poll(() => card.getByRole('alert').textContent(), { timeout: 30_000 }).toContain('2행');
    const good = path.join(tmp, 'good-landing.jsonl');
    writeFileSync(good, `${event('page.ack', 20)}\n${event('read_status', 4)}\n`);
    await page.getByTestId('audit-landing-input').setInputFiles(good);
    await expect.poll(() => card.getByRole('status').textContent(), { timeout: 30_000 }).toContain('새로 1건');
    await expectAccessible(page);
  });

  it('ran under the strict CSP without script errors', () => {
    expect(pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
    expect(pageErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
