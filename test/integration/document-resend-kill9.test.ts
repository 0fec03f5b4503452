// Issue 14 item 4, crash safety: `docdesk doc resend` is killed with SIGKILL while its request is at the gateway
// (processed there, never answered). The new document was journalled IN_FLIGHT before the request left, so the next
// start makes it UNKNOWN; the original stays linked to it, a second re-send is refused, sending its mailing again
// sends nothing, and the sandbox ledger shows the recipient's corrected document exactly once.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
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

const bulkSends = (): number => sandbox.docsgw.ledger.requests().filter((r) => r.endpoint === 'bulkSend').length;

/** Starts `doc resend` and SIGKILLs it as soon as its request has reached (and been processed by) the sandbox. */
function resendAndKill(dataDir: string, ref: string): Promise<{ code: number | null; killed: boolean }> {
  const seen = bulkSends();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, '--data-dir', dataDir, 'doc', 'resend', ref, '--phone', '010-5555-1212', '--yes'], { stdio: 'ignore', env: hermeticEnv() });
    let killed = false;
    const watch = setInterval(() => {
      if (bulkSends() > seen) {
        clearInterval(watch);
        killed = child.kill('SIGKILL');
      }
    }, 10);
    child.on('exit', (code) => {
      clearInterval(watch);
      resolve({ code, killed });
    });
  });
}

it('a re-send killed mid-request is UNKNOWN after the restart and is never sent twice', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('docdesk-resend-kill-');
  const b = await backendFor(sandbox, { dataDir });
  const list = path.join(dataDir, 'list.csv');
  writeFileSync(list, '이름,휴대폰,생년월일\n홍길동,010-1234-9999,19800102\n');
  const { mailingId } = await b.mailing.import(list, { defaults: { title: '고지서', link: 'https://docdesk.example/k', csNumber: '02-000-0000', csName: '센터' } });
  await b.mailing.send(mailingId ?? '');
  const original = (await b.documents.query({ mailingId: mailingId ?? '', limit: 1 })).rows[0]?.externalDocumentUuid ?? '';
  expect((await b.mailing.documentDetail(original))?.errorCode).toBe('NOT_FOUND');
  await b.close();

  // The gateway processes the re-send and never answers: the CLI waits for an answer it will not get.
  await sandbox.docsgw.setFaults({ timeoutAfterBody: { endpoints: ['bulkSend'], count: 1 } });
  const before = bulkSends();
  const run = await resendAndKill(dataDir, original);
  await sandbox.docsgw.clearFaults();
  expect(run).toEqual({ code: null, killed: true });
  expect(bulkSends()).toBe(before + 1);
  const sentItems = sandbox.docsgw.ledger.requests().at(-1);
  expect(sentItems).toMatchObject({ endpoint: 'bulkSend', itemCount: 1, fault: 'timeoutAfterBody' });

  // The link and the decision were committed before the request left.
  const shown = await runCli(['--data-dir', dataDir, '--json', 'doc', 'show', original]);
  const newExt = String((shown.json.resentAs as { externalDocumentUuid: string } | null)?.externalDocumentUuid);
  expect(newExt).toMatch(/^DD/);
  expect(sandbox.docsgw.ledger.itemsFor(newExt)).toMatchObject([{ result: 'ACCEPTED' }]);

  // A second re-send is refused (the write open first recovers the interrupted request as UNKNOWN).
  const again = await runCli(['--data-dir', dataDir, '--json', 'doc', 'resend', original, '--phone', '010-5555-1212', '--yes']);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain(`이미 다시 보냈습니다: ${newExt}`);
  const fresh = await runCli(['--data-dir', dataDir, '--json', 'doc', 'show', newExt]);
  expect(fresh.json).toMatchObject({ state: 'UNKNOWN', errorMessage: 'crash-recovery', resendOf: { externalDocumentUuid: original } });

  // Sending its mailing again sends nothing: the UNKNOWN document waits for the operator's decision.
  const newMailing = String(fresh.json.mailingId);
  const resumed = await runCli(['--data-dir', dataDir, '--json', 'mail', 'send', newMailing, '--yes']);
  expect(resumed.code).toBe(3);
  expect(bulkSends()).toBe(before + 1);
  expect(sandbox.docsgw.ledger.itemsFor(newExt)).toHaveLength(1);
  expect(sandbox.docsgw.ledger.summary().externalIdsAcceptedMoreThanOnce).toBe(0);
});
