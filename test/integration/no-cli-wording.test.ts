// No screen speaks CLI (issue 14 item 9): an error that needs a credential or a confirmation reaches the screens
// without a command or a flag in its message, with structured details the screen turns into a link or a button;
// the CLI, from the same error, names its command or flag.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestSandbox, tempDir, uploadPath } from '../helpers/test-backend.ts';

const PASS = 'no-cli-wording-passphrase';
const speaksCli = /docdesk |--[a-z]/;

let sandbox: RunningSandboxes;
let dataDir: string;
let b: Backend;
let invoke: ReturnType<typeof createContractHandlers>['invoke'];

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dataDir = tempDir();
  const profileFile = path.join(dataDir, 'profile.json');
  // A test-kind profile: no built-in credentials, so a send needs the agency's values first.
  writeFileSync(
    profileFile,
    JSON.stringify({
      name: 'agency-test',
      kind: 'test',
      docsgw: { host: sandbox.docsgw.host, addresses: sandbox.docsgw.addresses, port: sandbox.docsgw.port, caFile: sandbox.docsgw.caFile, timeoutMs: 10_000, connectTimeoutMs: 2_000 },
    }),
  );
  const setup = await createBackend({ dataDir, env: {}, passphrase: PASS, access: 'read' });
  await setup.importProfile(profileFile);
  await setup.useProfile('agency-test');
  await setup.close();
  b = await createBackend({ dataDir, env: {}, passphrase: PASS });
  invoke = createContractHandlers(b, () => {}).invoke;
}, 60_000);
afterAll(async () => {
  await b?.close();
  await sandbox?.close();
});

describe('errors that need an action outside the screen', () => {
  it('a missing credential: no command on the screen, the key in details; the CLI names secret set', { timeout: 60_000 }, async () => {
    const list = uploadPath(dataDir, 'list.csv');
    writeFileSync(list, '이름,휴대폰,생년월일\n홍길동,01012341234,19800101\n');
    const imported = await invoke('mailing:import', { filePath: list, defaults: { title: '안내', link: 'https://docdesk.example/a', csNumber: '02-1', csName: '센터' } });
    expect(imported.ok, JSON.stringify(imported)).toBe(true);
    const mailingId = (imported as { value: { mailingId: string } }).value.mailingId;
    const sent = await invoke('mailing:send', { mailingId });
    expect(sent).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_MISSING', details: { kind: 'credential', key: 'docsgw.accessToken', profile: 'agency-test' } } });
    expect((sent as { error: { message: string } }).error.message).not.toMatch(speaksCli);
    await b.close();

    const cli = await runCli(['--data-dir', dataDir, 'mail', 'send', mailingId, '--yes'], { env: { DOCDESK_PASSPHRASE: PASS } });
    expect(cli.code).toBe(4);
    expect(cli.stderr).toContain("'docdesk secret set docsgw.accessToken'");
    b = await createBackend({ dataDir, env: {}, passphrase: PASS });
    invoke = createContractHandlers(b, () => {}).invoke;
  });

  it('an unconfirmed bank: the screen gets a confirmation to ask, the CLI the --yes flag', { timeout: 60_000 }, async () => {
    const own = await createBackend({ dataDir: tempDir(), env: {} });
    try {
      const r = await createContractHandlers(own, () => {}).invoke('kcp:verify', { bankCode: '50', accountNo: '12345678', ownerName: '홍길동' });
      expect(r).toMatchObject({ ok: false, error: { code: 'UNVERIFIED_BANK', details: { kind: 'confirm', bankCode: '50' } } });
      expect((r as { error: { message: string } }).error.message).not.toMatch(speaksCli);
    } finally {
      await own.close();
    }
    const cli = await runCli(['--data-dir', tempDir(), 'kcp', 'verify', '--bank', '50', '--account', '12345678', '--owner', '홍길동']);
    expect(cli.code).toBe(3);
    expect(cli.stderr).toContain('--yes');
  });
});
