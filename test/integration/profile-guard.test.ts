// Profiles cannot be changed behind the operator's back (issue 13 §2): replacing a profile of the same name — the
// active one included — needs a confirmation of exactly the changes shown; imports, `config set`, documents
// exports and error-list exports are audit events; and a sandbox (folder or profile kind) is refused before any
// connection when a profile points beyond loopback.
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { createContractHandlers } from '../../main/app/contract-handlers.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { runCli } from '../helpers/cli.ts';
import { startTestSandbox, tempDir, uploadPath, writeSandboxProfile } from '../helpers/test-backend.ts';

const cli = (...args: string[]) => runCli(args);

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function opData(b: Awaited<ReturnType<typeof createBackend>>, ev: string): Promise<Record<string, unknown>[]> {
  return (await b.audit.events({ ev, limit: 100 })).rows.map((e) => e.record?.data ?? {});
}

describe('replacing a profile', () => {
  it('needs the confirmation of exactly the changes shown, also for the active profile, and is audited', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const b = await createBackend({ dataDir, env: {} });
    const { invoke } = createContractHandlers(b, () => {});
    try {
      const file = writeSandboxProfile(sandbox, uploadPath(dataDir, 'p.json'), { name: 'rehearsal' });
      expect(await invoke('profiles:previewImport', { filePath: file })).toMatchObject({ ok: true, value: { name: 'rehearsal', exists: false, changes: [] } });
      expect(await invoke('profiles:import', { filePath: file })).toMatchObject({ ok: true, value: { name: 'rehearsal', replaced: false } });
      expect(await invoke('profiles:use', { name: 'rehearsal' })).toMatchObject({ ok: true });

      // The same name again, pointing elsewhere: refused without a confirmation, nothing changes.
      writeSandboxProfile(sandbox, file, { name: 'rehearsal', addresses: ['127.0.0.9'] });
      const preview = await invoke('profiles:previewImport', { filePath: file });
      expect(preview).toMatchObject({ ok: true, value: { exists: true, active: true, changes: [{ field: 'docsgw.addresses', before: sandbox.docsgw.addresses.join(', '), after: '127.0.0.9' }] } });
      const digest = preview.ok ? (preview.value as { digest: string }).digest : '';
      const refused = await invoke('profiles:import', { filePath: file });
      expect(refused).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED', details: { name: 'rehearsal', digest } } });
      expect(!refused.ok && refused.error.message).toContain('docsgw.addresses');
      expect((await b.profiles.get('rehearsal')).docsgw.addresses).toEqual(sandbox.docsgw.addresses);
      expect(b.profile().docsgw.addresses).toEqual(sandbox.docsgw.addresses);

      // A confirmation given for what was shown does not apply to a file that changed since.
      writeSandboxProfile(sandbox, file, { name: 'rehearsal', addresses: ['127.0.0.10'] });
      expect(await invoke('profiles:import', { filePath: file, confirmReplace: digest })).toMatchObject({ ok: false, error: { code: 'CONFIRMATION_REQUIRED' } });
      expect((await b.profiles.get('rehearsal')).docsgw.addresses).toEqual(sandbox.docsgw.addresses);

      // Confirmed: stored, and the active profile is rebuilt at once.
      const fresh = await invoke('profiles:previewImport', { filePath: file });
      const ok = await invoke('profiles:import', { filePath: file, confirmReplace: fresh.ok ? (fresh.value as { digest: string }).digest : '' });
      expect(ok).toMatchObject({ ok: true, value: { replaced: true, changes: 1 } });
      expect(b.profile().docsgw.addresses).toEqual(['127.0.0.10']);
      const imports = await opData(b, 'op.profile.import');
      expect(imports).toHaveLength(2);
      expect(imports).toContainEqual(expect.objectContaining({ replaced: true, changes: [{ field: 'docsgw.addresses', before: sandbox.docsgw.addresses.join(', '), after: '127.0.0.10' }] }));
    } finally {
      await b.close();
    }
  });

  it('replacing the active profile is refused while a send runs on it', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const b = await createBackend({ dataDir, env: {} });
    const { invoke } = createContractHandlers(b, () => {});
    try {
      const file = writeSandboxProfile(sandbox, uploadPath(dataDir, 'p.json'), { name: 'live' });
      await b.importProfile(file);
      await b.useProfile('live');
      const list = uploadPath(dataDir, 'l.xlsx');
      await writeSampleRecipientList(list, { rows: 80 });
      const imp = await invoke('mailing:import', { filePath: list, defaults: { title: 't', link: 'https://docdesk.example/x', csNumber: '02-1', csName: 'c' } });
      const mailingId = imp.ok ? (imp.value as { mailingId: string }).mailingId : '';
      await sandbox.docsgw.setFaults({ latencyMs: { ms: 400, endpoints: ['bulkSend'] } });
      const sending = invoke('mailing:send', { mailingId });
      await new Promise((r) => setTimeout(r, 150));
      writeSandboxProfile(sandbox, file, { name: 'live', concurrency: 1 });
      const preview = (await b.previewProfileImport(file));
      const r = await invoke('profiles:import', { filePath: file, confirmReplace: preview.digest });
      expect(r).toMatchObject({ ok: false, error: { code: 'PROFILE_BUSY' } });
      expect((await b.profiles.get('live')).docsgw.concurrency).toBe(2);
      expect(await sending).toMatchObject({ ok: true });
    } finally {
      await sandbox.docsgw.clearFaults();
      await b.close();
    }
  });

  it('the CLI lists the changes and replaces only with --yes', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const file = writeSandboxProfile(sandbox, path.join(dataDir, 'p.json'), { name: 'cli-profile' });
    expect((await cli('--data-dir', dataDir, 'profile', 'import', file)).code).toBe(0);
    writeSandboxProfile(sandbox, file, { name: 'cli-profile', addresses: ['127.0.0.7'] });
    const asked = await cli('--data-dir', dataDir, 'profile', 'import', file);
    expect(asked.code).toBe(2);
    expect(asked.stderr).toContain('docsgw.addresses');
    expect(asked.stderr).toContain('127.0.0.7');
    const shown = await cli('--data-dir', dataDir, '--json', 'profile', 'show', 'cli-profile');
    expect((shown.json['docsgw'] as { addresses: string[] }).addresses).toEqual(sandbox.docsgw.addresses);
    const yes = await cli('--data-dir', dataDir, '--json', '--yes', 'profile', 'import', file);
    expect(yes.code).toBe(0);
    expect(yes.json).toMatchObject({ imported: 'cli-profile', replaced: true, changes: 1 });
  });
});

