// Batch cancel from Excel/CSV through the CLI: preview → confirm → progress → per-row result → .xlsx export.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';
import { payupBackend, preparePayupDataDir, startPayupTestSandbox } from './payup-helpers.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startPayupTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

function writeXlsx(file: string, aoa: unknown[][]): void {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), '취소목록');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

it('previews, refuses without --yes, cancels with --yes, exports the per-row result and never resends', { timeout: 90_000 }, async () => {
  const dataDir = tempDir('docdesk-payup-batch-');
  await preparePayupDataDir(sandbox, dataDir);
  const tx = (i: number, ending = '0000') => sandboxTransactionId(200_000 + i, ending);
  // Cancelled beforehand: the batch must skip it.
  const pre = await runCli(['--data-dir', dataDir, '--json', 'payup', 'cancel', '--transaction', tx(99), '--reason', '선취소', '--yes']);
  expect(pre.code).toBe(0);

  const file = path.join(dataDir, '취소목록.xlsx');
  const rows: unknown[][] = [
    ['카카오페이 결제 취소 목록 (2025-01)'],
    ['거래번호', '취소사유', '금액'],
    [tx(1), '=HYPERLINK("http://evil.test")', -1500],
    [tx(2, '1004'), '고객 요청', 1000],
    [tx(1), '중복 행', 1],
    ['TOO-LONG-TRANSACTION-ID-0001', '사유', 1],
    [tx(3), '', 1],
    [tx(99), '이미 취소됨', 1],
  ];
  for (let i = 10; i < 40; i++) rows.push([tx(i), `일괄 취소 ${i}`, 500 + i]);
  writeXlsx(file, rows);

  const refused = await runCli(['--data-dir', dataDir, '--json', 'payup', 'cancel-batch', file]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('--yes');
  expect(sandbox.payup.ledger.requests(tx(1))).toHaveLength(0);

  const out = path.join(dataDir, 'result.xlsx');
  const run = await runCli(['--data-dir', dataDir, '--json', 'payup', 'cancel-batch', file, '--yes', '--out', out]);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain('미리보기');
  const preview = run.json.preview as Record<string, unknown>;
  expect(preview).toMatchObject({ rows: 36, valid: 34, invalid: 2, duplicatesInFile: 1, toSend: 32, alreadyInJournal: { CANCELLED: 1 } });
  expect(run.json.dispositions).toMatchObject({ NEW: 32, SKIPPED: 1, DUPLICATE: 1, INVALID: 2 });
  expect(run.json.counts).toMatchObject({ CANCELLED: 31, REJECTED: 1, UNKNOWN: 0, QUEUED: 0, IN_FLIGHT: 0 });

  const wb = XLSX.read(readFileSync(out), { dense: true });
  const sheet = wb.Sheets[wb.SheetNames[0] ?? ''];
  if (!sheet) throw new Error('no result sheet');
  const result = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1 });
  expect(result[0]).toEqual(['행', '거래번호', '취소사유', '금액', '처리', '상태', '응답코드', '응답메시지', '취소일시', '비고']);
  expect(result).toHaveLength(37);
  const byRow = new Map(result.slice(1).map((r) => [r[0], r]));
  expect(byRow.get(3)?.slice(1, 7)).toEqual([tx(1), '\'=HYPERLINK("http://evil.test")', -1500, '신규', 'CANCELLED', '0000']);
  expect(byRow.get(4)?.slice(5, 8)).toEqual(['REJECTED', '1004', '취소 대상건이 없습니다.']);
  expect(byRow.get(5)?.[4]).toBe('파일 내 중복');
  expect(byRow.get(6)?.[4]).toBe('입력 오류');
  expect(String(byRow.get(6)?.[9])).toContain('최대 20자');
  expect(String(byRow.get(7)?.[9])).toContain('취소사유');
  expect(byRow.get(8)?.slice(4, 6)).toEqual(['건너뜀(이미 처리됨)', 'CANCELLED']);

  // Every transaction reached PayUp exactly once; the pre-cancelled one was not sent again.
  for (let i = 10; i < 40; i++) expect(sandbox.payup.ledger.requests(tx(i))).toHaveLength(1);
  expect(sandbox.payup.ledger.requests(tx(99))).toHaveLength(1);

  // Running the same file again sends nothing.
  const again = await runCli(['--data-dir', dataDir, '--json', 'payup', 'cancel-batch', file, '--yes']);
  expect(again.code).toBe(0);
  expect((again.json.preview as Record<string, unknown>).toSend).toBe(0);
  expect(again.json.tally).toMatchObject({ sent: 0 });
  for (let i = 10; i < 40; i++) expect(sandbox.payup.ledger.requests(tx(i))).toHaveLength(1);
});

