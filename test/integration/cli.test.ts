// The `docdesk` command as scripts and schedulers use it: JSON results, exit codes, global options anywhere,
// no prompts without a terminal, secrets write-only.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodeAdvice } from '../../shared/domain/docsgw-advice.ts';
import type { StateCounts } from '../../shared/domain/mailing.ts';
import { createBackend } from '../../main/app/backend.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { runCli } from '../helpers/cli.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const importArgs = ['--title', 'CLI 테스트', '--link', 'https://docdesk.example/x', '--cs-number', '02-111-2222', '--cs-name', '센터'];

describe('docdesk demo', () => {
  it('runs the whole job on the embedded sandbox and prints one JSON summary', { timeout: 120_000 }, async () => {
    const dir = tempDir();
    const r = await runCli(['demo', '--rows', '400', '--json', '--data-dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const s = r.json as { final: boolean; counts: StateCounts; rows: number; invalidRows: number; dataDir: string; documentsPerSecond: number };
    expect(s.final).toBe(true);
    expect(s.dataDir).toBe(dir);
    expect(s.rows).toBe(400);
    expect(s.invalidRows).toBe(8);
    expect(s.counts.UNKNOWN).toBe(0);
    expect(s.counts.REJECTED).toBeGreaterThanOrEqual(8); // NOT_FOUND and FORBIDDEN recipients
    expect(s.counts.READ + s.counts.EXPIRED).toBe(s.counts.ACCEPTED);
    expect(s.documentsPerSecond).toBeGreaterThan(0);
    expect(r.stderr).toContain('발송');
  });
});

describe('docdesk with an external sandbox', () => {
  let sandbox: RunningSandboxes;
  let dataDir: string;
  let list: string;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    dataDir = tempDir();
    await (await backendFor(sandbox, { dataDir })).close();
    list = path.join(dataDir, 'list.xlsx');
    await writeSampleRecipientList(list, { rows: 200, seed: 3 });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('imports with a validation report, accepts global options after the subcommand, and --strict fails on invalid rows', async () => {
    const r = await runCli(['mail', 'import', list, ...importArgs, '--json', '--data-dir', dataDir]);
    expect(r.code, r.stderr).toBe(0);
    const rep = r.json as { mailingId: string; rows: number; valid: number; invalid: number; errors: { row: number; column: string; field: string; code: string; message: string }[] };
    expect(rep.mailingId).toMatch(/^M-/);
    expect(rep.rows).toBe(200);
    expect(rep.invalid).toBe(4);
    expect(rep.valid).toBe(196);
    for (const e of rep.errors) {
      expect(e.row).toBeGreaterThan(1);
      expect(e.message).toMatch(/[가-힣]/);
    }
    const strict = await runCli(['--data-dir', dataDir, '--json', 'mail', 'import', list, ...importArgs, '--strict']);
    expect(strict.code).toBe(2);
  });

  it('refuses to send without --yes when stdin is not a terminal, then sends with it (exit 0 with refusals)', async () => {
    const imp = await runCli(['--data-dir', dataDir, '--json', 'mail', 'import', list, ...importArgs, '--save-preset', '기본']);
    const id = String(imp.json.mailingId);
    const noYes = await runCli(['--data-dir', dataDir, 'mail', 'send', id]);
    expect(noYes.code).toBe(2);
    expect(noYes.stderr).toContain('--yes');
    const sent = await runCli(['--data-dir', dataDir, '--json', 'mail', 'send', id, '--yes']);
    expect(sent.code, sent.stderr).toBe(0);
    const counts = sent.json.counts as StateCounts;
    expect(counts.REJECTED).toBeGreaterThan(0);
    expect(counts.ACCEPTED + counts.REJECTED).toBe(196);
    const status = await runCli(['mail', 'status', id, '--json', '--data-dir', dataDir]);
    expect(status.json.counts).toEqual(counts);
    const presets = await runCli(['--data-dir', dataDir, '--json', 'mail', 'presets']);
    expect((presets.json.presets as { name: string }[]).map((p) => p.name)).toContain('기본');
    const withPreset = await runCli(['--data-dir', dataDir, '--json', 'mail', 'import', list, ...importArgs, '--preset', '기본']);
    expect(withPreset.code).toBe(0);
    const cancel = await runCli(['--data-dir', dataDir, '--json', 'mail', 'cancel', String(withPreset.json.mailingId), '--yes']);
    expect(cancel.json.cancelled).toBe(196);
  });

  it('exits 3 when UNKNOWN documents need an operator decision, and shows a document timeline', async () => {
    const imp = await runCli(['--data-dir', dataDir, '--json', 'mail', 'import', list, ...importArgs]);
    const id = String(imp.json.mailingId);
    await sandbox.docsgw.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_ERROR', endpoints: ['bulkSend'], count: 1, processFirst: true } });
    const sent = await runCli(['--data-dir', dataDir, '--json', 'mail', 'send', id, '--yes']);
    await sandbox.docsgw.clearFaults();
    expect(sent.code).toBe(3);
    expect((sent.json.counts as StateCounts).UNKNOWN).toBeGreaterThan(0);
    const resolved = await runCli(['--data-dir', dataDir, '--json', 'mail', 'resolve', id, '--unknown', 'abandon']);
    expect(resolved.code).toBe(0);
    const ext = [...sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()].at(-1)!;
    const doc = await runCli(['--data-dir', dataDir, '--json', 'doc', 'show', ext]);
    expect(doc.code).toBe(0);
    expect((doc.json.timeline as { kind: string }[]).map((e) => e.kind)).toContain('imported');
    expect((await runCli(['--data-dir', dataDir, 'doc', 'show', 'NO-SUCH-DOC'])).code).toBe(2);
  });

  it('doc show and mail status print the Korean advice next to a refusal code, and include it in --json', async () => {
    const cli = (args: string[]) => runCli(['--data-dir', dataDir, ...args]);
    const imp = await cli(['--json', 'mail', 'import', list, ...importArgs]);
    const id = String(imp.json.mailingId);
    expect((await cli(['--json', 'mail', 'send', id, '--yes'])).code).toBe(0);

    const notFound = errorCodeAdvice('NOT_FOUND');
    const status = await cli(['--json', 'mail', 'status', id]);
    const errors = status.json.errors as { state: string; code: string; count: number; explanation: string; advice: string }[];
    // The sample list's 9999 recipients are not KakaoPay members, its 4444 recipients blocked the sender.
    expect(errors.find((e) => e.code === 'NOT_FOUND')).toMatchObject({ state: 'REJECTED', explanation: notFound.explanation, advice: notFound.advice });
    expect(errors.find((e) => e.code === 'FORBIDDEN')).toMatchObject({ state: 'REJECTED', advice: errorCodeAdvice('FORBIDDEN').advice });
    const statusText = (await cli(['mail', 'status', id])).stdout;
    expect(statusText).toContain(`REJECTED NOT_FOUND`);
    expect(statusText).toContain(`조치: ${notFound.advice}`);

    const reader = await createBackend({ dataDir, env: {}, access: 'read' });
    const rejected = (await reader.documents.query({ mailingId: id, errorCode: 'NOT_FOUND', limit: 1 })).rows[0];
    await reader.close();
    const ext = rejected?.externalDocumentUuid;
    if (!ext) throw new Error('no NOT_FOUND document in the sample mailing');
    const show = await cli(['doc', 'show', ext]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('오류 NOT_FOUND');
    expect(show.stdout).toContain(`설명: ${notFound.explanation}`);
    expect(show.stdout).toContain(`조치: ${notFound.advice}`);
    const json = await cli(['--json', 'doc', 'show', ext]);
    expect(json.json).toMatchObject({ state: 'REJECTED', errorCode: 'NOT_FOUND', advice: notFound });
  });

  it('rejects a bad profile file naming the field, and keeps secrets write-only', async () => {
    const bad = path.join(dataDir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ name: 'prod-x', kind: 'production', docsgw: { host: 'docs-gw.kakaopay.com', addresses: ['113.29.182.90'], port: 8443 } }));
    const r = await runCli(['--data-dir', dataDir, 'profile', 'import', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('docsgw.port');
    const marker = 'MARKER-SECRET-7f3a9c2e-XYZW';
    const set = await runCli(['--data-dir', dataDir, '--json', 'secret', 'set', 'docsgw.accessToken'], { input: `${marker}\n` });
    expect(set.code).toBe(0);
    expect(set.stdout).not.toContain(marker.slice(0, -4));
    const status = await runCli(['--data-dir', dataDir, '--json', 'secret', 'status']);
    expect(status.stdout).toContain('XYZW');
    expect(status.stdout).not.toContain(marker);
    expect((await runCli(['--data-dir', dataDir, 'mail', 'list', '--bogus'])).code).toBe(2);
    expect((await runCli(['--data-dir', dataDir, 'profile', 'use', 'kakaopay-public', '--yes'])).code).toBe(4);
  });
});
