// The network plan in Chromium against `docdesk web` (issue 15): a leased-line institution from the empty state —
// mode chosen with the keyboard, refusals and flags shown live at their fields — to the saved plan, its forms in
// the seeds' field order (copied to the clipboard), the flow table, the exported .xlsx read back with SheetJS, and
// the profile the plan produces. The folder is sandbox-only, so the profile is the plan's rehearsal: the plan's
// shape (Gasan only, its local addresses) against the simulators on this PC; a send through it reaches the Gasan
// stand-in only. Screenshots of the plan screen and the forms.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Browser, Page } from 'playwright-core';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocDeskApi } from '../../shared/api.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { launchBrowser, newPage, screenshot, seriousViolations } from './helpers/browser.ts';
import { startWeb, type WebApp } from './helpers/web-app.ts';

let web: WebApp;
let browser: Browser;
let page: Page;
const dir = tempDir('docdesk-e2e-plan-');
const pageErrors: string[] = [];

/** YYYY-MM-DD in Asia/Seoul, `days` from now. */
const seoulDay = (days: number) => new Date(Date.now() + 9 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  web = await startWeb();
  browser = await launchBrowser();
  page = await newPage(browser);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(web.url).origin });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.stop();
});

async function expectAccessible(p: Page): Promise<void> {
  const v = await seriousViolations(p);
  expect(v, JSON.stringify(v, null, 1)).toEqual([]);
}

const fieldError = (name: string) => page.getByTestId(`plan-error-${name}`);
/** The flags (warnings) shown under a field, as text. */
const fieldWarnings = (name: string) => page.getByTestId(`plan-${name}`).locator('xpath=..').locator('[data-severity="warning"]').allTextContents();

