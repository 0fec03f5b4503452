// Issue 13 item 3: while a `docdesk mail send` holds the data folder, a second `mail send` of the same mailing is
// refused (exit 4, the holder named); after the holder is SIGKILLed mid-send the next run takes over, turns what
// was IN_FLIGHT into UNKNOWN, and the sandbox ledger shows no document delivered twice.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { z } from 'zod';
import { stateCountsSchema } from '../../shared/domain/mailing.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { CLI, runCli } from '../helpers/cli.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

function cli(dataDir: string, ...args: string[]) {
  return runCli(['--data-dir', dataDir, '--json', ...args]);
}

function expectNoDocumentDeliveredTwice(): void {
  expect(sandbox.docsgw.ledger.summary().externalIdsAcceptedMoreThanOnce).toBe(0);
}

it('a second sender is refused while the first holds the folder; after a SIGKILL the next run takes over and nothing is delivered twice', { timeout: 240_000 }, async () => {
  const dataDir = tempDir('docdesk-lock-send-');
  // Slow answers: the first sender is still sending when the second one starts, and is killed mid-chunk.
  await sandbox.docsgw.setFaults({ latencyMs: { ms: 800, endpoints: ['bulkSend'] } });
  await (await backendFor(sandbox, { dataDir, concurrency: 2 })).close();
  const list = path.join(dataDir, 'list.xlsx');
  await writeSampleRecipientList(list, { rows: 3000, seed: 7 });
  const imported = await cli(dataDir, 'mail', 'import', list, '--title', '잠금 테스트', '--link', 'https://docdesk.example/l', '--cs-number', '02-000-0000', '--cs-name', '센터');
  expect(imported.code, imported.stderr).toBe(0);
  const mailingId = String(imported.json.mailingId);

  const seen = sandbox.docsgw.ledger.requests().length;
  const holder = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'mail', 'send', mailingId, '--yes'], { stdio: 'ignore', env: hermeticEnv() });
  const holderExit = new Promise<number | null>((resolve) => holder.on('exit', (code) => resolve(code)));
  try {
    await new Promise<void>((resolve, reject) => {
      const watch = setInterval(() => {
        if (sandbox.docsgw.ledger.requests().length > seen) {
          clearInterval(watch);
          resolve();
        }
      }, 20);
      void holderExit.then((code) => {
        clearInterval(watch);
        reject(new Error(`the first sender exited (${code}) before sending`));
      });
    });

    const second = await cli(dataDir, 'mail', 'send', mailingId, '--yes');
    expect(second.code, second.stderr).toBe(4);
    expect(second.json).toMatchObject({ ok: false, error: { code: 'DATA_DIR_BUSY' } });
    expect(second.stderr).toContain(`이 컴퓨터의 다른 DocDesk(프로세스 ${holder.pid},`);
    expectNoDocumentDeliveredTwice();
  } finally {
    holder.kill('SIGKILL');
  }
  expect(await holderExit).toBeNull(); // killed mid-send, not finished
  await sandbox.docsgw.clearFaults();

  // The next run takes the folder over: the killed sender's IN_FLIGHT documents become UNKNOWN first.
  const resumed = await cli(dataDir, 'mail', 'send', mailingId, '--yes');
  expect([0, 3], resumed.stderr).toContain(resumed.code);
  expect(resumed.stderr).toMatch(/이전 실행이 비정상 종료되어 전송 중이던 [1-9][0-9]*건을 UNKNOWN으로 표시했습니다/);
  if (resumed.code === 3) expect((await cli(dataDir, 'mail', 'resolve', mailingId, '--unknown', 'abandon')).code).toBe(0);
  const status = await cli(dataDir, 'mail', 'status', mailingId);
  const counts = stateCountsSchema.parse(status.json.counts);
  expect(counts.QUEUED + counts.IN_FLIGHT + counts.UNKNOWN + counts.DRAFT).toBe(0);

  // Against the ledger: no external id accepted twice, and no document accepted under two attempts.
  expectNoDocumentDeliveredTwice();
  const accepted = sandbox.docsgw.ledger.acceptedCountsByExternalId();
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    const attempts = z.array(z.object({ d: z.number(), ext: z.string() })).parse(db.prepare('SELECT document_id d, external_document_uuid ext FROM attempts').all());
    const acceptedPerDocument = new Map<number, number>();
    for (const a of attempts) acceptedPerDocument.set(a.d, (acceptedPerDocument.get(a.d) ?? 0) + (accepted.get(a.ext) ?? 0));
    expect(Math.max(...acceptedPerDocument.values())).toBeLessThanOrEqual(1);
    const recovered = z.number().parse(db.prepare(`SELECT count(*) FROM attempts WHERE outcome = 'UNKNOWN' AND detail = 'crash-recovery'`).pluck().get());
    expect(recovered).toBeGreaterThan(0);
  } finally {
    db.close();
  }
});
