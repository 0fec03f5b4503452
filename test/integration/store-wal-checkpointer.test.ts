// The background WAL checkpointer (main/store/wal-checkpointer.ts): committed pages reach the database file
// without the committing connection checkpointing (its automatic checkpoint waits for 50,000 pages), a bad
// key is reported instead of thrown, and the composition root wires writer-thread commits to it.
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { createWalCheckpointer } from '../../main/store/wal-checkpointer.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const size = (file: string): number => statSync(file).size;

/** Nice values of this process's threads (Linux: field 19 of /proc/self/task/<tid>/stat). */
const threadNiceValues = (): number[] =>
  readdirSync('/proc/self/task').flatMap((tid) => {
    try {
      const fields = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return [Number(fields[16])];
    } catch {
      return []; // the thread ended meanwhile
    }
  });

async function until(what: string, ok: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe('background WAL checkpointer', () => {
  it('copies committed pages into the database file on its own thread', async () => {
    const file = path.join(tempDir(), 'docdesk.db');
    const key = randomBytes(32);
    const db = openDatabase(file, key);
    const checkpointer = createWalCheckpointer({ delayMs: 10 });
    try {
      db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
      const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
      // ~8 MB in committed transactions: far below the connection's own 50,000-page automatic checkpoint.
      for (let t = 0; t < 20; t++) db.transaction(() => Array.from({ length: 100 }, () => insert.run(randomBytes(4_000))))();
      const before = size(file);
      expect(before).toBeLessThan(1_000_000);

      checkpointer.nudge({ path: file, key });
      checkpointer.nudge({ path: file, key }); // a second nudge while one is scheduled adds nothing
      await checkpointer.settled();
      expect(size(file)).toBeGreaterThan(8_000_000);
      // On Linux its thread runs at the lowest priority: checkpoints yield the cores to the work that commits.
      if (process.platform === 'linux') expect(threadNiceValues()).toContain(19);

      // Later commits are copied by a later nudge.
      for (let t = 0; t < 10; t++) db.transaction(() => Array.from({ length: 100 }, () => insert.run(randomBytes(4_000))))();
      checkpointer.nudge({ path: file, key });
      await checkpointer.settled();
      expect(size(file)).toBeGreaterThan(12_000_000);
      expect((db.prepare('SELECT count(*) n FROM filler').get() as { n: number }).n).toBe(3_000);
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('waits for commits to pause, unless the WAL has grown past its limit', async () => {
    const file = path.join(tempDir(), 'docdesk.db');
    const key = randomBytes(32);
    const db = openDatabase(file, key);
    const checkpointer = createWalCheckpointer({ delayMs: 1_000, maxWalBytes: 4_000_000 });
    try {
      db.exec('CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
      const insert = db.prepare('INSERT INTO filler (body) VALUES (?)');
      const commit = (rows: number): void => {
        db.transaction(() => Array.from({ length: rows }, () => insert.run(randomBytes(4_000))))();
      };
      // The checkpoint thread starts (and copies the new table) before anything is measured.
      checkpointer.nudge({ path: file, key });
      await checkpointer.settled();
      const before = size(file);
      // A commit every 50 ms for a second: never a quiet second, and the WAL stays far below 4 MB.
      for (let i = 0; i < 20; i++) {
        commit(2);
        checkpointer.nudge({ path: file, key });
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(size(file)).toBe(before);

      // Past the limit a nudge starts a checkpoint although commits keep coming (every 50 ms, never a quiet
      // second): without the limit the file would not grow here.
      commit(1_200);
      for (let i = 0; i < 100 && size(file) < 4_000_000; i++) {
        commit(1);
        checkpointer.nudge({ path: file, key });
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(size(file)).toBeGreaterThan(4_000_000);
      await checkpointer.settled();
    } finally {
      await checkpointer.close();
      db.close();
    }
  });

  it('reports a database it cannot open and stays usable', async () => {
    const file = path.join(tempDir(), 'docdesk.db');
    const key = randomBytes(32);
    openDatabase(file, key).close();
    const errors: Error[] = [];
    const checkpointer = createWalCheckpointer({ delayMs: 10, onError: (e) => errors.push(e) });
    try {
      checkpointer.nudge({ path: file, key: randomBytes(32) });
      await checkpointer.settled();
      expect(errors).toHaveLength(1);
      expect(errors[0]?.message).toContain('WAL 체크포인트 실패');
      checkpointer.nudge({ path: file, key });
      await checkpointer.settled();
      expect(errors.map((e) => e.message)).toHaveLength(1);
    } finally {
      await checkpointer.close();
    }
  });

  it('is nudged by the journal writer thread of a running backend', async () => {
    const dataDir = tempDir();
    const list = path.join(tempDir(), 'list.xlsx');
    await writeSampleRecipientList(list, { rows: 3_000, seed: 5 });
    const b = await backendFor(sandbox, { dataDir });
    try {
      const dbFile = path.join(dataDir, 'docdesk.db');
      const before = size(dbFile);
      // The import's rows are stored by the journal writer thread; only the checkpointer copies them into the
      // file while the backend is open (the connections' own checkpoint waits for 50,000 pages).
      await b.mailing.import(list, { defaults: { title: '체크포인트', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 } });
      await until('docdesk.db to grow', () => size(dbFile) > before + 1_000_000);
    } finally {
      await b.close();
    }
  });
});
