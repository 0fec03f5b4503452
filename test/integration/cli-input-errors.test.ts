// Command-line values that do not fit their schema (issue 13 item 8): exit 2 with a Korean message naming the
// option and its limit — whichever command or service parsed the value, never zod's raw issue list — and nothing
// sent. And `sandbox serve` on a brand-new --data-dir makes what it needs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CLI, runCli, type CliRun } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

function expectInputError(r: CliRun, option: string, limit: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.json).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(r.stderr).toContain(option);
  expect(r.stderr).toMatch(limit);
  // zod's own issue list is English JSON: none of it reaches the operator.
  expect(r.stderr).not.toMatch(/too_big|too_small|invalid_type|"path"|expected/);
}

describe('kcp verify', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = tempDir('docdesk-input-kcp-');
  });

  it('a too-long --bank is exit 2 naming the option and its limit', async () => {
    const r = await runCli(['--data-dir', dataDir, '--json', 'kcp', 'verify', '--bank', '0412345678', '--account', '12345678901234', '--owner', '홍길동']);
    expectInputError(r, '--bank', /최대 8자/);
  });

  it('a too-long --order-id is exit 2 naming the option and its limit', async () => {
    const r = await runCli(['--data-dir', dataDir, '--json', 'kcp', 'verify', '--bank', '04', '--account', '12345678901234', '--owner', '홍길동', '--order-id', 'O'.repeat(41)]);
    expectInputError(r, '--order-id', /최대 40자/);
  });
});

describe('mail import', () => {
  it('an out-of-range --expires-in-days is exit 2 naming the option and its limit', async () => {
    const r = await runCli(['--data-dir', tempDir('docdesk-input-mail-'), '--json', 'mail', 'import', 'unused.xlsx', '--expires-in-days', '5000']);
    expectInputError(r, '--expires-in-days', /1157 이하/);
  });
});

describe('sandbox serve', () => {
  it('a --port that is not a port is exit 2, and the new data folder stays untouched', async () => {
    const dataDir = path.join(tempDir('docdesk-input-serve-'), 'new-folder');
    expectInputError(await runCli(['--data-dir', dataDir, '--json', 'sandbox', 'serve', '--port', 'abc']), '--port', /숫자여야/);
    expectInputError(await runCli(['--data-dir', dataDir, '--json', 'sandbox', 'serve', '--port', '70000']), '--port', /65535 이하/);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('runs on a --data-dir that does not exist yet, its ledger inside it', { timeout: 60_000 }, async () => {
    const dataDir = path.join(tempDir('docdesk-serve-new-'), 'brand-new');
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, '--json', 'sandbox', 'serve'], { stdio: ['ignore', 'pipe', 'pipe'], env: hermeticEnv() });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const started = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        if (out.includes('\n')) resolve(out.split('\n')[0] ?? '');
      });
      void exited.then((code) => reject(new Error(`sandbox serve exited (${code}) before it was ready:\n${stderr}`)));
    });
    const info = z.object({ ledgerPath: z.string(), port: z.number().int().positive() }).loose().parse(JSON.parse(started));
    expect(info.ledgerPath).toBe(path.join(dataDir, 'sandbox', 'serve-ledger.db'));
    expect(existsSync(info.ledgerPath)).toBe(true);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
