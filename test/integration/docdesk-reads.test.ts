// Issue 16 step 9 (reads): the screens and the CLI read docdesk.db through DocdeskReads on a read-only connection.
// It can write nothing, and a writer's open transaction neither holds it up nor shows it rows not yet committed.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { insertSyntheticDocuments } from '../../main/documents/synthetic.ts';
import { createSqliteDocdeskReads, WritableReadConnectionError } from '../../main/reads/sqlite-docdesk-reads.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { tempDir } from '../helpers/test-backend.ts';

const PASSPHRASE = 'reads-test-passphrase';

describe('DocdeskReads on its own connection', () => {
  let dir: string;
  let file: string;
  let key: Buffer;
  let writer: Db;
  let readDb: Db;

  beforeEach(() => {
    dir = tempDir();
    file = path.join(dir, 'docdesk.db');
    key = loadDataDirKeys(dir, PASSPHRASE).dbKey;
    writer = openDatabase(file, key); // migrates the file, as the backend's writer does before the reader opens
    insertSyntheticDocuments(writer, { documents: 300, perMailing: 150, profile: 'sandbox', now: Date.now() });
    readDb = openDatabase(file, key, { readonly: true });
  });

  afterEach(() => {
    if (writer.inTransaction) writer.prepare('ROLLBACK').run();
    readDb.close();
    writer.close();
  });

  it('is refused over a connection that can write', () => {
    expect(() => createSqliteDocdeskReads(writer)).toThrow(WritableReadConnectionError);
    expect(() => createSqliteDocdeskReads(writer)).toThrow(/읽기 전용 연결/);
  });

  it('reads through a connection on which every write fails with SQLITE_READONLY', () => {
    const reads = createSqliteDocdeskReads(readDb);
    expect(reads.gridPage({ limit: 10 }).total).toBe(300);
    const writes = [
      () => readDb.prepare('DELETE FROM documents').run(),
      () => readDb.prepare(`UPDATE mailings SET name = 'x'`).run(),
      () => readDb.prepare('CREATE TABLE planted (x)').run(),
    ];
    for (const write of writes) expect(write).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }));
    expect(reads.gridPage({ limit: 10 }).total).toBe(300);
  });

  it('serves grid pages, totals, the dashboard and the mailings while a writer holds uncommitted rows, without waiting and without them', async () => {
    const reads = createSqliteDocdeskReads(readDb);
    const before = { page: reads.gridPage({ limit: 50 }), mailings: reads.mailingList().length, pending: reads.dashboard().today.pending };
    writer.prepare('BEGIN IMMEDIATE').run();
    insertSyntheticDocuments(writer, { documents: 200, perMailing: 200, profile: 'sandbox', now: Date.now() });
    writer.prepare(`UPDATE documents SET state = 'QUEUED' WHERE id <= 100`).run();
    // busy_timeout is 10 s: a read that waited for the write lock would take that long or fail with SQLITE_BUSY.
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      const page = reads.gridPage({ limit: 50, offset: i * 10 });
      expect(page.total).toBe(300);
      expect(reads.gridTotal({ states: ['QUEUED'] })).toBe(reads.gridTotal({ states: ['QUEUED'] }));
    }
    expect(reads.gridPage({ limit: 50 })).toEqual(before.page);
    expect(reads.mailingList()).toHaveLength(before.mailings);
    expect(reads.dashboard().today.pending).toBe(before.pending);
    expect(performance.now() - t0).toBeLessThan(5_000);
    writer.prepare('COMMIT').run();
    // Committed on the other connection: the next statement's read transaction sees it.
    expect(reads.gridPage({ limit: 50 }).total).toBe(500);
    expect(reads.mailingList()).toHaveLength(before.mailings + 1);
    await reads.close();
  });
  it('serves the follow-up, settings, network and audit reads, the follow-up counts on their thread as on the connection, and a data version that moves on a commit elsewhere', async () => {
    const here = createSqliteDocdeskReads(readDb);
    const threaded = createSqliteDocdeskReads(readDb, { countFile: { path: file, key } });
    try {
      const mailings = here.followUp.mailings();
      expect(mailings).toHaveLength(2);
      expect(here.followUp.mailing(mailings[0]!.id)).toEqual(mailings[0]);
      expect(here.followUp.mailing('M-none')).toBeUndefined();
      const tallies = await here.followUp.tallies();
      expect(tallies.states.reduce((n, r) => n + r.n, 0)).toBe(300);
      expect(await threaded.followUp.tallies()).toEqual(tallies);
      const first = mailings[0]!.id;
      expect(await threaded.followUp.readsByDay(first, 0)).toEqual(await here.followUp.readsByDay(first, 0));
      expect(Object.keys(here.followUp.perRowDeadline(first, 1)).sort()).toEqual(['gateway', 'real']);
      expect([...here.followUp.followUpDocuments(first)].every((d) => d.state === 'REJECTED' || d.state === 'ABANDONED' || d.state === 'ACCEPTED')).toBe(true);
      expect(here.settings.value('activeProfile')).toBeUndefined();
      expect(here.settings.customProfiles()).toEqual([]);
      expect(here.network.recentBulkSends(20)).toEqual([]);
      expect(here.audit.documentSentIds('no-such-ref')).toEqual({ externalIds: [], binderUuids: [], binderOf: {} });

      const version = here.dataVersion();
      expect(here.dataVersion()).toBe(version);
      writer.prepare(`INSERT INTO settings (key, value) VALUES ('activeProfile', 'sandbox')`).run();
      expect(here.dataVersion()).not.toBe(version);
      expect(here.settings.value('activeProfile')).toBe('sandbox');
    } finally {
      await here.close();
      await threaded.close();
    }
  }, 60_000);
});

describe('the backend reads through a read-only connection', () => {
  let b: Backend;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = tempDir();
    b = await createBackend({ dataDir, env: {} });
    await b.documents.insertSynthetic({ documents: 120, perMailing: 60 });
  });

  afterEach(async () => {
    await b.close();
  });

  it('answers the grid, the dashboard, the mailings list and a mailing status while another connection holds an IMMEDIATE transaction, and sees none of it until it commits', () => {
    const other = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    try {
      const before = b.documents.query({ limit: 20 });
      const list = b.mailing.list();
      const first = before.rows[0]!;
      const status = b.mailing.status(first.mailingId);
      other.prepare('BEGIN IMMEDIATE').run();
      insertSyntheticDocuments(other, { documents: 60, perMailing: 60, profile: 'sandbox', now: Date.now() });
      other.prepare(`UPDATE documents SET error_message = 'uncommitted' WHERE id = ?`).run(first.id);
      const t0 = performance.now();
      expect(b.documents.query({ limit: 20 })).toEqual(before);
      expect(b.mailing.list()).toEqual(list);
      expect(b.mailing.status(first.mailingId)).toEqual(status);
      expect(b.documents.dashboard().funnel).toEqual(b.documents.dashboard().funnel);
      expect(performance.now() - t0).toBeLessThan(5_000);
      other.prepare('COMMIT').run();
      expect(b.documents.query({ limit: 20 }).total).toBe(180);
      expect(b.documents.query({ limit: 20 }).rows.find((r) => r.id === first.id)?.errorMessage).toBe('uncommitted');
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run();
      other.close();
    }
  });

  it("sees the writer's committed steps at once (read-your-writes across the two connections)", async () => {
    const before = b.documents.query({ limit: 1 }).total;
    await b.documents.insertSynthetic({ documents: 30, perMailing: 30 });
    expect(b.documents.query({ limit: 1 }).total).toBe(before + 30);
    expect(b.mailing.list().length).toBe(3);
  });
});
