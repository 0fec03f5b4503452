// Issue 13: audit events that no database rebuilds after a crash — landing-page events — and operator actions
// are durable in the chain before the action is reported done. The process is killed with SIGKILL the moment its
// answer arrives; after a restart the events are in the chain, as they happened (not re-appended by recovery).
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createBackend } from '../../main/app/backend.ts';
import { CLI } from '../helpers/cli.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The CLI on the folder, with none of the developer's DOCDESK_* variables. */
function startCli(dataDir: string, args: string[]): { child: ChildProcessWithoutNullStreams; exited: Promise<number | null>; stdout: () => string; stderr: () => string } {
  const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, ...args], { env: hermeticEnv() });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stdout: () => out, stderr: () => err };
}

async function waitFor<T>(what: string, probe: () => T | null, exited: Promise<number | null>, log: () => string): Promise<T> {
  let done: number | null | undefined;
  void exited.then((c) => (done = c));
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    const v = probe();
    if (v !== null) return v;
    if (done !== undefined) throw new Error(`the CLI exited (${done}) before ${what}: ${log()}`);
  }
  throw new Error(`no ${what} within 60 s: ${log()}`);
}

const webInfo = z.object({ port: z.number().int(), token: z.string() });

it('an operator action through the web bridge is in the chain when the process dies right after answering', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('docdesk-kill9-');
  dirs.push(dataDir);
  const web = startCli(dataDir, ['web', '--json', '--port', '0']);
  const info = await waitFor('the bridge address', () => {
    const line = web.stdout().split('\n')[0];
    return web.stdout().includes('\n') && line ? webInfo.parse(JSON.parse(line)) : null;
  }, web.exited, web.stderr);
  const answer = await fetch(`http://127.0.0.1:${info.port}/api/invoke/settings:setSecret`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-docdesk-token': info.token },
    body: JSON.stringify({ key: 'docsgw.accessToken', value: 'sandbox-token-kill9-0001' }),
  });
  const body = (await answer.json()) as { ok: boolean };
  web.child.kill('SIGKILL');
  expect(body.ok).toBe(true);
  expect(await web.exited).toBeNull();

  const b = await createBackend({ dataDir, env: {} });
  try {
    const ops = (await b.audit.eventsPage({ ev: 'op.secret.set', offset: 0, limit: 10 }));
    expect(ops.total).toBe(1);
    // Committed before the answer, not re-appended from operator_actions at this start.
    expect(ops.rows[0]!.record?.data).toMatchObject({ subject: 'docsgw.accessToken' });
    expect(ops.rows[0]!.record?.data['recovered']).toBeUndefined();
  } finally {
    await b.close();
  }
});

it('landing-page events are in the chain when the landing server dies right after answering', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('docdesk-kill9-');
  dirs.push(dataDir);
  const landing = startCli(dataDir, ['landing', 'serve', '--port', '0']);
  const url = await waitFor('the landing server address', () => /랜딩 서버 실행 중: (http:\/\/127\.0\.0\.1:\d+)/.exec(landing.stderr())?.[1] ?? null, landing.exited, landing.stderr);
  // Five visits without a token (page.failure bad_request) at once: answered, then the process is gone.
  const answers = await Promise.all(
    Array.from({ length: 5 }, (_, i) => fetch(`${url}/documents/notice?document_binder_uuid=binder-kill9-${i}`, { headers: { 'user-agent': `kill9-${i}` } })),
  );
  landing.child.kill('SIGKILL');
  expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
  expect(await landing.exited).toBeNull();

  const b = await createBackend({ dataDir, env: {} });
  try {
    const failures = (await b.audit.eventsPage({ ev: 'edoc.page.failure', offset: 0, limit: 10 }));
    expect(failures.total).toBe(5);
    expect(failures.rows.map((r) => r.record?.subj['document_binder_uuid']).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `binder-kill9-${i}`));
    expect((await b.audit.verify()).ok).toBe(true);
  } finally {
    await b.close();
  }
});
