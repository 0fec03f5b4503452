// The follow-up counts' reading thread (main/follow-up/tally-thread.ts) recovers from a failed start: the mailings
// list asks every few seconds, so one failure must not leave the follow-up view broken until the app restarts.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTallyThread } from '../../main/follow-up/tally-thread.ts';
import { applyMigrations } from '../../main/store/migrations.ts';
import { openDatabase } from '../../main/store/open-database.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-tally-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('follow-up tally thread', () => {
  it('starts a new thread after one failed, and then reads the counts', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'docdesk.db');
    const key = randomBytes(32);
    // A folder where the database should be: the thread cannot open it and dies.
    mkdirSync(file);
    const tally = createTallyThread({ path: file, key });
    try {
      await expect(tally.read()).rejects.toThrow();
      rmSync(file, { recursive: true });
      const db = openDatabase(file, key);
      applyMigrations(db);
      db.close();
      await expect(tally.read()).resolves.toEqual({ states: [], accepted: [], refusals: [] });
      // The dashboard's read curve is read on the same thread.
      await expect(tally.readsByDay('M-none', 0)).resolves.toEqual([]);
    } finally {
      await tally.close();
    }
  });
});
