// `docdesk web --json`: one JSON object {url, port, token, dataDir} on stdout, the bridge answers with the token,
// and SIGTERM stops it cleanly (exit 0, data folder unlocked for the next run).
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { CLI } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

it('prints the URL with a per-run token, serves the bridge, and stops on SIGTERM', { timeout: 60_000 }, async () => {
  const dataDir = tempDir();
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'web', '--json', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'], env: hermeticEnv() });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        const i = out.indexOf('\n');
        if (i >= 0) resolve(out.slice(0, i));
      });
      void exited.then((code) => reject(new Error(`docdesk web exited early (${code}): ${stderr}`)));
    });
    const info = JSON.parse(line) as { url: string; port: number; token: string; dataDir: string };
    expect(info.url).toBe(`http://127.0.0.1:${info.port}/?token=${info.token}`);
    expect(info.dataDir).toBe(dataDir);

    const page = await fetch(info.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const denied = await fetch(`http://127.0.0.1:${info.port}/api/invoke/profiles:list`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(denied.status).toBe(401);
    const ok = await fetch(`http://127.0.0.1:${info.port}/api/invoke/profiles:list`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-docdesk-token': info.token },
      body: '{}',
    });
    expect(await ok.json()).toMatchObject({ ok: true, value: expect.arrayContaining([expect.objectContaining({ name: 'sandbox', active: true })]) });
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});
