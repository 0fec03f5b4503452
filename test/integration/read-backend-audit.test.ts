// A read backend (CLI `mail status`, `mail list`, `audit events`, `audit key`, `audit checkpoints`: no data-folder
// lock, the app may be running and writing) opens audit.db read-only and starts no audit writer when the file needs
// nothing from one (issue 16 item 1: no second process writing audit.db beside the app). Counted with this process's
// descriptors of each file and their open flags (/proc/self/fdinfo): a writer backend open in the same process (as
// the app would be) holds its own, so the read backend's are the difference. Before, every read backend started an
// audit writer of its own, whose connection opened audit.db read-write.
import { existsSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { descriptorsOf } from '../helpers/db-descriptors.ts';
import { tempDir } from '../helpers/test-backend.ts';

const DEFAULTS = { title: '읽기 전용 시험', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터' };

const configEvents = async (b: Backend): Promise<number> => (await b.audit.events({ ev: 'op.config.', limit: 100 })).total;

it.runIf(process.platform === 'linux')(
  'beside an open writer backend, a read backend reads both files read-only, starts no audit writer, sees the writer’s rows and refuses audit writes',
  { timeout: 120_000 },
  async () => {
    const dataDir = tempDir('docdesk-read-audit-');
    await (await createBackend({ dataDir, env: {} })).close();
    const auditFile = realpathSync(path.join(dataDir, 'audit.db'));
    const docdeskFile = realpathSync(path.join(dataDir, 'docdesk.db'));

    const writer = await createBackend({ dataDir, env: {} });
    try {
      const list = path.join(tempDir(), 'list.xlsx');
      await writeSampleRecipientList(list, { rows: 20 });
      const { mailingId } = await writer.mailing.import(list, { defaults: DEFAULTS, name: '앱이 쓰는 중' });
      await writer.config.set('institutionName', '기관 A');
      const before = { audit: descriptorsOf(auditFile), docdesk: descriptorsOf(docdeskFile) };
      expect(before.audit.readWrite).toBe(1); // the writer backend's audit writer

      const reader = await createBackend({ dataDir, env: {}, access: 'read' });
      try {
        // What `mail list`, `audit events` and `audit checkpoints` call: the writer's rows, committed before and after.
        expect((await reader.mailing.list()).map((m) => m.id)).toContain(mailingId);
        expect(await configEvents(reader)).toBe(await configEvents(writer));
        await writer.config.set('institutionName', '기관 B');
        expect(await configEvents(reader)).toBe(await configEvents(writer));
        expect(await reader.audit.checkpoints()).toEqual(await writer.audit.checkpoints());
        expect(reader.audit.key().fingerprint).toBe(writer.audit.key().fingerprint);

        // One more read-only descriptor of audit.db, none opened for writing: no audit writer in the read backend.
        expect(descriptorsOf(auditFile)).toEqual({ open: before.audit.open + 1, readWrite: before.audit.readWrite });
        expect(descriptorsOf(docdeskFile).readWrite).toBe(before.docdesk.readWrite);

        // Its writes are refused before anything is done, in Korean, saying what to do next.
        const signed = (await writer.audit.checkpoints()).length;
        expect(() => reader.audit.checkpoint()).toThrow(expect.objectContaining({ code: 'AUDIT_READ_ONLY', message: expect.stringContaining('기록하는 명령으로 다시 실행하세요') }));
        expect(() => reader.audit.setRetentionDays(800)).toThrow(expect.objectContaining({ code: 'AUDIT_READ_ONLY' }));
        await expect(reader.audit.verify()).rejects.toMatchObject({ code: 'AUDIT_READ_ONLY' });
        expect(await writer.audit.checkpoints()).toHaveLength(signed);
        expect((await writer.audit.settings()).retentionDays).not.toBe(800);
      } finally {
        await reader.close();
      }
      // SQLite's unix VFS keeps a closed connection's descriptor while other connections of the process hold locks on
      // the file (the writer backend's), so only the read-write count is compared here; all are gone at the end.
      expect(descriptorsOf(auditFile).readWrite).toBe(before.audit.readWrite);
      expect(descriptorsOf(docdeskFile).readWrite).toBe(before.docdesk.readWrite);
    } finally {
      await writer.close();
    }
    expect(descriptorsOf(auditFile)).toEqual({ open: 0, readWrite: 0 });
  },
);

it.runIf(process.platform === 'linux')('a read backend on a folder without audit.db has its writer create it; the next read backend starts none', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('docdesk-read-audit-new-');
  const fresh = await createBackend({ dataDir, env: {}, access: 'read' });
  const auditFile = realpathSync(path.join(dataDir, 'audit.db'));
  try {
    // The read-only connection and the writer's, which created the file, the log's id and its genesis.
    expect(descriptorsOf(auditFile)).toEqual({ open: 2, readWrite: 1 });
    expect((await fresh.audit.events({ ev: 'audit.genesis' })).total).toBe(1);
  } finally {
    await fresh.close();
  }
  const again = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    expect((await again.audit.events({ ev: 'audit.genesis' })).total).toBe(1);
    expect(descriptorsOf(auditFile)).toEqual({ open: 1, readWrite: 0 });
  } finally {
    await again.close();
  }
});

it.runIf(process.platform === 'linux')('a read backend on audit.db with a migration checksum not recorded has its writer record it', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('docdesk-read-audit-checksum-');
  await (await createBackend({ dataDir, env: {} })).close();
  const file = path.join(dataDir, 'audit.db');
  const key = deriveAuditKeys(loadDataDirKeys(dataDir, undefined).auditKey).dbKey;
  const recorded = (): number => {
    const db = openAuditDatabase(file, key, { readonly: true });
    try {
      return Number(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get());
    } finally {
      db.close();
    }
  };
  const all = recorded();
  expect(all).toBeGreaterThan(0);
  // As a file from before checksums: the last one is missing.
  const db = openAuditDatabase(file, key);
  db.prepare('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)').run();
  db.close();
  expect(recorded()).toBe(all - 1);

  const reader = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    expect(descriptorsOf(realpathSync(file))).toEqual({ open: 2, readWrite: 1 });
  } finally {
    await reader.close();
  }
  expect(recorded()).toBe(all);
  expect(existsSync(file)).toBe(true);
});

it.runIf(process.platform === 'linux')('a read backend that writes docdesk.db starts its audit writer first: the operator action is in the chain', { timeout: 120_000 }, async () => {
  const dataDir = tempDir('docdesk-read-audit-step-');
  await (await createBackend({ dataDir, env: {} })).close();
  const auditFile = realpathSync(path.join(dataDir, 'audit.db'));
  const reader = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    expect(descriptorsOf(auditFile)).toEqual({ open: 1, readWrite: 0 });
    const before = await configEvents(reader);
    await reader.config.set('institutionName', '기관 C');
    expect(await configEvents(reader)).toBe(before + 1);
    expect(descriptorsOf(auditFile)).toEqual({ open: 2, readWrite: 1 });
  } finally {
    await reader.close();
  }
  const check = await createBackend({ dataDir, env: {} });
  try {
    expect(await configEvents(check)).toBeGreaterThan(0);
    expect((await check.audit.verify()).ok).toBe(true);
  } finally {
    await check.close();
  }
});
