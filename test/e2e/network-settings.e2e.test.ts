// Settings → Connections and the flow check in Chromium against `docdesk web` (issue 15 items 4–6): PayUp's and KCP's
// test hosts are choices with their red warnings (PayUp's test host may charge real KakaoPay money, KCP's test
// gateway and T0000 charge too), a module folder without bin/pp_cli is refused in Korean, every change is shown
// before it is saved; the bulk-only line set on this screen carries the next send (the sandbox ledger shows the
// source address), and "check every flow" passes each flow from its own address. Nothing here connects outside
// this PC: PayUp and KCP hosts are previewed, never saved, so no check ever dials them.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocDeskApi } from '../../shared/api.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID } from '../../main/sandbox/credentials.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { FAKE_PPCLI_HOME } from '../helpers/kcp-service.ts';
import { startTestSandbox, tempDir } from '../helpers/test-backend.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
let sandbox: RunningSandboxes;
const dir = tempDir('docdesk-e2e-network-');

beforeAll(async () => {
  sandbox = await startTestSandbox();
  // A passphrase folder: test-kind profiles are allowed on it (a sandbox-only folder takes sandbox profiles only).
  web = await startWeb({ env: { DOCDESK_PASSPHRASE: 'e2e-network-passphrase-42' } });
  browser = await launchBrowser();
  page = await newPage(browser);
  await page.goto(web.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await sandbox?.close();
});

/** The institution's test profile: docs-gw at the test's simulator (loopback), no PayUp or KCP yet. */
function agencyProfile(): string {
  const file = path.join(dir, 'agency.json');
  const d = sandbox.docsgw;
  writeFileSync(
    file,
    JSON.stringify({
      name: 'agency',
      label: '대행사 시험 회선',
      kind: 'test',
      docsgw: { host: d.host, addresses: d.addresses, port: d.port, caFile: d.caFile, connectTimeoutMs: 2_000, timeoutMs: 10_000, rateLimitPerSec: 1000, concurrency: 2, poll: { firstAfterSec: 5, dayOneEverySec: 5, laterEverySec: 5 } },
    }),
  );
  return file;
}

async function dialogOpen(testId: string): Promise<boolean> {
  return page.getByTestId(testId).evaluate((d) => (d as HTMLDialogElement).open);
}

describe('connections and the flow check', () => {
  it('PayUp and KCP test hosts show their warnings; a folder without bin/pp_cli is refused; the changes are shown before saving', { timeout: 120_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('profile-import-input').setInputFiles(agencyProfile());
    await expect.poll(() => page.getByText('프로필 "agency"을(를) 가져왔습니다.').count(), { timeout: 15_000 }).toBe(1);
    await page.getByTestId('use-agency').click();
    await page.getByTestId('switch-dialog').getByRole('button', { name: '확인' }).click();
    // A switch closes and reopens the backend's writers; on the shared 2-core machine under other load it took longer
    // than 15 s once in a full CI run (as profile-switch.e2e's did: 60 s there too).
    await expect.poll(() => page.getByTestId('profile-badge').textContent(), { timeout: 60_000 }).toContain('대행사 시험 회선');

    await page.getByTestId('nav-connections').click();
    await page.getByTestId('conn-local-address').fill('127.0.0.3');
    await page.getByTestId('conn-bulk-address').fill('127.0.0.2');
    expect(await page.getByTestId('conn-payup-test-warning').count()).toBe(0);
    await page.getByTestId('payup-host-test').check();
    expect(await page.getByTestId('conn-payup-test-warning').textContent()).toContain('실제 카카오페이 결제·취소가 일어날 수 있으니');
    await page.getByTestId('conn-merchant-id').fill('M-AGENCY');
    await page.getByTestId('kcp-host-test').check();
    expect(await page.getByTestId('conn-kcp-test-warning').textContent()).toContain('testpaygw.kcp.co.kr');
    await page.getByTestId('conn-site-cd').fill('T0000');

    // A typed folder that is not KCP's module folder: refused in Korean at review, nothing changes.
    await page.getByTestId('conn-ppcli-home').fill(dir);
    await page.getByTestId('conn-review').click();
    await expect.poll(() => page.getByRole('alert').filter({ hasText: 'bin/pp_cli' }).count(), { timeout: 15_000 }).toBe(1);

    await page.getByTestId('conn-ppcli-home').fill(FAKE_PPCLI_HOME);
    await page.getByTestId('conn-review').click();
    await expect.poll(() => dialogOpen('conn-review-dialog'), { timeout: 15_000 }).toBe(true);
    const dialog = page.getByTestId('conn-review-dialog');
    const changes = (await dialog.getByTestId('profile-changes').textContent()) ?? '';
    for (const s of ['docsgw.localAddress', 'docsgw.bulkLocalAddress', '127.0.0.2', 'payup.baseUrl', 'https://api.testpayup.co.kr', 'kcp.host', 'testpaygw.kcp.co.kr', 'kcp.port', '8090', 'kcp.ppcliHome']) {
      expect(changes).toContain(s);
    }
    expect(await dialog.getByTestId('conn-payup-test-warning').count()).toBe(1);
    expect(await dialog.getByTestId('conn-kcp-test-warning').count()).toBe(1);
    await screenshot(page, 'settings-connections');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);

    // Cancelled: the stored profile has no PayUp or KCP section.
    await dialog.getByRole('button', { name: '취소' }).click();
    const stored = await page.evaluate(async () => {
      const p = await (window as unknown as { docdesk: DocDeskApi }).docdesk['profiles:show']({ name: 'agency' });
      return p.ok ? { payup: p.value.payup ?? null, kcp: p.value.kcp ?? null, bulk: p.value.docsgw.bulkLocalAddress ?? null } : null;
    });
    expect(stored).toEqual({ payup: null, kcp: null, bulk: null });
  });

  it('the bulk-only line saved here carries the next send, and every flow passes from its own address', { timeout: 180_000 }, async () => {
    await page.getByTestId('payup-host-none').check();
    await page.getByTestId('kcp-host-none').check();
    await page.getByTestId('conn-review').click();
    await expect.poll(() => dialogOpen('conn-review-dialog'), { timeout: 15_000 }).toBe(true);
    const changes = (await page.getByTestId('conn-review-dialog').getByTestId('profile-changes').textContent()) ?? '';
    expect(changes).toContain('docsgw.bulkLocalAddress');
    expect(changes).not.toContain('payup.baseUrl');
    await page.getByTestId('conn-confirm').click();
    await expect.poll(() => page.getByText('프로필 "agency"을(를) 저장했습니다 (2개 항목).').count(), { timeout: 15_000 }).toBe(1);

    // A send through the running app: the credentials a test profile needs, then import and send.
    const list = path.join(dir, '회선 시험.xlsx');
    await writeSampleRecipientList(list, { rows: 30 });
    const res = await fetch(`http://127.0.0.1:${web.port}/api/upload?name=${encodeURIComponent('lines.xlsx')}`, {
      method: 'POST',
      headers: { 'x-docdesk-token': web.token, 'content-type': 'application/octet-stream' },
      body: readFileSync(list),
    });
    const uploaded = ((await res.json()) as { value: { filePath: string } }).value.filePath;
    const sent = await page.evaluate(
      async ({ fp, token, contract }) => {
        const d = (window as unknown as { docdesk: DocDeskApi }).docdesk;
        await d['settings:setSecret']({ key: 'docsgw.accessToken', value: token });
        await d['settings:setSecret']({ key: 'docsgw.contractUuid', value: contract });
        const imp = await d['mailing:import']({ filePath: fp, defaults: { title: '회선 분리 시험', link: 'https://docdesk.example/t', csNumber: '02-1', csName: '센터' } });
        if (!imp.ok || !imp.value.mailingId) return imp.ok ? 'no mailing' : imp.error.code;
        const s = await d['mailing:send']({ mailingId: imp.value.mailingId });
        return s.ok ? s.value.stopped : s.error.code;
      },
      { fp: uploaded, token: SANDBOX_ACCESS_TOKEN, contract: SANDBOX_CONTRACT_UUID },
    );
    expect(sent).toBe('done');
    const bulk = sandbox.docsgw.ledger.requests().filter((r) => r.endpoint === 'bulkSend');
    expect(bulk.length).toBeGreaterThan(0);
    expect(new Set(bulk.map((r) => r.remoteAddress))).toEqual(new Set(['127.0.0.2']));

    await page.getByTestId('nav-diagnostics').click();
    await page.getByTestId('flow-run').click();
    await expect.poll(() => page.getByTestId('flow-summary').textContent(), { timeout: 60_000 }).toContain('모든 흐름이 통과했습니다');
    const rows = page.getByTestId('flow-table').locator('tbody tr');
    const flows = await rows.evaluateAll((trs) => trs.map((tr) => [(tr as HTMLElement).dataset.flow, (tr as HTMLElement).dataset.ok, tr.querySelector('td')?.textContent ?? '']));
    expect(flows).toEqual([
      ['docsgw-127.0.0.1', 'true', expect.stringContaining('127.0.0.3 →')],
      ['docsgw-127.0.0.2', 'true', expect.stringContaining('127.0.0.3 →')],
      ['docsgw-127.0.0.1-bulk', 'true', expect.stringContaining('127.0.0.2 →')],
      ['docsgw-127.0.0.2-bulk', 'true', expect.stringContaining('127.0.0.2 →')],
    ]);
    expect(await page.getByTestId('flow-table').textContent()).toContain('발급자: DocDesk Sandbox Test CA');
    await page.getByTestId('flow-check').scrollIntoViewIfNeeded();
    await screenshot(page, 'network-check');
    const v = await seriousViolations(page);
    expect(v, JSON.stringify(v, null, 1)).toEqual([]);
  });
});