describe('network plan for a leased-line institution', () => {
  it('from the empty state to the saved plan, with refusals and flags live', { timeout: 180_000 }, async () => {
    await page.getByTestId('nav-settings').click();
    await page.getByTestId('open-network-plan').click();
    await expect.poll(() => page.getByTestId('plan-empty').count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page);

    // The mode with the keyboard: Tab reaches the radio group, arrows choose (public → public-vpn → leased).
    await page.locator('#main').focus();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid ?? '');
    for (let i = 0; i < 6 && (await focused()) !== 'plan-mode-public'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('plan-mode-public');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.getByTestId('plan-mode-leased').isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('plan-group-leased').count()).toBe(1);
    expect(await page.getByTestId('plan-group-vpn').count()).toBe(0);

    await page.getByTestId('plan-institutionName').fill('한국전자고지공단');
    await page.getByTestId('plan-contactName').fill('홍길동');
    await page.getByTestId('plan-contactPhone').fill('02-123-4567');
    await page.getByTestId('plan-contactEmail').fill('it@example.or.kr');
    // seed 000 §2.1: a private address is refused at its field as soon as the field is left.
    await page.getByTestId('plan-publicIps').fill('211.45.67.10\n192.168.0.10');
    await page.getByTestId('plan-hostname').focus();
    await expect.poll(() => fieldError('publicIps').textContent(), { timeout: 10_000 }).toContain('사설 IP 연동 불가');
    await page.getByTestId('plan-mode-leased').evaluate((el) => el.closest('fieldset')?.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'network-plan');
    await expectAccessible(page);
    await page.getByTestId('plan-publicIps').fill('211.45.67.10\n121.134.22.5');
    await page.getByTestId('plan-hostname').fill('edoc-send01.example.or.kr');
    await expect.poll(() => fieldError('publicIps').count()).toBe(0);

    // seed 000 §4.2 1.: one ISP is flagged (이중화 필수); seed 000 §4.2 3.: a date within 4 weeks is flagged.
    await page.getByTestId('plan-isp1').fill('KT');
    await page.getByTestId('plan-idcAddress').fill('서울특별시 금천구 가산디지털1로 1');
    await page.getByTestId('plan-wishedOpeningDate').fill(seoulDay(7));
    await expect.poll(() => fieldWarnings('isp1')).toEqual([expect.stringContaining('이중화 필수')]);
    await expect.poll(() => fieldWarnings('wishedOpeningDate')).toEqual([expect.stringContaining('4주 이상이어야')]);
    await page.getByTestId('plan-dailyDocuments').fill('600000');
    await page.getByTestId('plan-peakHourPercent').fill('20');
    await page.getByTestId('plan-plannedDates').fill(`${seoulDay(40)} ~ ${seoulDay(42)}`);
    await page.getByTestId('plan-purpose').fill('관리비 고지');
    await page.getByTestId('plan-bulkLocalAddress').fill('127.0.0.2');
    await page.getByTestId('plan-otherLocalAddress').fill('127.0.0.3');
    await expect.poll(() => fieldWarnings('dailyDocuments')).toEqual([expect.stringContaining('사전 검토 요청이 필요합니다')]);
    await expectAccessible(page);

    await page.getByTestId('plan-isp2').fill('SK브로드밴드');
    await page.getByTestId('plan-wishedOpeningDate').fill(seoulDay(35));
    await expect.poll(() => fieldWarnings('isp1')).toEqual([]);
    await expect.poll(() => fieldWarnings('wishedOpeningDate')).toEqual([]);

    await page.getByTestId('plan-save').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('plan-documents').count(), { timeout: 15_000 }).toBe(1);
    expect(pageErrors).toEqual([]);
  });

  it('shows the forms in the seeds\' field order, copies them, and the flow table is Gasan only', { timeout: 120_000 }, async () => {
    const leased = page.getByTestId('plan-form-leased');
    const labels = await leased.locator('tbody th').allTextContents();
    // seed 000 §4.2 신청양식, in order (copied from the seed).
    expect(labels).toEqual([
      '1. 파트너사 IDC 정보',
      '주소',
      '담당자(이름/전화번호/이메일)',
      '2. 연결 방식 (전용선, 전용선+VPN 중 택일)',
      '3. 이용기관에서 청약예정인 ISP',
      '4. BW(대역폭 / ex. 128k, 256k, 2M)',
      '5. 희망 개통 일자',
      '6. 서버 IP (공인 IP만 가능, 사설 IP 불가능)',
      '7. 기타 요청 및 문의',
    ]);
    expect(await leased.locator('tbody td').allTextContents()).toEqual([
      '',
      '서울특별시 금천구 가산디지털1로 1',
      '홍길동 / 02-123-4567 / it@example.or.kr',
      '전용선',
      'KT, SK브로드밴드',
      expect.stringMatching(/^(128k|256k|512k|1M|2M)$/),
      seoulDay(35),
      '211.45.67.10, 121.134.22.5',
      '',
    ]);
    expect(await page.getByTestId('plan-form-leased-appendix').textContent()).toContain('피크 1시간 발송 건수 = 일 발송 건수 × 피크 1시간 비율 = 600,000건 × 20% = 120,000건');
    // seed 001 §2.1: 600,000 a day brings the pre-review form; no VPN form for a leased line without VPN.
    expect(await page.locator('[data-testid^="plan-form-"]:not([data-testid$="-appendix"])').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual([
      'plan-form-handover',
      'plan-form-leased',
      'plan-form-preReview',
    ]);

    await page.getByTestId('plan-copy-leased').click();
    await expect.poll(() => page.getByTestId('plan-form-leased').getByRole('status').textContent()).toBe('복사했습니다.');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split('\n').slice(0, 4)).toEqual([
      '[전용선 신청양식] (카카오페이 네트워크 연동 가이드 §4.2)',
      '1. 파트너사 IDC 정보',
      '   - 주소: 서울특별시 금천구 가산디지털1로 1',
      '   - 담당자(이름/전화번호/이메일): 홍길동 / 02-123-4567 / it@example.or.kr',
    ]);

    const flows = page.getByTestId('plan-flows').locator('tbody tr');
    expect(await flows.evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-flow')} ${r.getAttribute('data-line')}`))).toEqual([
      'docsgw-gasan bulk',
      'docsgw-gasan bulk',
      'docsgw-gasan other',
      'docsgw-gasan other',
    ]);
    expect(await flows.first().textContent()).toContain('113.29.182.90');
    await page.getByTestId('plan-copy-flows').click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toContain('211.45.67.10\t113.29.182.90 (docs-gw-gs.kakaopay.com)\t443');

    await page.getByTestId('plan-form-leased').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'network-plan-forms');
    await expectAccessible(page);
  });

  it('exports the workbook: one sheet per form and the flow table, read back with SheetJS', { timeout: 120_000 }, async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('plan-export').click()]);
    const saved = path.join(dir, 'forms.xlsx');
    await download.saveAs(saved);
    const wb = XLSX.read(readFileSync(saved), { dense: true });
    expect(wb.SheetNames).toEqual(['서버 정보 교환 (방화벽 작업 요청)', '전용선 신청양식', '사전 검토 요청', '방화벽 플로우']);
    const rows = (name: string) => XLSX.utils.sheet_to_json<string[]>(wb.Sheets[name] as XLSX.WorkSheet, { header: 1, defval: '' });
    // seed 001 §2.1: 1. 이용기관명 2. 발송예정일(기간) 3. 일단위 발송 건수 4. 예상 TPS 5. 발송목적
    expect(rows('사전 검토 요청').slice(1, 6).map((r) => `${r[0]} ${r[1]}`)).toEqual(['1. 이용기관명', '2. 발송예정일(기간)', '3. 일단위 발송 건수', '4. 예상 TPS', '5. 발송목적']);
    expect(rows('사전 검토 요청')[3]?.[2]).toBe('600,000건');
    expect(rows('서버 정보 교환 (방화벽 작업 요청)').slice(1, 3)).toEqual([
      ['1.', 'IP', '211.45.67.10, 121.134.22.5'],
      ['2.', 'hostname', 'edoc-send01.example.or.kr'],
    ]);
    const flows = rows('방화벽 플로우');
    expect(flows[0]?.slice(0, 3)).toEqual(['Source IP', 'Destination', 'Port']);
    expect(flows.slice(1).map((r) => `${r[0]} → ${r[1]}:${r[2]}`)).toEqual([
      '211.45.67.10 → 113.29.182.90 (docs-gw-gs.kakaopay.com):443',
      '121.134.22.5 → 113.29.182.90 (docs-gw-gs.kakaopay.com):443',
      '211.45.67.10 → 113.29.182.90 (docs-gw-gs.kakaopay.com):443',
      '121.134.22.5 → 113.29.182.90 (docs-gw-gs.kakaopay.com):443',
    ]);
  });

  it('makes the plan\'s profile (the rehearsal on this sandbox-only folder); a send through it reaches the Gasan stand-in only', { timeout: 180_000 }, async () => {
    const profile = page.getByTestId('network-plan-profile');
    await profile.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('plan-target-production').isDisabled()).toBe(true);
    expect(await page.getByTestId('plan-target-sandbox').isChecked()).toBe(true);
    await page.getByTestId('plan-profile-name').fill('agency-rehearsal');
    await page.getByTestId('plan-make-profile').click();
    await expect.poll(() => profile.getByRole('status').textContent(), { timeout: 15_000 }).toContain('프로필 "agency-rehearsal"을(를) 만들었습니다.');
    await expectAccessible(page);

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('use-agency-rehearsal').click();
    await page.getByTestId('switch-dialog').getByRole('button', { name: '확인' }).click();
    await expect.poll(() => page.getByTestId('profile-badge').textContent(), { timeout: 30_000 }).toContain('리허설');

    const list = path.join(dir, '관리비 명단.xlsx');
    await writeSampleRecipientList(list, { rows: 30 });
    const res = await fetch(`http://127.0.0.1:${web.port}/api/upload?name=${encodeURIComponent(path.basename(list))}`, {
      method: 'POST',
      headers: { 'x-docdesk-token': web.token, 'content-type': 'application/octet-stream' },
      body: readFileSync(list),
    });
    const uploaded = (await res.json()) as { ok: boolean; value?: { filePath: string } };
    expect(uploaded.ok).toBe(true);
    const sent = await page.evaluate(async (fp) => {
      const api = (window as unknown as { docdesk: DocDeskApi }).docdesk;
      const p = await api['profiles:show']({ name: 'agency-rehearsal' });
      const imp = await api['mailing:import']({ filePath: fp, defaults: { title: '리허설', link: 'https://docdesk.example/r', csNumber: '02-1', csName: '센터' } });
      if (!imp.ok || !imp.value.mailingId) return { error: imp.ok ? 'no mailing' : imp.error.code };
      const s = await api['mailing:send']({ mailingId: imp.value.mailingId });
      return { stopped: s.ok ? s.value.stopped : s.error.code, accepted: s.ok ? s.value.counts.ACCEPTED : 0, docsgw: p.ok ? p.value.docsgw : null };
    }, uploaded.value?.filePath ?? '');
    expect(sent).toMatchObject({ stopped: 'done' });
    expect('accepted' in sent ? sent.accepted : 0).toBeGreaterThan(0);
    // The plan's shape: one IDC (Gasan's stand-in), the bulk-only line and the "everything else" line bound for docs-gw.
    expect('docsgw' in sent ? sent.docsgw : null).toMatchObject({ addresses: ['127.0.0.1'], localAddress: '127.0.0.3', bulkLocalAddress: '127.0.0.2' });

    // The simulator's ledger: every bulk send arrived at the Gasan stand-in, none at Pangyo's (127.0.0.2), and left
    // from the bulk-only line's address (seed 001 §2.2).
    const ledger = new Database(path.join(web.dataDir, 'sandbox', 'ledger.db'), { readonly: true });
    try {
      const rows = ledger
        .prepare(`SELECT address, remote_address source, count(*) n FROM requests WHERE endpoint = 'bulkSend' GROUP BY address, remote_address`)
        .all() as { address: string; source: string | null; n: number }[];
      expect(rows.map((r) => `${r.source} → ${r.address}`)).toEqual(['127.0.0.2 → 127.0.0.1']);
      expect(rows[0]?.n).toBeGreaterThan(0);
    } finally {
      ledger.close();
    }
    expect(pageErrors).toEqual([]);
  });
});
