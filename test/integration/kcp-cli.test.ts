// `docdesk kcp …` end to end (spawned CLI, async spawn: the KCP gateway runs in this process): exit codes,
// --json, the site_key marker never printed, a batch with a result file, and a SIGKILL in the middle of a batch:
// the journal loses nothing (IN_FLIGHT → UNKNOWN at the next start), a resume finishes the rest and no
// verification reaches the gateway twice.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKcpSandbox, type KcpSandbox } from '../../main/sandbox/kcp/gateway.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

const CLI = path.resolve(import.meta.dirname, '../../main/cli/index.ts');
const MARKER = 'CLI-SITEKEY-MARKER-c0ffee';

let gw: KcpSandbox;
let dataDir: string;

type Run = { code: number | null; stdout: string; stderr: string; json: Record<string, unknown> };

function cli(...args: string[]): Promise<Run> {
  return cliWithInput('', ...args);
}

function cliWithInput(input: string, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: hermeticEnv() });
    child.stdin.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('exit', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(last) as Record<string, unknown>;
      } catch {
        // not --json
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

function writeBatch(file: string, n: number): void {
  const rows: unknown[][] = [['은행', '계좌번호', '예금주', '주문번호']];
  for (let i = 0; i < n; i++) rows.push(['04', '12345678901234', i % 5 === 0 ? '홍길순' : '홍길동', `K${String(i).padStart(4, '0')}`]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
  writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
}

beforeAll(async () => {
  gw = await startKcpSandbox({ siteKey: MARKER });
  dataDir = tempDir('docdesk-kcpcli-');
  const profile = path.join(dataDir, 'kcp-profile.json');
  writeFileSync(
    profile,
    JSON.stringify({
      name: 'kcp-cli',
      kind: 'sandbox',
      // docs-gw is not used here: a non-zero port keeps the CLI from starting the embedded simulators.
      docsgw: { host: 'docs-gw.sandbox.docdesk.test', addresses: ['127.0.0.1'], port: 1 },
      kcp: { transport: 'socket', host: gw.host, port: gw.port, siteCd: 'T0000', timeoutMs: 5_000 },
    }),
  );
  expect((await cli('profile', 'import', profile)).code).toBe(0);
  expect((await cli('profile', 'use', 'kcp-cli')).code).toBe(0);
  // Stored write-only: a sandbox profile takes no credential from the environment.
  expect((await cliWithInput(MARKER, 'secret', 'set', 'kcp.siteKey')).code).toBe(0);
});
afterAll(async () => {
  await gw.close();
});

describe('kcp verify', () => {
  it('exit 0 with --json when verified; the site_key is never printed', async () => {
    const r = await cli('--json', 'kcp', 'verify', '--bank', '04', '--account', '1234-5678-901234', '--owner', '홍길동', '--order-id', 'CLI-1');
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ state: 'VERIFIED', resCd: '0000', orderId: 'CLI-1', accountMasked: '국민 ****1234', ownerMasked: '홍*동' });
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout + r.stderr).not.toContain(MARKER);
    expect(r.stdout).not.toContain('12345678901234');
  });

  it('exit 1 when not verified, 2 for invalid input, 3 for an unconfirmed bank without --yes', async () => {
    const wrong = await cli('--json', 'kcp', 'verify', '--bank', '04', '--account', '12345678901234', '--owner', '홍길순');
    expect(wrong.code).toBe(1);
    expect(wrong.json).toMatchObject({ state: 'NOT_VERIFIED', resCd: '8201' });
    const invalid = await cli('--json', 'kcp', 'verify', '--bank', '04', '--account', '12345678901234', '--owner', '홍|길동');
    expect(invalid.code).toBe(2);
    expect(invalid.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(invalid.stderr).toMatch(/파이프/);
    const missing = await cli('kcp', 'verify', '--bank', '04');
    expect(missing.code).toBe(2);
    const toss = await cli('kcp', 'verify', '--bank', '92', '--account', '12345678901234', '--owner', '홍길동');
    expect(toss.code).toBe(3);
    expect(toss.stderr).toMatch(/토스뱅크/);
    expect(gw.ledger().some((e) => e.bankCode === '92')).toBe(false);
  });

  it('kcp banks lists the Korean bank names', async () => {
    const r = await cli('--json', 'kcp', 'banks');
    expect(r.code).toBe(0);
    const banks = (r.json as { banks: { code: string; nameKo: string }[] }).banks;
    expect(banks.find((b) => b.code === '90')?.nameKo).toBe('카카오뱅크');
  });
});

