// `docdesk doc resend` and `docdesk doc check` (issue 14 items 4 and 10) as scripts use them: confirmation with
// --yes, Korean refusals with exit 2 that change nothing, the new external id in --json, refusals by the gateway as
// per-document results (exit 0 with the code's advice), and one document's status now.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeAdvice } from '../../shared/domain/docsgw-advice.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { runCli } from '../helpers/cli.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
let dataDir: string;
let notFound: string;
let forbidden: string;

const cli = (...args: string[]) => runCli(['--data-dir', dataDir, ...args]);
const requests = (): number => sandbox.docsgw.ledger.requests().length;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dataDir = tempDir('docdesk-resend-cli-');
  const b = await backendFor(sandbox, { dataDir });
  const list = path.join(dataDir, 'list.csv');
  writeFileSync(list, '이름,휴대폰,생년월일\n홍길동,010-1234-9999,19800102\n이영희,010-3333-4444,19900304\n');
  const { mailingId } = await b.mailing.import(list, { defaults: { title: '고지서', link: 'https://docdesk.example/c', csNumber: '02-000-0000', csName: '센터' } });
  await b.mailing.send(mailingId ?? '');
  const ext = async (code: string) => (await b.documents.query({ mailingId: mailingId ?? '', errorCode: code, limit: 1 })).rows[0]?.externalDocumentUuid ?? '';
  notFound = await ext('NOT_FOUND');
  forbidden = await ext('FORBIDDEN');
  await b.close();
});
afterAll(async () => {
  await sandbox.close();
});

describe('docdesk doc resend', () => {
  it('needs --yes off a terminal and refuses a bad correction in Korean, sending nothing', async () => {
    const before = requests();
    const noYes = await cli('doc', 'resend', notFound, '--phone', '010-5555-6666');
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    expect(noYes.stderr).toContain('휴대폰 번호: 010-****-9999 → 01055556666');
    const bad = await cli('--json', 'doc', 'resend', notFound, '--phone', '02-1234-5678', '--yes');
    expect(bad.code).toBe(2);
    expect(bad.json).toMatchObject({ ok: false, error: { code: 'INVALID_RECIPIENT' } });
    expect(bad.stderr).toContain('휴대폰 번호는 010처럼 01로 시작');
    const tooLong = await cli('doc', 'resend', notFound, '--birthday', '1'.repeat(41), '--yes');
    expect(tooLong.code).toBe(2);
    expect(tooLong.stderr).toContain('--birthday (생년월일)');
    expect((await cli('doc', 'resend')).code).toBe(2);
    expect((await cli('doc', 'resend', 'NO-SUCH-DOC', '--yes')).code).toBe(2);
    expect(requests()).toBe(before);
    expect((await cli('--json', 'doc', 'show', notFound)).json.resentAs).toBeNull();
  });

  it('re-sends with --yes, prints the new external id in --json, and refuses a second re-send', async () => {
    const r = await cli('--json', 'doc', 'resend', notFound, '--phone', '010-5555-6666', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ state: 'ACCEPTED', resendOf: notFound, profile: 'test-sandbox', changes: [{ field: 'phone', after: '01055556666' }] });
    const newExt = String(r.json.externalDocumentUuid);
    expect(newExt).not.toBe(notFound);
    expect(sandbox.docsgw.ledger.itemsFor(newExt)).toMatchObject([{ result: 'ACCEPTED' }]);

    const again = await cli('--json', 'doc', 'resend', notFound, '--phone', '010-5555-6666', '--yes');
    expect(again.code).toBe(2);
    expect(again.json).toMatchObject({ ok: false, error: { code: 'ALREADY_RESENT' } });
    expect(again.stderr).toContain(`이미 다시 보냈습니다: ${newExt}`);
    const shown = await cli('doc', 'show', notFound);
    expect(shown.stdout).toContain('resentAs');
    expect(shown.stdout).toContain(newExt);
  });

  it('exits 0 when the gateway refuses the new document too, with the code’s advice', async () => {
    const r = await cli('doc', 'resend', forbidden, '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('REJECTED FORBIDDEN');
    expect(r.stdout).toContain(`조치: ${errorCodeAdvice('FORBIDDEN').advice}`);
  });
});

describe('docdesk doc check', () => {
  it('asks one document’s status now, and refuses what it must not ask', async () => {
    const newExt = String(((await cli('--json', 'doc', 'show', notFound)).json.resentAs as { externalDocumentUuid: string }).externalDocumentUuid);
    await new Promise((r) => setTimeout(r, 1_000));
    const r = await cli('--json', 'doc', 'check', newExt);
    expect(r.code, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ outcome: 'ok', externalDocumentUuid: newExt, docBoxStatus: 'RECEIVED', changed: true });
    expect((await cli('--json', 'doc', 'show', newExt)).json.docBoxStatus).toBe('RECEIVED');

    const soon = await cli('doc', 'check', newExt);
    expect(soon.code).toBe(1);
    expect(soon.stderr).toContain('5초');
    const rejected = await cli('doc', 'check', notFound);
    expect(rejected.code).toBe(2);
    expect(rejected.stderr).toContain('접수한 문서가 아니라');
    expect((await cli('doc', 'check', 'NO-SUCH-DOC')).code).toBe(2);
  });
});
