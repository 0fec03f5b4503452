// `docdesk track [--once]` (issue 14 items 1 and 10): the scheduled catch-up pass polls what is due and exits 0;
// it exits 0 with a "skipped" note while another DocDesk holds the data folder (the app's tracker polls there);
// the long-running form stops on SIGTERM with its summary.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { backendFor, startTestSandbox, tempDir, uploadPath } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** A data folder with one sent mailing whose documents await their first status (5 s after acceptance). */
async function folderWithSentMailing(rows: number): Promise<{ dataDir: string; mailingId: string; accepted: number }> {
  const dataDir = tempDir();
  const b = await backendFor(sandbox, { dataDir });
  try {
    const file = uploadPath(dataDir, 'list.xlsx');
    await writeSampleRecipientList(file, { rows, seed: 7 });
    const { mailingId } = await b.mailing.import(file, { defaults: { title: '추적', link: 'https://docdesk.example/t', csNumber: '02-1', csName: '센터', expiresInDays: 1 } });
    if (!mailingId) throw new Error('nothing imported');
    const r = await b.mailing.send(mailingId);
    return { dataDir, mailingId, accepted: r.counts.ACCEPTED };
  } finally {
    await b.close();
  }
}

describe('docdesk track', () => {
  it('--once polls every document due now, then exits 0; the statuses are stored', { timeout: 90_000 }, async () => {
    const { dataDir, mailingId, accepted } = await folderWithSentMailing(40);
    expect(accepted).toBeGreaterThan(0);
    const early = await runCli(['track', '--once', '--json', '--data-dir', dataDir]);
    expect(early.code).toBe(0);
    expect(early.json).toMatchObject({ polled: 0, remaining: accepted }); // nothing due yet (first poll after 5 s)
    await new Promise((r) => setTimeout(r, 5_500));
    const asked = sandbox.docsgw.ledger.statusAsks().length;
    const r = await runCli(['track', '--once', '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ profile: 'test-sandbox', polled: accepted, remaining: 0, nextDueAt: null, paused: false });
    expect(r.stderr).toContain('상태 조회:');
    expect(sandbox.docsgw.ledger.statusAsks().length - asked).toBe(accepted);
    const status = await runCli(['mail', 'status', mailingId, '--json', '--data-dir', dataDir]);
    const counts = (status.json as { counts: Record<string, number> }).counts;
    expect(counts['READ']! + counts['EXPIRED']!).toBe(accepted);
  });

  it('--once while another DocDesk holds the folder: skipped, exit 0 (the app tracks there)', { timeout: 60_000 }, async () => {
    const { dataDir } = await folderWithSentMailing(5);
    const holder = await createBackend({ dataDir, env: {} });
    try {
      const r = await runCli(['track', '--once', '--json', '--data-dir', dataDir]);
      expect(r.code).toBe(0);
      expect(r.json).toMatchObject({ skipped: 'DATA_DIR_BUSY' });
      expect(r.stderr).toContain('건너뜀');
      // Without --once a busy folder stays the usual configuration error.
      const long = await runCli(['track', '--json', '--data-dir', dataDir]);
      expect(long.code).toBe(4);
    } finally {
      await holder.close();
    }
  });

  it('runs until SIGTERM, polling by itself, and ends with a summary', { timeout: 90_000 }, async () => {
    const { dataDir, accepted } = await folderWithSentMailing(30);
    const child = spawn(process.execPath, [CLI, 'track', '--json', '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: hermeticEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const end = Date.now() + 60_000;
    while (!/다음 조회 없음/.test(stderr) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(stderr).toContain('상태 추적 중');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    expect(summary).toMatchObject({ profile: 'test-sandbox', polled: accepted, remaining: 0, stopped: 'signal' });
  });
});