it('reads a CSV with English headers through the same import machinery', async () => {
  const b = await payupBackend(sandbox);
  try {
    const file = path.join(b.dataDir, 'cancels.csv');
    const lines = ['transactionId,reason,amount'];
    for (let i = 0; i < 5; i++) lines.push(`${sandboxTransactionId(300_000 + i)},"환불, 고객 요청",${1000 * i}`);
    writeFileSync(file, `\ufeff${lines.join('\r\n')}\r\n`);
    const p = await b.payup.preview(file);
    expect(p).toMatchObject({ rows: 5, valid: 5, toSend: 5 });
    const r = await b.payup.runBatch(file);
    expect(r.counts.CANCELLED).toBe(5);
    expect((await b.payup.get(sandboxTransactionId(300_001)))?.reason).toBe('환불, 고객 요청');
  } finally {
    await b.close();
  }
});

it('refuses a file without the required columns with a Korean message', async () => {
  const b = await payupBackend(sandbox);
  try {
    const file = path.join(b.dataDir, 'bad.csv');
    writeFileSync(file, '거래번호,금액\nSB1,100\n');
    await expect(b.payup.preview(file)).rejects.toThrow(/취소사유/);
  } finally {
    await b.close();
  }
});

it('serves payup:cancel, payup:cancelBatch (preview, then run) and payup:list over the contract', async () => {
  const b = await payupBackend(sandbox);
  const progress: unknown[] = [];
  const contract = createContractHandlers(b, (event, payload) => {
    if (event === 'payup:progress') progress.push(payload);
  });
  try {
    const one = await contract.invoke('payup:cancel', { transactionId: sandboxTransactionId(500_000), reason: '화면에서 취소' });
    expect(one).toMatchObject({ ok: true, value: { state: 'CANCELLED', responseCode: '0000' } });
    const bad = await contract.invoke('payup:cancel', { transactionId: 'X'.repeat(21), reason: 'r' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    const file = uploadPath(b.dataDir, 'ipc.csv');
    writeFileSync(file, ['거래번호,취소사유', ...[1, 2, 3].map((i) => `${sandboxTransactionId(500_000 + i)},화면 일괄`)].join('\n'));
    const preview = await contract.invoke('payup:cancelBatch', { filePath: file, previewOnly: true });
    expect(preview).toMatchObject({ ok: true, value: { preview: { rows: 3, toSend: 3 }, run: null } });
    expect(sandbox.payup.ledger.requests(sandboxTransactionId(500_001))).toHaveLength(0);
    const run = await contract.invoke('payup:cancelBatch', { filePath: file, resultFileName: '../결과.xlsx' });
    expect(run).toMatchObject({ ok: true, value: { run: { counts: { CANCELLED: 3 } } } });
    const resultFile = (run as { ok: true; value: { run: { resultFile: string } } }).value.run.resultFile;
    expect(resultFile).toBe(path.join(b.dataDir, 'exports', '결과.xlsx'));
    expect(progress.length).toBeGreaterThan(0);

    const list = await contract.invoke('payup:list', { state: 'CANCELLED' });
    expect(list).toMatchObject({ ok: true, value: { counts: { CANCELLED: 4 } } });
    expect(JSON.stringify(list)).not.toContain('signature');
  } finally {
    await b.close();
  }
});
