// The channels the PayUp and KCP screens added (issue 5 §4): payup:resolve (retry|abandon an UNKNOWN cancel,
// against the simulator's ledger), the response code's advice on payup:cancel, kcp:previewBatch (nothing sent)
// and kcp:verifyBatch's result file inside <dataDir>/exports/.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { sandboxTransactionId } from '../../main/sandbox/payup/rules.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';
import { payupBackend, startPayupTestSandbox } from './payup-helpers.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startPayupTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

it('payup:resolve retries or abandons an UNKNOWN cancel, and refuses anything else', { timeout: 60_000 }, async () => {
  const b = await payupBackend(sandbox, { timeoutMs: 1_000 });
  const { invoke } = createContractHandlers(b, () => {});
  try {
    const retryTx = sandboxTransactionId(710_001);
    const abandonTx = sandboxTransactionId(710_002);
    sandbox.payup.setFaults({ timeoutAfterBody: { count: 2 } });
    for (const tx of [retryTx, abandonTx]) {
      expect(await invoke('payup:cancel', { transactionId: tx, reason: '화면 시험' })).toMatchObject({ ok: true, value: { state: 'UNKNOWN' } });
    }
    sandbox.payup.clearFaults();

    // The simulator did cancel on the first request: a retry gets 1005 and the journal records ALREADY_CANCELLED.
    const retried = await invoke('payup:resolve', { transactionId: retryTx, decision: 'retry' });
    expect(retried).toMatchObject({ ok: true, value: { result: { sent: true, responseCode: '1005' }, row: { transactionId: retryTx } } });
    if (retried.ok) expect((retried.value as { result: { advice: string } }).result.advice).toContain('PayUp 관리자 화면');
    expect(sandbox.payup.ledger.cancelCount(retryTx)).toBe(1);

    const abandoned = await invoke('payup:resolve', { transactionId: abandonTx, decision: 'abandon' });
    expect(abandoned).toMatchObject({ ok: true, value: { row: { state: 'ABANDONED' }, result: null } });
    expect(sandbox.payup.ledger.requests(abandonTx)).toHaveLength(1);

    expect(await invoke('payup:resolve', { transactionId: abandonTx, decision: 'retry' })).toMatchObject({ ok: false, error: { code: 'PAYUP_NOT_UNKNOWN' } });
    expect(await invoke('payup:resolve', { transactionId: sandboxTransactionId(710_003), decision: 'abandon' })).toMatchObject({ ok: false, error: { code: 'PAYUP_NOT_IN_JOURNAL' } });
    expect(await invoke('payup:resolve', { transactionId: retryTx, decision: 'maybe' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // A refusal carries the code table's advice next to PayUp's message.
    const refused = await invoke('payup:cancel', { transactionId: sandboxTransactionId(710_004, '1004'), reason: '화면 시험' });
    expect(refused).toMatchObject({ ok: true, value: { state: 'REJECTED', responseCode: '1004', advice: '거래번호(transactionId)가 맞는지 확인하세요.' } });
  } finally {
    await b.close();
  }
});

it('kcp:previewBatch counts a file without sending; kcp:verifyBatch writes its result into exports/', { timeout: 60_000 }, async () => {
  const b = await createBackend({ dataDir: tempDir('docdesk-kcpscreen-'), env: {} });
  const { invoke } = createContractHandlers(b, () => {});
  try {
    const file = uploadPath(b.dataDir, 'list.xlsx');
    const wb = XLSX.utils.book_new();
    const aoa = [['은행', '계좌번호', '예금주'], ['04', '12345678901234', '홍길동'], ['국민은행', '12345678901234', '홍<길동>'], ['92', '100012345678', '토스'], ['99', '1', '']];
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(aoa), 'S');
    const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
    writeFileSync(file, bytes);
    // Nothing journalled (every verification that is sent is journalled first).
    const before = (await b.kcp.list(1000)).length;
    const preview = await invoke('kcp:previewBatch', { filePath: file });
    expect(preview).toMatchObject({ ok: true, value: { rows: 4, valid: 2, invalid: 2, unverifiedBanks: 1 } });
    if (preview.ok) expect((preview.value as { errors: { row: number }[] }).errors.map((e) => e.row)).toEqual([3, 5]);
    expect((await b.kcp.list(1000)).length).toBe(before);

    const run = await invoke('kcp:verifyBatch', { filePath: file, resultFileName: '../확인결과.xlsx' });
    expect(run).toMatchObject({ ok: true, value: { rows: 4, counts: { VERIFIED: 1, INVALID: 3 } } });
    const resultFile = run.ok ? (run.value as { resultFile: string }).resultFile : '';
    expect(resultFile).toBe(path.join(b.dataDir, 'exports', '확인결과.xlsx'));
    expect(existsSync(resultFile)).toBe(true);
    writeFileSync(file, bytes); // the batch deleted the upload it ran on (issue 14 §7)
    expect(await invoke('kcp:verifyBatch', { filePath: file, resultFileName: 'x.csv' })).toMatchObject({ ok: false, error: { code: 'INVALID_FILE_NAME' } });
  } finally {
    await b.close();
  }
});
