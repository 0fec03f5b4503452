// Verification batches from Excel and CSV (main/imports keyed-table reuse): per-row results, invalid rows
// journalled but never sent, legacy codes mapped, bank names accepted, a masked .xlsx result file, and a batch
// that stops by itself when the gateway is unreachable.
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import iconv from 'iconv-lite';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKcpSandbox, type KcpSandbox } from '../../main/sandbox/kcp/gateway.ts';
import { kcpProfile, kcpTestService } from '../helpers/kcp-service.ts';
import { tempDir } from '../helpers/test-backend.ts';

const SITE_KEY = 'BATCH-SITEKEY-MARKER-55aa';
let gw: KcpSandbox;
beforeAll(async () => {
  gw = await startKcpSandbox({ siteKey: SITE_KEY });
});
afterAll(async () => {
  await gw.close();
});

function writeXlsx(file: string, rows: unknown[][]): void {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '계좌');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

it('verifies an Excel batch row by row and writes a masked result file', async () => {
  const dir = tempDir('docdesk-kcpbatch-');
  const file = path.join(dir, 'accounts.xlsx');
  writeXlsx(file, [
    ['환불 계좌 확인 목록'],
    ['은행', '계좌번호', '예금주', '주문번호'],
    ['04', '1234-5678-901234', '홍길동', 'B-1'],
    ['국민은행', '12345678901234', '홍길순', ''],
    ['06', '12345678901234', '홍길동', 'B-3'],
    ['88', '110123456789', '김,철수', ''],
    ['92', '1234567890', '홍길동', ''],
    ['99', '1234567890', '홍길동', ''],
    ['20', '1002123456789', '김㐂수', ''],
    [88, 110123456789, '김철수', 'B-8'],
    [],
    ['11', '3020000123456', '정다은', ''],
  ]);
  const t = kcpTestService({ profile: kcpProfile({ transport: 'socket', host: gw.host, port: gw.port }), siteKey: SITE_KEY });
  const out = path.join(dir, 'result.xlsx');
  const progress: number[] = [];
  try {
    const before = gw.ledger().length;
    const r = await t.service.verifyBatch(file, { out, onProgress: (p) => progress.push(p.done) });
    expect(r.rows).toBe(9);
    expect(r.counts).toMatchObject({ VERIFIED: 3, NOT_VERIFIED: 2, INVALID: 4, QUEUED: 0, IN_FLIGHT: 0, UNKNOWN: 0, FAILED: 0 });
    const byRow = new Map(r.results.map((x) => [x.row, x]));
    expect(byRow.get(3)).toMatchObject({ state: 'VERIFIED', orderId: 'B-1', accountMasked: '국민 ****1234' });
    expect(byRow.get(3)?.tno).toMatch(/^\d{14}$/);
    expect(byRow.get(4)).toMatchObject({ state: 'NOT_VERIFIED', resCd: '8201', bankCode: '04' });
    expect(byRow.get(5)).toMatchObject({ state: 'VERIFIED', bankCode: '04', bankCodeMappedFrom: '06', orderId: 'B-3' });
    expect(byRow.get(6)).toMatchObject({ state: 'INVALID', errorCode: 'FORBIDDEN_CHARACTER' });
    expect(byRow.get(6)?.message).toMatch(/^6행: .*콤마/);
    expect(byRow.get(7)).toMatchObject({ state: 'INVALID', errorCode: 'UNVERIFIED_BANK' });
    expect(byRow.get(8)).toMatchObject({ state: 'INVALID', errorCode: 'UNKNOWN_BANK' });
    expect(byRow.get(9)).toMatchObject({ state: 'INVALID', errorCode: 'UNENCODABLE' });
    expect(byRow.get(10)).toMatchObject({ state: 'VERIFIED', bankCode: '88', orderId: 'B-8' });
    expect(byRow.get(12)).toMatchObject({ state: 'NOT_VERIFIED', resCd: '8203' });
    // Invalid rows never reached the gateway: 5 requests for 5 sendable rows.
    expect(gw.ledger().length - before).toBe(5);
    expect(progress.at(-1)).toBe(5);
    // Every row, invalid ones included, is in the journal with the batch id.
    expect((t.db.prepare('SELECT count(*) n FROM kcp_verifications WHERE batch_id = ?').get(r.batchId) as { n: number }).n).toBe(9);

    expect(r.resultFile).toBe(out);
    const sheet = XLSX.read(readFileSync(out), { type: 'buffer' });
    const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet.Sheets[sheet.SheetNames[0] ?? ''] as XLSX.WorkSheet, { header: 1 });
    expect(rows[0]).toEqual(['행', '은행코드', '은행', '계좌번호', '예금주', '주문번호', '결과', 'res_cd', 'res_msg', 'tno', 'app_time', '안내']);
    expect(rows).toHaveLength(10);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('12345678901234');
    expect(text).not.toContain('홍길동');
    expect(text).not.toContain(SITE_KEY);
    expect(text).toContain('확인됨');
  } finally {
    await t.close();
  }
});

it('reads a CP949 CSV with English headers and confirms unverified banks when asked', async () => {
  const dir = tempDir('docdesk-kcpcsv-');
  const file = path.join(dir, 'accounts.csv');
  writeFileSync(file, iconv.encode('bank,account,owner,order id\r\n90,3333-01-1234567,박민수,C-1\r\n92,1234567890,홍길동,C-2\r\n', 'cp949'));
  const t = kcpTestService({ profile: kcpProfile({ transport: 'socket', host: gw.host, port: gw.port }), siteKey: SITE_KEY });
  try {
    const r = await t.service.verifyBatch(file, { confirmUnverifiedBanks: true });
    expect(r.results.map((x) => [x.row, x.state, x.resCd])).toEqual([
      [2, 'VERIFIED', '0000'],
      // The sandbox, like a gateway that does not support the bank, answers 8204 (은행 코드 오류).
      [3, 'NOT_VERIFIED', '8204'],
    ]);
  } finally {
    await t.close();
  }
});

it('stops a batch when the gateway cannot be reached; the unsent rows stay QUEUED for a resume', async () => {
  const dir = tempDir('docdesk-kcpstop-');
  const file = path.join(dir, 'accounts.xlsx');
  writeXlsx(file, [['은행', '계좌번호', '예금주'], ...Array.from({ length: 40 }, () => ['04', '12345678901234', '홍길동'])]);
  const closed = net.createServer();
  await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
  const port = (closed.address() as net.AddressInfo).port;
  await new Promise((r) => closed.close(r));
  const t = kcpTestService({ profile: kcpProfile({ transport: 'socket', host: '127.0.0.1', port }), siteKey: SITE_KEY, concurrency: 2 });
  try {
    const r = await t.service.verifyBatch(file);
    expect(r.counts.FAILED).toBeGreaterThanOrEqual(5);
    expect(r.counts.FAILED).toBeLessThan(40);
    expect(r.counts.QUEUED).toBe(40 - r.counts.FAILED);
    expect(r.counts.IN_FLIGHT).toBe(0);
    expect((t.db.prepare('SELECT state FROM kcp_batches WHERE id = ?').get(r.batchId) as { state: string }).state).toBe('STOPPED');
  } finally {
    await t.close();
  }
});
