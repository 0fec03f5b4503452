// A thread that only reads — the grid's count thread, the follow-up tally thread — opens docdesk.db read-only
// (issue 16: no connection but the writers writes). A write on such a thread fails and changes nothing; the same
// request on a writing thread succeeds.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../main/store/open-database.ts';
import { startWriterThread } from '../../main/store/writer-thread.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-readonly-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Request = { id: number; type: 'write' } | { id: number; type: 'close' };
const replySchema = z.object({ id: z.number().int(), error: z.string().optional() });
const url = new URL('../fixtures/store/write-attempt.worker.ts', import.meta.url);

it('a reading thread cannot write to the database; a writing thread can', { timeout: 30_000 }, async () => {
  const file = path.join(dir, 'docdesk.db');
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  const tableExists = () => db.prepare(`SELECT count(*) AS n FROM sqlite_schema WHERE name = 'written_by_thread'`).pluck().get() === 1;
  try {
    const reader = startWriterThread<Request, z.infer<typeof replySchema>>({ url, file: { path: file, key }, replySchema, what: '읽기 전용 스레드', readonly: true });
    await expect(reader.call({ type: 'write' })).rejects.toThrow(/읽기 전용 스레드 읽기 실패: .*readonly/);
    await reader.close({ type: 'close' });
    expect(tableExists()).toBe(false);

    const writer = startWriterThread<Request, z.infer<typeof replySchema>>({ url, file: { path: file, key }, replySchema, what: '쓰기 스레드' });
    await writer.call({ type: 'write' });
    await writer.close({ type: 'close' });
    expect(tableExists()).toBe(true);
  } finally {
    db.close();
  }
});