describe('audited changes and exports', () => {
  it('config set, documents:export and mailing:exportErrors are audit events', { timeout: 60_000 }, async () => {
    const dataDir = tempDir();
    const r = await cli('--data-dir', dataDir, 'config', 'set', 'institutionName', '한빛관리사무소');
    expect(r.code).toBe(0);
    const b = await createBackend({ dataDir, env: {} });
    const { invoke } = createContractHandlers(b, () => {});
    try {
      expect(await opData(b, 'op.config.set')).toEqual([expect.objectContaining({ before: '', after: '한빛관리사무소' })]);
      expect(await invoke('documents:export', { search: '010-1234' })).toMatchObject({ ok: true });
      const exportEvents = await opData(b, 'op.documents.export');
      expect(exportEvents).toEqual([expect.objectContaining({ rows: 0, view: expect.objectContaining({ searched: true }) })]);
      // The search text (a phone number here) stays out of the log.
      expect(JSON.stringify(exportEvents)).not.toContain('1234');
      const errs = await invoke('mailing:exportErrors', { fileName: '명단.xlsx', errors: [{ row: 3, column: 'B', field: 'phone', code: 'BAD_PHONE', message: '전화번호가 올바르지 않습니다.' }] });
      expect(errs).toMatchObject({ ok: true });
      expect(await opData(b, 'op.mailing.export_errors')).toEqual([expect.objectContaining({ rows: 1 })]);
    } finally {
      await b.close();
    }
  });
});

/** An address of this machine that is not loopback, if it has one. */
function nonLoopbackAddress(): string | null {
  for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  return null;
}

describe('sandbox reaches loopback only', () => {
  it('a sandbox-labelled profile pointing beyond loopback is refused before any connection', { timeout: 60_000 }, async () => {
    const outside = nonLoopbackAddress() ?? '192.0.2.10';
    // A listener on that address counts connection attempts: there must be none.
    let connections = 0;
    const listener = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '0.0.0.0', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    const dataDir = tempDir();
    const file = path.join(dataDir, 'fake-sandbox.json');
    writeFileSync(
      file,
      JSON.stringify({ name: 'fake-sandbox', kind: 'sandbox', docsgw: { host: 'docs-gw.kakaopay.com', addresses: [outside], port, connectTimeoutMs: 500 }, kcp: { transport: 'socket', host: outside, port, siteCd: 'T0000' } }),
    );
    try {
      const imported = await cli('--data-dir', dataDir, 'profile', 'import', file);
      expect(imported.code).toBe(4);
      expect(imported.stderr).toContain('이 PC 밖으로 연결하도록');
      expect(imported.stderr).toContain(`docsgw → ${outside}`);

      // Stored by an older DocDesk (no check at import): neither a start on it, a switch to it nor a send connects.
      const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
      db.prepare('INSERT INTO profiles (name, json, created_at) VALUES (?, ?, ?)').run('fake-sandbox', JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))), Date.now());
      db.close();
      await expect(createBackend({ dataDir, env: {}, profile: 'fake-sandbox' })).rejects.toMatchObject({ code: 'NOT_LOOPBACK' });
      const b = await createBackend({ dataDir, env: {} });
      try {
        await expect(b.useProfile('fake-sandbox')).rejects.toMatchObject({ code: 'NOT_LOOPBACK' });
        expect(b.profile().name).toBe('sandbox');
      } finally {
        await b.close();
      }
      const list = path.join(dataDir, 'l.xlsx');
      await writeSampleRecipientList(list, { rows: 5 });
      const imp = await cli('--data-dir', dataDir, '--profile', 'fake-sandbox', 'mail', 'import', list, '--title', 't', '--link', 'https://docdesk.example/x', '--cs-number', '02-1', '--cs-name', 'c');
      expect(imp.code).toBe(4);
      expect(imp.stderr).toContain('이 PC 밖으로 연결하도록');
      const useIt = await cli('--data-dir', dataDir, 'profile', 'use', 'fake-sandbox');
      expect(useIt.code).toBe(4);
    } finally {
      await new Promise((r) => listener.close(r));
    }
    expect(connections).toBe(0);
  });
});
