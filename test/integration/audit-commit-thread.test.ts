// The audit chain committed on a thread of its own (main/audit/audit-commit-thread.ts), as the backend runs it:
// appends are committed without a flush, in append order, and the chain verifies; a durable append waits for
// the thread; a thread that cannot open the database refuses at open, at once; a failed commit keeps its events
// queued and the next successful one commits them exactly once.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { AuditUnavailableError, openAuditLog } from '../../main/audit/audit-log.ts';
import { createSqliteAuditReads } from '../../main/reads/sqlite-audit-reads.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { openAuditWriter } from '../../main/audit/open-audit-writer.ts';
import { StepRefusedError } from '../../main/store/step-refusal.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tmp = (): string => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'docdesk-audit-thread-'));
  dirs.push(d);
  return d;
};
const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };

async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('audit commit thread', () => {
  it('commits appends in order without a flush; the chain verifies; a durable append waits for its commit', async () => {
    const dataDir = tmp();
    const auditKey = randomBytes(32);
    const svc = await openAuditService({ dataDir, auditKey, actor });
    try {
      await svc.flush(); // the start-up events
      const before = await svc.size();
      // More than a batch (200): the first batch goes to the thread while the rest queue behind it.
      for (let i = 0; i < 450; i++) svc.append({ ev: 'op.test.thread', actor, data: { i }, blobs: { body: `본문 ${i} ${'x'.repeat(i)}` } });
      // Nothing here flushes: the thread's answers and the batch timer commit everything.
      await until('every event committed', async () => (await svc.size()) >= before + 450);
      const seq = await svc.appendDurable({ ev: 'op.test.durable', actor, data: {} });
      expect(seq).toBeGreaterThanOrEqual(before + 450);
      expect(await svc.size()).toBeGreaterThan(seq);

      const rows = (await svc.events({ ev: 'op.test.thread', limit: 1_000 })).rows;
      const order = rows.map((r) => [r.seq, Number(r.record?.data['i'])] as const).sort((a, b) => a[0] - b[0]);
      expect(order.map(([, i]) => i)).toEqual(Array.from({ length: 450 }, (_, i) => i));
      expect((await svc.verify()).ok).toBe(true);
    } finally {
      await svc.close();
    }
    // Reopened: the rows of the first writer are one chain with what the next one adds.
    const again = await openAuditService({ dataDir, auditKey, actor });
    try {
      again.append({ ev: 'op.test.reopened', actor, data: {} });
      await again.flush();
      expect((await again.verify()).ok).toBe(true);
    } finally {
      await again.close();
    }
  });

  it('a producer that never yields gets its checkpoint once it yields: signed over every row it appended', async () => {
    const dataDir = tmp();
    const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor, checkpointEvery: 100 });
    try {
      // Five backlogs of 4 batches of 200, without one turn of the event loop in between. Signing reads the log
      // through AuditReads (awaited): the checkpoint made due in the loop is signed at the next turn, not inside it.
      for (let i = 0; i < 4_000; i++) svc.append({ ev: 'op.test.tight', actor, data: { i } });
      await svc.flush();
      expect((await svc.checkpoints()).at(-1)?.size).toBeGreaterThanOrEqual(4_001);
    } finally {
      await svc.close();
    }
  });

  it('a thread that cannot open the database refuses at open with its Korean error at once: nothing is written', async () => {
    const dataDir = tmp();
    const auditKey = randomBytes(32);
    const keys = deriveAuditKeys(auditKey);
    const file = path.join(dataDir, 'audit.db');
    await (await openAuditService({ dataDir, auditKey, actor })).close();
    const check = openAuditDatabase(file, keys.dbKey, { readonly: true });
    const rows = check.prepare('SELECT count(*) FROM audit_chain').pluck().get();
    check.close();
    const t0 = Date.now();
    // The thread opens the file with another key: it answers its first request (open) with the refusal.
    let refused: unknown;
    try {
      openAuditWriter({ path: file, key: randomBytes(32) }, keys.blobKey).close();
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(StepRefusedError);
    expect(refused).toMatchObject({ code: 'AUDIT_DB_INVALID', exitCode: 1, message: expect.stringContaining('감사 로그 데이터베이스를 열 수 없습니다') as unknown });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const after = openAuditDatabase(file, keys.dbKey, { readonly: true });
    expect(after.prepare('SELECT count(*) FROM audit_chain').pluck().get()).toBe(rows);
    after.close();
  });

  it('a failed commit keeps the batch queued; the next append that succeeds commits it once', async () => {
    const dataDir = tmp();
    const keys = deriveAuditKeys(randomBytes(32));
    const file = path.join(dataDir, 'audit.db');
    const writer = openAuditWriter({ path: file, key: keys.dbKey }, keys.blobKey);
    const { db, committer } = writer;
    // Another connection of the test's own, to hold the write lock.
    const blocker = openAuditDatabase(file, keys.dbKey);
    try {
      const reads = createSqliteAuditReads(db, { path: file, key: keys.dbKey });
      const log = await openAuditLog({ reads, committer, store: writer.store, keyVault: { load: () => null, save: () => {} }, checkpointOnClose: false });
      const base = await reads.size();
      log.append({ ev: 'op.test.kept', data: { n: 1 } });
      // The test's connection holds the write lock: the thread's BEGIN IMMEDIATE waits out its busy timeout
      // (10 s), then fails.
      blocker.exec('BEGIN IMMEDIATE');
      expect(() => log.flush()).toThrow(AuditUnavailableError);
      expect(log.failure()).toBeInstanceOf(AuditUnavailableError);
      blocker.exec('ROLLBACK');
      // append() retries the kept batch first, then queues its own event.
      log.append({ ev: 'op.test.after', data: {} });
      log.flush();
      expect(log.failure()).toBeNull();
      const evs = db.prepare(`SELECT ev FROM audit_record WHERE seq >= ? AND ev LIKE 'op.test.%' ORDER BY seq`).pluck().all(base);
      expect(evs).toEqual(['op.test.kept', 'op.test.after']);
      await log.close();
      committer.close();
      committer.close(); // a second close is a no-op
      // After close a batch is answered at once with an error, never left waiting.
      const answers: unknown[] = [];
      committer.post([], (a) => answers.push(a));
      committer.drain();
      expect(answers).toEqual([{ error: expect.stringContaining('닫혔습니다') as unknown }]);
    } finally {
      blocker.close();
      writer.close();
    }
  });
});
