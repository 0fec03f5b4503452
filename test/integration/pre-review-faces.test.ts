// The pre-review form (seed 001 §2.1) is one thing in every face (issue 14 §5): the app's form (contract), the CLI's
// `mail pre-review` and both .xlsx files hold the same five fields in the seed's order; a send on a day over the line
// waits for the operator's decision, which is an audit event with the same content from the CLI and the app.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { sandboxPhoneNumber } from '../../main/sandbox/docsgw/recipients.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { preReviewFormSchema } from '../../shared/domain/mailing.ts';
import { PRE_REVIEW_FIELDS, preReviewFormText } from '../../shared/domain/pre-review.ts';
import { runCli } from '../helpers/cli.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '3월 관리비', link: 'https://docdesk.example/b', csNumber: '02-123-4567', csName: '관리사무소', expiresInDays: 30 };
const PURPOSE = '3월 관리비 고지서';
const ALREADY_TODAY = 499_995;

let sandbox: RunningSandboxes;
let dataDir: string;
let b: Backend | null = null;

function recipients(file: string, from: number): string {
  const rows = Array.from({ length: 10 }, (_, i) => `수신자${i},${sandboxPhoneNumber('accepted', from + i)},19800101`);
  writeFileSync(file, `이름,휴대폰,생년월일\n${rows.join('\n')}\n`);
  return file;
}

function sheetRows(file: string): unknown[][] {
  const wb = XLSX.read(readFileSync(file), { dense: true });
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0] ?? ''] ?? {}, { header: 1 });
}

const open = async () => {
  b = await backendFor(sandbox, { dataDir });
  return { b, invoke: createContractHandlers(b, () => {}).invoke };
};
const close = async () => {
  await b?.close();
  b = null;
};

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dataDir = tempDir('docdesk-prereview-');
});
afterAll(async () => {
  await close();
  await sandbox.close();
});

it('shows the same form in the app and the CLI, and audits the decision the same way from both', { timeout: 240_000 }, async () => {
  const lists = tempDir();
  let { b: be, invoke } = await open();
  expect(await invoke('settings:setInstitutionName', { name: '한빛관리사무소' })).toEqual({ ok: true, value: { institutionName: '한빛관리사무소' } });
  const a = (await be.mailing.import(recipients(path.join(lists, 'a.csv'), 100), { defaults: DEFAULTS, name: '3월 A동' })).mailingId ?? '';
  const c = (await be.mailing.import(recipients(path.join(lists, 'c.csv'), 200), { defaults: DEFAULTS, name: '3월 C동' })).mailingId ?? '';
  await close();

  // Earlier today the gateway accepted 499,995 documents (as a morning's sends would have).
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  const now = Date.now();
  db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at)
              VALUES ('M-morning', '오전 발송', 'DDMORN', 'test-sandbox', 'morning.xlsx', '{}', '{}', 'SENT', ?, ?)`).run(now, now);
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ALREADY_TODAY})
    INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, state, state_at, accepted_at, created_at)
    SELECT 'M-morning', i + 1, 'k' || i, '', 'ACCEPTED', ${now}, ${now}, ${now} FROM n`);
  db.close();

  // The app: the form for mailing A, and its .xlsx under exports/.
  ({ b: be, invoke } = await open());
  const formApp = await invoke('mailing:preReview', { mailingId: a, purpose: PURPOSE });
  if (!formApp.ok) throw new Error(formApp.error.message);
  const review = preReviewFormSchema.parse(formApp.value);
  expect(review).toMatchObject({ required: true, plannedToday: ALREADY_TODAY + 10, form: { institutionName: '한빛관리사무소', dailyCount: ALREADY_TODAY + 10, purpose: PURPOSE } });
  const exported = await invoke('mailing:preReviewExport', { mailingId: a, purpose: PURPOSE });
  if (!exported.ok) throw new Error(exported.error.message);
  const appFile = (exported.value as { filePath: string }).filePath;
  expect(path.dirname(appFile)).toBe(path.join(dataDir, 'exports'));
  // A send on a day over the line waits for the decision, and sends nothing meanwhile.
  expect(await invoke('mailing:send', { mailingId: a })).toMatchObject({ ok: false, error: { code: 'PRE_REVIEW_REQUIRED' } });
  expect((await be.mailing.status(a)).counts.QUEUED + (await be.mailing.status(a)).counts.DRAFT).toBe(10);
  await close();

  // The CLI: the same form, the same text, the same sheet.
  const cliFile = path.join(lists, 'form.xlsx');
  const cli = await runCli(['--data-dir', dataDir, '--json', 'mail', 'pre-review', a, '--purpose', PURPOSE, '--out', cliFile]);
  expect(cli.code, cli.stderr).toBe(0);
  expect(cli.json).toMatchObject({ required: true, form: review.form, text: preReviewFormText(review), filePath: cliFile });
  const human = await runCli(['--data-dir', dataDir, 'mail', 'pre-review', a, '--purpose', PURPOSE]);
  expect(human.stdout).toContain(preReviewFormText(review));
  expect(sheetRows(cliFile)).toEqual(sheetRows(appFile));
  expect(sheetRows(appFile).slice(1).map((r) => r[0])).toEqual(PRE_REVIEW_FIELDS.map((f) => f.ko));
  expect(sheetRows(appFile)[3]?.[1]).toBe(ALREADY_TODAY + 10);

  // The CLI sends A saying the form was sent; the app sends C saying "proceed without it".
  const sent = await runCli(['--data-dir', dataDir, '--json', 'mail', 'send', a, '--yes', '--pre-review', 'sent', '--purpose', PURPOSE]);
  expect(sent.code, sent.stderr).toBe(0);
  expect(sent.stderr).toContain('1. 이용기관명: 한빛관리사무소');
  ({ b: be, invoke } = await open());
  const appSend = await invoke('mailing:send', { mailingId: c, preReview: { decision: 'proceed', purpose: PURPOSE } });
  expect(appSend).toMatchObject({ ok: true, value: { stopped: 'done' } });

  const decisions = (await be.audit.events({ ev: 'op.mailing.pre_review', limit: 10 })).rows.map((e) => e.record?.data ?? {});
  const bySubject = new Map(decisions.map((d) => [d['subject'], d]));
  expect(bySubject.get(a)).toMatchObject({ decision: 'form-sent', plannedToday: ALREADY_TODAY + 10, threshold: 500_000, ...review.form });
  // C's day includes A's accepted documents by now; everything else is the same content.
  expect(bySubject.get(c)).toMatchObject({ decision: 'proceed', threshold: 500_000, institutionName: '한빛관리사무소', purpose: PURPOSE, plannedDates: review.form.plannedDates });
  const keys = (d: Record<string, unknown> | undefined) => Object.keys(d ?? {}).filter((k) => k !== 'operator_log_id').sort();
  expect(keys(bySubject.get(c))).toEqual(keys(bySubject.get(a)));
  // Both .xlsx files (the app's and the CLI's --out) are export events with the form's content.
  const forms = (await be.audit.events({ ev: 'op.mailing.pre_review_export', limit: 10 })).rows.map((e) => e.record?.data ?? {});
  expect(forms).toHaveLength(2);
  for (const f of forms) expect(f).toMatchObject({ mailing: a, ...review.form });
});
