// One writer per database, for audit.db (issue 16 items 1–2): the audit writer's thread holds the only read-write
// connection to audit.db in the process; the main thread's connection is read-only through everything it used to
// write itself — the tree upgrade of a log from before the tree, signed checkpoints, their anchoring, a key
// rotation, a setting and the retention purge. Counted from the process's open descriptors of audit.db and their
// access mode (/proc/self/fdinfo): SQLite opens a read-only connection O_RDONLY and a writing one O_RDWR. Before,
// the main thread's connection was a second O_RDWR descriptor (and the only one of a log without its thread).
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { createProducerLink } from '../../main/audit/producer-link.ts';
import { writeV1AuditLog } from '../helpers/audit-v1-log.ts';
import { tempDir } from '../helpers/test-backend.ts';

const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };

/** This process's descriptors of `file` itself (not its -wal or -shm), by access mode. */
function descriptorsOf(file: string): { readWrite: number; readOnly: number } {
  const out = { readWrite: 0, readOnly: 0 };
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== file) continue;
      const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
      if (!flags) throw new Error(`no flags for descriptor ${fd}`);
      // O_ACCMODE: 0 read-only, 2 read-write.
      if ((parseInt(flags[1]!, 8) & 3) === 0) out.readOnly++;
      else out.readWrite++;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // closed meanwhile
    }
  }
  return out;
}

it.runIf(process.platform === 'linux')(
  "the main thread's audit.db connection is read-only through a tree upgrade, checkpoints, an anchor, a key rotation, a setting and a purge: one read-write connection in the process",
  async () => {
    const dataDir = tempDir('docdesk-audit-one-writer-');
    const auditKey = randomBytes(32);
    // A log from before the Merkle tree (its rows from 2026-01-01): the upgrade is due at open.
    writeV1AuditLog(dataDir, auditKey, 300, 200);
    const file = realpathSync(path.join(dataDir, 'audit.db'));
    // As the backend opens it: with the link to docdesk.db's writer (whose end stays unused here).
    const link = createProducerLink();
    // Two and a half years later: the old rows are past the 2-year retention.
    const now = Date.parse('2028-06-01T00:00:00Z');
    const anchor = path.join(tempDir(), 'share');
    const svc = await openAuditService({ dataDir, auditKey, actor, selfCheck: true, checkpointEvery: 20, producer: link.audit, now: () => now });
    const seen: { what: string; readWrite: number; readOnly: number }[] = [];
    const sample = (what: string): void => void seen.push({ what, ...descriptorsOf(file) });
    try {
      sample('open (tree upgrade)');
      expect(svc.startup?.ok).toBe(true);
      expect((await svc.events({ ev: 'audit.tree_built', limit: 10 })).rows).toHaveLength(1);
      await svc.setAnchorFolder(anchor);
      sample('anchor folder set, checkpoint signed and anchored');
      for (let i = 0; i < 30; i++) await svc.appendDurable({ ev: 'op.test.event', actor, data: { i } });
      await svc.flush();
      sample('automatic checkpoints');
      const manual = await svc.checkpoint();
      sample('manual checkpoint');
      const rotated = await svc.rotateKey('정기 키 교체');
      sample('key rotation');
      svc.setRetentionDays(730);
      sample('retention setting');
      const purged = await svc.purgeExpired();
      sample('purge');
      const report = await svc.verify();
      sample('verify');

      // Every write happened, on the writer.
      expect(manual.size).toBeGreaterThan(300);
      expect((await svc.checkpoints()).every((c) => c.anchoredAt !== null)).toBe(true);
      expect(readdirSync(anchor).length).toBe((await svc.checkpoints()).length);
      expect(rotated.newFp).not.toBe(rotated.oldFp);
      expect(svc.key().fingerprint).toBe(rotated.newFp);
      expect(await svc.settings()).toEqual({ anchorFolder: path.resolve(anchor), retentionDays: 730 });
      expect(purged).toEqual({ lo: 1, hi: 299 });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    } finally {
      await svc.close();
      link.producer.port.close();
    }
    expect(seen.filter((s) => s.readWrite !== 1 || s.readOnly !== 1)).toEqual([]);
  },
  120_000,
);

it.runIf(process.platform === 'linux')('a backend opens audit.db read-write once: on the audit writer, beside its read-only connection', async () => {
  const dataDir = tempDir('docdesk-audit-one-writer-backend-');
  const b = await createBackend({ dataDir, env: {} });
  const file = realpathSync(path.join(dataDir, 'audit.db'));
  const seen: { readWrite: number; readOnly: number }[] = [descriptorsOf(file)];
  try {
    await b.audit.checkpoint();
    seen.push(descriptorsOf(file));
    await b.audit.rotateKey('정기 키 교체');
    seen.push(descriptorsOf(file));
    await b.audit.updateSettings({ anchorFolder: path.join(tempDir(), 'share') });
    seen.push(descriptorsOf(file));
  } finally {
    await b.close();
  }
  expect(seen).toEqual(seen.map(() => ({ readWrite: 1, readOnly: 1 })));
}, 120_000);
