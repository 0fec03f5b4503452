// Owner-only on POSIX (main/store/owner-only.ts): the data folder, exports/, uploads/ and evidence bundles are 0700,
// every export, bundle file and upload 0600, whatever the process umask lets through — another account on the PC
// reads none of it. Windows has no mode bits (skipped there).
import { chmodSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { startWebBridge, type WebBridge } from '../../main/web/bridge-server.ts';
import { tempDir, uploadPath } from '../helpers/test-backend.ts';

const mode = (p: string) => statSync(p).mode & 0o777;

/** Every folder and file below `dir`, with its mode. */
function treeModes(dir: string): { rel: string; dir: boolean; mode: number }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((rel) => {
    const st = statSync(path.join(dir, rel));
    return { rel, dir: st.isDirectory(), mode: st.mode & 0o777 };
  });
}

describe.skipIf(process.platform === 'win32')('owner-only folders and files', () => {
  let b: Backend;
  let invoke: ReturnType<typeof createContractHandlers>['invoke'];
  let bridge: WebBridge;

  beforeAll(async () => {
    // A data folder that does not exist yet, two levels down: DocDesk creates it.
    b = await createBackend({ dataDir: path.join(tempDir('docdesk-modes-'), 'new', 'data'), env: {} });
    let handlers: ReturnType<typeof createContractHandlers> | null = null;
    bridge = await startWebBridge({ dataDir: b.dataDir, staticDir: tempDir('docdesk-modes-static-'), invoke: (c, i) => handlers!.invoke(c, i) });
    handlers = createContractHandlers(b, () => {});
    invoke = handlers.invoke;
  }, 60_000);
  afterAll(async () => {
    await bridge?.close();
    await b?.close();
  });

  it('creates the data folder 0700', () => {
    expect(mode(b.dataDir)).toBe(0o700);
  });

  it('tightens an existing data folder that others could read', async () => {
    const dataDir = path.join(tempDir('docdesk-modes-old-'), 'data');
    mkdirSync(dataDir);
    chmodSync(dataDir, 0o755);
    const old = await createBackend({ dataDir, env: {}, access: 'read' });
    await old.close();
    expect(mode(dataDir)).toBe(0o700);
  });

  it('writes grid exports, error lists and batch results 0600 in an exports/ folder that is 0700', { timeout: 60_000 }, async () => {
    const exported = await invoke('documents:export', {});
    expect(exported.ok).toBe(true);
    const errors = await invoke('mailing:exportErrors', { fileName: 'list.xlsx', errors: [{ row: 2, column: 'B', field: 'phone', code: 'BAD_PHONE', message: '전화번호' }] });
    expect(errors.ok).toBe(true);
    const kcpList = uploadPath(b.dataDir, 'kcp.xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['은행', '계좌번호', '예금주'], ['04', '12345678901234', '홍길동']]), 'S');
    writeFileSync(kcpList, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
    const kcp = await invoke('kcp:verifyBatch', { filePath: kcpList, resultFileName: 'kcp-result.xlsx' });
    expect(kcp.ok).toBe(true);
    const exportsDir = path.join(b.dataDir, 'exports');
    expect(mode(exportsDir)).toBe(0o700);
    const files = treeModes(exportsDir);
    expect(files.length).toBe(3);
    for (const f of files) expect(f).toEqual({ rel: f.rel, dir: false, mode: 0o600 });
  });

  it('writes an evidence bundle as a 0700 folder of 0600 files', { timeout: 60_000 }, async () => {
    const r = await invoke('audit:export', { subject: { kind: 'range', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, reason: '권한 점검' });
    expect(r.ok).toBe(true);
    const outDir = r.ok ? (r.value as { outDir: string }).outDir : '';
    expect(mode(outDir)).toBe(0o700);
    const tree = treeModes(outDir);
    expect(tree.map((t) => t.rel)).toContain('verify.py');
    for (const t of tree) expect(t).toEqual({ rel: t.rel, dir: t.dir, mode: t.dir ? 0o700 : 0o600 });
  });

  it('writes a checkpoint file 0600', async () => {
    const out = path.join(tempDir('docdesk-modes-cp-'), 'checkpoint.txt');
    await b.audit.checkpoint(out);
    expect(mode(out)).toBe(0o600);
  });

  it('keeps uploads 0600 in an uploads/ folder that is 0700', async () => {
    const res = await fetch(`http://127.0.0.1:${bridge.port}/api/upload?name=list.csv`, { method: 'POST', headers: { 'x-docdesk-token': bridge.token }, body: '이름,전화\n' });
    const body = (await res.json()) as { ok: boolean; value: { filePath: string } };
    expect(body.ok).toBe(true);
    expect(mode(path.join(b.dataDir, 'uploads'))).toBe(0o700);
    expect(mode(body.value.filePath)).toBe(0o600);
  });
});
