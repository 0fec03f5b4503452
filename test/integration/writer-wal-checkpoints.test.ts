// WAL checkpoints inside the writers (issue 16 step 7, main/store/wal-checkpoints.ts): docdesk.db's one writer
// keeps its WAL bounded during a long run of commits that never pauses, and copies the WAL into the file once its
// steps pause — never while they keep coming; audit.db's commit thread does the same after its commits. A
// database file in WAL mode grows only by checkpoints, so its size shows them; the connections' own automatic
// checkpoint waits for 50,000 pages, far beyond what these tests write.
import { randomBytes } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { startDocdeskWriter, type DocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { tempDir } from '../helpers/test-backend.ts';

const size = (file: string): number => {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => boolean, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const open: { writer?: DocdeskWriter; db?: Db } = {};
afterEach(async () => {
  await open.writer?.close();
  open.db?.close();
  delete open.writer;
  delete open.db;
});

/** A fresh docdesk.db with one mailing, and the docdesk writer's mailing steps over it. */
function fixture(checkpoints: { delayMs?: number; maxWalBytes?: number }) {
  const file = path.join(tempDir('docdesk-walcp-'), 'docdesk.db');
  const key = randomBytes(32);
  const db = openDatabase(file, key);
  db.prepare(`INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at, import_complete)
              VALUES ('M-wal', 'M-wal', 'DDwal', 'sandbox', 'a.xlsx', '{}', 'null', 'IMPORTED', 1, 1, 0)`).run();
  const writer = startDocdeskWriter({ path: file, key }, { checkpoints });
  open.writer = writer;
  open.db = db;
  const journal = createJournalWriter({ steps: writer, takeExchanges: () => [] });
  let next = 0;
  /** One import step of `rows` documents of ~2 KB each (one commit on the writer). */
  const store = async (rows: number): Promise<void> => {
    const keys = Array.from({ length: rows }, () => `p:010${String(next++).padStart(8, '0')}:이름:19900101`);
    const items = keys.map((k) => JSON.stringify({ k, filler: randomBytes(1_000).toString('hex') }));
    await journal.storeDocuments('M-wal', { sourceRows: keys.map((_, i) => i + 2), keys, labels: keys.map(() => ''), items }, 1, 'drop');
  };
  return { file, store };
}

it('keeps the WAL bounded during a long run of commits that never pauses', async () => {
  const maxWalBytes = 4 * 1024 * 1024;
  // No pause is ever long enough: only the WAL's size can start a checkpoint here.
  const { file, store } = fixture({ delayMs: 600_000, maxWalBytes });
  await store(1);
  const before = size(file);
  let biggestWal = 0;
  // ~40 MB of documents in 80 commits, back to back.
  for (let i = 0; i < 80; i++) {
    await store(200);
    biggestWal = Math.max(biggestWal, size(`${file}-wal`));
  }
  // The WAL is reused from its start after each checkpoint: it never holds much more than the limit and the commits
  // of the 100 ms between two checkpoints of a WAL past its limit (wal-checkpoints.ts) — up to 9.5 MB when the
  // 2-core machine ran other suites beside this one; without the writer's checkpoints it reaches ~40 MB here.
  expect(biggestWal).toBeLessThan(maxWalBytes + 8 * 1024 * 1024);
  // What it held was copied into the database file while the commits went on.
  expect(size(file)).toBeGreaterThan(before + 20_000_000);
}, 120_000);

it('checkpoints once the steps pause, and not while they keep coming', async () => {
  const { file, store } = fixture({ delayMs: 400 });
  await store(1);
  await sleep(1_000); // the first step's pause: its checkpoint copies the new mailing and tables
  const before = size(file);
  // A step every 50 ms for 1.5 s: never a quiet 400 ms, so the file does not grow although the WAL does.
  const end = Date.now() + 1_500;
  while (Date.now() < end) {
    await store(100);
    await sleep(50);
  }
  expect(size(`${file}-wal`)).toBeGreaterThan(1_000_000);
  expect(size(file)).toBe(before);
  // The pause: the writer copies the WAL into the file by itself.
  await until('the checkpoint after the pause', () => size(file) > before + 1_000_000);
}, 60_000);

it("the audit commit thread checkpoints audit.db after its commits once they pause", async () => {
  const dataDir = tempDir('docdesk-walcp-audit-');
  const actor = { type: 'operator' as const, id: 'tester', host: 'pc-1' };
  const svc = await openAuditService({ dataDir, auditKey: randomBytes(32), actor });
  const file = path.join(dataDir, 'audit.db');
  try {
    await svc.flush();
    await sleep(1_500); // the start-up events' checkpoint
    const before = size(file);
    for (let i = 0; i < 400; i++) svc.append({ ev: 'op.test.wal', actor, data: { i }, blobs: { body: randomBytes(4_000).toString('hex') } });
    await svc.flush();
    expect(size(`${file}-wal`)).toBeGreaterThan(1_000_000);
    // Committed on the thread; a quiet second later the thread copies the WAL into audit.db.
    await until('audit.db to grow', () => size(file) > before + 1_000_000);
  } finally {
    await svc.close();
  }
}, 60_000);
