// The IPC channels kcp:banks, kcp:verify, kcp:verifyBatch over a real backend on the built-in sandbox profile
// (the embedded KCP gateway started by the composition root): validated both ways, masked outputs, typed errors.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

let b: Backend;
const events: { event: string; payload: unknown }[] = [];
let invoke: ReturnType<typeof createContractHandlers>['invoke'];

beforeAll(async () => {
  b = await createBackend({ dataDir: tempDir('docdesk-kcpipc-'), env: {} });
  invoke = createContractHandlers(b, (event, payload) => events.push({ event, payload })).invoke;
});
afterAll(async () => {
  await b.close();
});

it('the built-in sandbox profile reaches the embedded KCP gateway through the socket transport', () => {
  const kcp = b.profile().kcp;
  expect(kcp).toMatchObject({ transport: 'socket', host: '127.0.0.1', siteCd: 'T0000' });
  expect(kcp?.port).toBeGreaterThan(0);
  expect(b.sandbox()?.info().kcp.port).toBe(kcp?.port);
});

it('kcp:banks lists Korean names and the merged-bank codes', async () => {
  const r = await invoke('kcp:banks', {});
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const v = r.value as { banks: { code: string; nameKo: string; kcpVerified: boolean }[]; legacy: { code: string; to: string }[] };
  expect(v.banks.find((x) => x.code === '71')?.nameKo).toBe('우체국');
  expect(v.banks.find((x) => x.code === '92')?.kcpVerified).toBe(false);
  expect(v.legacy).toContainEqual(expect.objectContaining({ code: '05', to: '81' }));
});

it('kcp:verify answers masked results and typed errors', async () => {
  const ok = await invoke('kcp:verify', { bankCode: '90', accountNo: '3333-01-1234567', ownerName: '박민수' });
  expect(ok).toMatchObject({ ok: true, value: { state: 'VERIFIED', accountMasked: '카카오뱅크 ****4567', ownerMasked: '박*수' } });
  expect(JSON.stringify(ok)).not.toContain('3333011234567');
  const bad = await invoke('kcp:verify', { bankCode: '04', accountNo: '12345678901234', ownerName: '홍<길동>' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { problems: [{ field: 'ownerName', code: 'FORBIDDEN_CHARACTER' }] } } });
  const schema = await invoke('kcp:verify', { bankCode: '04' });
  expect(schema).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  const unconfirmed = await invoke('kcp:verify', { bankCode: '50', accountNo: '12345678', ownerName: '홍길동' });
  expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'UNVERIFIED_BANK' } });
});

it('kcp:verifyBatch runs a file with progress events and writes the result workbook', async () => {
  const file = uploadPath(b.dataDir, 'list.xlsx');
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주'], ['04', '12345678901234', '홍길동'], ['71', '01234567890123', '강감찬'], ['35', '1234567890', '고한라']]), 'S');
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
  writeFileSync(file, bytes);
  // outPath lands in <dataDir>/exports/ (a relative name resolves there; nothing outside it is written).
  const r = await invoke('kcp:verifyBatch', { filePath: file, outPath: 'out.xlsx' });
  expect(r).toMatchObject({ ok: true, value: { rows: 3, counts: { VERIFIED: 3 } } });
  expect(existsSync(path.join(b.dataDir, 'exports', 'out.xlsx'))).toBe(true);
  expect(events.some((e) => e.event === 'kcp:batchProgress')).toBe(true);
  expect(existsSync(file)).toBe(false); // the upload is deleted once a batch ran on it (issue 14 §7)
  writeFileSync(file, bytes);
  const wrongExt = await invoke('kcp:verifyBatch', { filePath: file, outPath: path.join(b.dataDir, 'exports', 'out.csv') });
  expect(wrongExt).toMatchObject({ ok: false, error: { code: 'BAD_OUT_PATH' } });
});