describe('kcp verify-batch', () => {
  it('verifies a file and writes the result workbook', async () => {
    const file = path.join(dataDir, 'small.xlsx');
    writeBatch(file, 10);
    const out = path.join(dataDir, 'small-result.xlsx');
    const r = await cli('--json', 'kcp', 'verify-batch', file, '--out', out);
    expect(r.code).toBe(0);
    expect(r.json).toMatchObject({ rows: 10, counts: { VERIFIED: 8, NOT_VERIFIED: 2 }, resultFile: out });
    expect(r.stdout + r.stderr).not.toContain(MARKER);
  });

  it('a SIGKILL mid-batch loses nothing, and the resume sends nothing twice', { timeout: 60_000 }, async () => {
    const file = path.join(dataDir, 'crash.xlsx');
    writeBatch(file, 80);
    gw.setFaults({ latencyMs: 150 });
    const before = gw.ledger().length;
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'kcp', 'verify-batch', file], { stdio: 'ignore', env: hermeticEnv() });
      // Killed once the gateway has received some of the batch (CLI start-up time varies on a slow machine).
      const timer = setInterval(() => {
        if (gw.ledger().length - before >= 8) child.kill('SIGKILL');
      }, 20);
      child.on('exit', (c) => {
        clearInterval(timer);
        resolve(c);
      });
    });
    expect(code).toBeNull(); // killed, not finished
    gw.clearFaults();

    const keys = loadDataDirKeys(dataDir, undefined);
    const db = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey);
    const batch = db.prepare(`SELECT id FROM kcp_batches WHERE source_file = ?`).get(file) as { id: string };
    const afterKill = db.prepare('SELECT state, count(*) n FROM kcp_verifications WHERE batch_id = ? GROUP BY state').all(batch.id) as { state: string; n: number }[];
    db.close();
    const total = afterKill.reduce((a, r) => a + r.n, 0);
    expect(total).toBe(80); // every row journalled before anything was sent
    const inFlight = afterKill.find((r) => r.state === 'IN_FLIGHT')?.n ?? 0;
    expect(inFlight).toBeGreaterThan(0); // killed while requests were out

    const resumed = await cli('--json', 'kcp', 'verify-batch', '--resume', batch.id);
    const counts = resumed.json.counts as { IN_FLIGHT: number; QUEUED: number; UNKNOWN: number; VERIFIED: number; NOT_VERIFIED: number };
    expect(counts.IN_FLIGHT).toBe(0);
    expect(counts.QUEUED).toBe(0);
    expect(counts.UNKNOWN).toBe(inFlight);
    expect(counts.VERIFIED + counts.NOT_VERIFIED + counts.UNKNOWN).toBe(80);
    expect(resumed.code).toBe(3);
    expect(resumed.stderr).toMatch(/UNKNOWN/);

    // No order id reached the gateway twice; every answered row reached it exactly once.
    const seen = new Map<string, number>();
    for (const e of gw.ledger().slice(before)) seen.set(e.ordrIdxx, (seen.get(e.ordrIdxx) ?? 0) + 1);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(seen.size).toBeGreaterThanOrEqual(counts.VERIFIED + counts.NOT_VERIFIED);
    expect(seen.size).toBeLessThanOrEqual(80);
  });
});
