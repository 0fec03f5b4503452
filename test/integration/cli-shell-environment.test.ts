// The CLI under an operator's shell full of DOCDESK_* variables (issue 13 item 7): the demo and the sandbox work
// the same whatever the shell holds; a new folder's passphrase is at least 10 characters; a passphrase given for a
// sandbox-only folder is an error, not silently ignored. Each refusal is exit 4 with a Korean message and creates
// or changes nothing.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';

/** What an operator's shell may hold: credentials for a production profile, a short passphrase, a stale folder. */
const SHELL = {
  DOCDESK_DOCSGW_ACCESS_TOKEN: 'shell-token-not-for-the-sandbox',
  DOCDESK_DOCSGW_CONTRACT_UUID: 'shell-contract-uuid',
  DOCDESK_PAYUP_API_CERT_KEY: 'shell-payup-key',
  DOCDESK_KCP_SITE_KEY: 'shell-kcp-key',
  DOCDESK_PASSPHRASE: 'y',
  DOCDESK_DATA_DIR: '/nonexistent/docdesk-data',
};

describe('docdesk demo', () => {
  it('runs on its own sandbox-only folder whatever DOCDESK_* variables the shell holds', { timeout: 180_000 }, async () => {
    // The demo makes its folder under the OS temp folder: this test's own.
    const tmp = tempDir('docdesk-demo-shell-');
    const r = await runCli(['demo', '--rows', '50', '--json'], { env: { ...SHELL, TMPDIR: tmp } });
    expect(r.code, r.stderr).toBe(0);
    const s = r.json as { final: boolean; dataDir: string; counts: { UNKNOWN: number; ACCEPTED: number } };
    expect(s.final).toBe(true);
    expect(s.counts.UNKNOWN).toBe(0);
    expect(s.counts.ACCEPTED).toBeGreaterThan(0);
    expect(path.dirname(s.dataDir)).toBe(tmp);
    expect(readdirSync(s.dataDir)).toContain('UNPROTECTED-sandbox-key.txt');
  });
});

describe('data folder passphrase', () => {
  it('refuses a new folder with a passphrase shorter than 10 characters and creates nothing', async () => {
    const dir = tempDir('docdesk-shortpass-');
    const r = await runCli(['--data-dir', dir, '--json', 'mail', 'list'], { env: { DOCDESK_PASSPHRASE: '짧은암호123' } });
    expect(r.code).toBe(4);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_TOO_SHORT' } });
    expect(r.stderr).toMatch(/10자 이상/);
    expect(existsSync(path.join(dir, 'datadir.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'docdesk.db'))).toBe(false);
    // Ten characters (Hangul counts one each) are enough.
    const ok = await runCli(['--data-dir', dir, '--json', 'mail', 'list'], { env: { DOCDESK_PASSPHRASE: '열글자암호입니다12' } });
    expect(ok.code, ok.stderr).toBe(0);
  });

  it('refuses DOCDESK_PASSPHRASE for a sandbox-only folder instead of ignoring it', async () => {
    const dir = tempDir('docdesk-unprotected-');
    expect((await runCli(['--data-dir', dir, 'mail', 'list'])).code).toBe(0);
    const r = await runCli(['--data-dir', dir, '--json', 'mail', 'list'], { env: { DOCDESK_PASSPHRASE: 'a-long-enough-passphrase' } });
    expect(r.code).toBe(4);
    expect(r.json).toMatchObject({ ok: false, error: { code: 'PASSPHRASE_NOT_USED' } });
    expect(r.stderr).toMatch(/샌드박스 전용/);
    expect(r.stderr).toMatch(/DOCDESK_PASSPHRASE를 지우고/);
  });
});

describe('sandbox credentials', () => {
  it('secret status of a sandbox profile shows the public test values, never the shell', async () => {
    const dir = tempDir('docdesk-sandbox-status-');
    const credentials = { DOCDESK_DOCSGW_ACCESS_TOKEN: SHELL.DOCDESK_DOCSGW_ACCESS_TOKEN, DOCDESK_PAYUP_API_CERT_KEY: SHELL.DOCDESK_PAYUP_API_CERT_KEY, DOCDESK_KCP_SITE_KEY: SHELL.DOCDESK_KCP_SITE_KEY };
    const r = await runCli(['--data-dir', dir, '--json', 'secret', 'status'], { env: credentials });
    expect(r.code, r.stderr).toBe(0);
    const list = (r.json as { secrets: { key: string; source: string }[] }).secrets;
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((x) => x.source === 'sandbox-default')).toBe(true);
  });
});
