// `docdesk mail follow-up ID --out FILE.xlsx --reason TEXT` as scripts use it (issue 14 item 10): the unread and
// failed recipients with a --json summary of counts by reason and the file; exit 0 with an empty sheet when nobody
// needs follow-up; exit 2 without a reason or an .xlsx target.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { FOLLOW_UP_SHEET_HEADER } from '../../main/follow-up/sheet.ts';
import { sandboxPhoneNumber } from '../../main/sandbox/docsgw/recipients.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { runCli } from '../helpers/cli.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const importArgs = ['--title', '후속 조치', '--link', 'https://docdesk.example/f', '--cs-number', '02-111-2222', '--cs-name', '센터', '--expires-in-days', '1'];

function sheetRows(file: string): unknown[][] {
  const wb = XLSX.read(readFileSync(file), { dense: true });
  const aoa = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0] ?? ''] ?? {}, { header: 1 });
  expect(aoa[0]).toEqual([...FOLLOW_UP_SHEET_HEADER]);
  return aoa.slice(1);
}

let sandbox: RunningSandboxes;
let dataDir: string;
let list: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dataDir = tempDir();
  await (await backendFor(sandbox, { dataDir })).close();
  list = path.join(dataDir, 'list.csv');
  const phones = [sandboxPhoneNumber('accepted', 1), sandboxPhoneNumber('accepted', 2), sandboxPhoneNumber('notFound', 3), sandboxPhoneNumber('forbidden', 4), sandboxPhoneNumber('neverRead', 5)];
  writeFileSync(list, ['성명,휴대폰번호,생년월일', ...phones.map((p, i) => `홍길${i},${p},1980010${i + 1}`)].join('\n'));
});
afterAll(async () => {
  await sandbox?.close();
});

describe('docdesk mail follow-up', () => {
  it('writes the unread and failed recipients and prints counts by reason with --json', { timeout: 120_000 }, async () => {
    const cli = (args: string[]) => runCli(['--data-dir', dataDir, ...args]);
    const imp = await cli(['--json', 'mail', 'import', list, ...importArgs]);
    const id = String(imp.json.mailingId);
    expect((await cli(['mail', 'send', id, '--yes'])).code).toBe(0);
    const polled = await cli(['mail', 'poll', id, '--until-final', '--timeout', '90']);
    expect(polled.code, polled.stderr).toBe(0);

    const out = path.join(dataDir, '우편 발송 대상.xlsx');
    const r = await cli(['--json', 'mail', 'follow-up', id, '--out', out, '--reason', '1일 미열람 → 우편']);
    expect(r.code, r.stderr).toBe(0);
    const j = r.json as { filePath: string; rows: number; unread: number; failed: number; reasons: Record<string, number>; deadlinePassed: boolean };
    expect(j.filePath).toBe(out);
    expect(j.deadlinePassed).toBe(true);
    expect(j.reasons.NOT_FOUND).toBe(1);
    expect(j.reasons.FORBIDDEN).toBe(1);
    // 6666 never reads: expired; the two ordinary recipients are read or expired as the sandbox decides.
    expect(j.reasons.EXPIRED).toBeGreaterThanOrEqual(1);
    expect(j.unread).toBe(0);
    const rows = sheetRows(out);
    expect(rows).toHaveLength(j.rows);
    expect(rows.map((x) => x[2])).toEqual(expect.arrayContaining([sandboxPhoneNumber('notFound', 3), sandboxPhoneNumber('forbidden', 4), sandboxPhoneNumber('neverRead', 5)]));

    const human = await cli(['mail', 'follow-up', id, '--out', out, '--reason', '1일 미열람 → 우편']);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain('카카오페이 회원 아님(NOT_FOUND): 1');
    expect(human.stdout).toContain(`저장: ${out}`);
  });

  it('exits 0 with an empty sheet when nobody needs follow-up, and 2 without a reason or an .xlsx file', { timeout: 60_000 }, async () => {
    const cli = (args: string[]) => runCli(['--data-dir', dataDir, ...args]);
    const imp = await cli(['--json', 'mail', 'import', list, ...importArgs]);
    const id = String(imp.json.mailingId);
    // Nothing sent yet: nobody to follow up.
    const out = path.join(dataDir, 'empty.xlsx');
    const r = await cli(['--json', 'mail', 'follow-up', id, '--out', out, '--reason', '점검']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json.rows).toBe(0);
    expect(sheetRows(out)).toEqual([]);

    const noReason = await cli(['mail', 'follow-up', id, '--out', out]);
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason');
    const notXlsx = await cli(['mail', 'follow-up', id, '--out', path.join(dataDir, 'x.csv'), '--reason', '점검']);
    expect(notXlsx.code).toBe(2);
    expect(notXlsx.stderr).toContain('.xlsx');
    expect((await cli(['mail', 'follow-up', 'M-none', '--out', out, '--reason', '점검'])).code).toBe(2);
  });
});
