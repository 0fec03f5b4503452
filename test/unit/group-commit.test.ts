// The one-writer machinery (main/store/group-commit.ts, step-writer.ts): steps of two namespaces posted together
// commit in ONE transaction, a failing step rolls back only itself (its error is its own reply), an IMMEDIATE
// transaction function inside a step nests as a savepoint, and every reply comes after its commit.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/open-database.ts';
import { startStepWriter, type StartedStepWriter } from '../../main/store/step-writer.ts';
import { tempDir } from '../helpers/test-backend.ts';

const url = new URL('../fixtures/store/group-commit.worker.ts', import.meta.url);
let writer: StartedStepWriter | null = null;
afterEach(async () => {
  await writer?.close();
  writer = null;
});

it('commits steps of two namespaces that arrive together in one transaction; a failing step rolls back only itself', async () => {
  const file = path.join(tempDir('docdesk-group-'), 'docdesk.db');
  const key = randomBytes(32);
  openDatabase(file, key).close();
  writer = startStepWriter({ url, file: { path: file, key } });
  const w = writer;
  // The thread starts and creates its table before the group is measured.
  expect(await w.run('b.count', {}, '테스트')).toMatchObject({ output: 0 });

  // While the writer is held inside a group, the next steps arrive and queue: they form the next group together.
  const held = w.run('b.hold', { ms: 1_500 }, '테스트');
  await new Promise((r) => setTimeout(r, 300));
  const settled = await Promise.allSettled([
    w.run('a.insert', { value: 'a1' }, '테스트'),
    w.run('b.insert', { value: 'b1' }, '테스트'),
    w.run('b.insertThenFail', { value: 'b2' }, '테스트 단계'),
    w.run('b.insertImmediate', { value: 'b3' }, '테스트'),
    w.run('a.insert', { value: 'a2' }, '테스트'),
  ]);
  const ok = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  expect(ok).toHaveLength(4);
  // One group, one commit: every step of both namespaces answered with the same commit number.
  expect(new Set(ok.map((r) => r.commit)).size).toBe(1);
  expect(ok[0]?.commit).toBe((await held).commit + 1);
  const failed = settled[2];
  expect(failed?.status).toBe('rejected');
  if (failed?.status === 'rejected') expect(String(failed.reason)).toContain('테스트 단계 쓰기 실패: 단계 실패: b2');

  // Committed before the replies: another connection sees exactly the steps that succeeded.
  const reader = openDatabase(file, key, { readonly: true });
  try {
    expect(reader.prepare('SELECT value FROM steps ORDER BY rowid').pluck().all()).toEqual(['a1', 'b1', 'b3', 'a2']);
  } finally {
    reader.close();
  }
  // A later step is a later commit.
  const later = await w.run('a.insert', { value: 'a3' }, '테스트');
  expect(later.commit).toBeGreaterThan(ok[0]?.commit ?? Infinity);
});

it('refuses a step it does not know and an input its schema refuses, and keeps serving', async () => {
  const file = path.join(tempDir('docdesk-group-'), 'docdesk.db');
  const key = randomBytes(32);
  openDatabase(file, key).close();
  writer = startStepWriter({ url, file: { path: file, key } });
  await expect(writer.run('c.unknown', {}, '테스트')).rejects.toThrow('알 수 없는 기록 단계: c.unknown');
  await expect(writer.run('a.insert', { value: 7 }, '테스트')).rejects.toThrow('테스트 쓰기 실패');
  expect(await writer.run('b.count', {}, '테스트')).toMatchObject({ output: 0 });
});

it('the close step commits every step sent before it, then closes the connection', async () => {
  const file = path.join(tempDir('docdesk-group-'), 'docdesk.db');
  const key = randomBytes(32);
  openDatabase(file, key).close();
  const w = startStepWriter({ url, file: { path: file, key } });
  await w.run('b.count', {}, '테스트');
  // A step still running when the close arrives, and one queued behind it.
  const steps = Promise.allSettled([w.run('b.hold', { ms: 800 }, '테스트'), w.run('a.insert', { value: 'before-close' }, '테스트')]);
  // Refused as an invalid request before (the close step has no input): the thread was terminated at once.
  await w.close();
  expect((await steps).map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
  const reader = openDatabase(file, key, { readonly: true });
  try {
    expect(reader.prepare('SELECT value FROM steps').pluck().all()).toEqual(['before-close']);
  } finally {
    reader.close();
  }
});
