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
    expect(() => createSqliteDocdeskReads(writer, { path: file, key })).toThrow(WritableReadConnectionError);
    expect(() => createSqliteDocdeskReads(writer, { path: file, key })).toThrow(/읽기 전용 연결/);
  });

  it('reads through a connection on which every write fails with SQLITE_READONLY', async () => {
    const reads = createSqliteDocdeskReads(readDb, { path: file, key });
    expect((await reads.gridPage({ limit: 10 })).total).toBe(300);
    const writes = [
      () => readDb.prepare('DELETE FROM documents').run(),
      () => readDb.prepare(`UPDATE mailings SET name = 'x'`).run(),
      () => readDb.prepare('CREATE TABLE planted (x)').run(),
    ];
    for (const write of writes) expect(write).toThrow(expect.objectContaining({ code: 'SQLITE_READONLY' }));
    expect((await reads.gridPage({ limit: 10 })).total).toBe(300);
  });

  it('serves grid pages, totals, the dashboard and the mailings while a writer holds uncommitted rows, without waiting and without them', async () => {
    const reads = createSqliteDocdeskReads(readDb, { path: file, key });
    const before = { page: await reads.gridPage({ limit: 50 }), mailings: (await reads.mailingList()).length, pending: (await reads.dashboard()).today.pending };
    writer.prepare('BEGIN IMMEDIATE').run();
    insertSyntheticDocuments(writer, { documents: 200, perMailing: 200, profile: 'sandbox', now: Date.now() });
    writer.prepare(`UPDATE documents SET state = 'QUEUED' WHERE id <= 100`).run();
    // busy_timeout is 10 s: a read that waited for the write lock would take that long or fail with SQLITE_BUSY.
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) {
      const page = (await reads.gridPage({ limit: 50, offset: i * 10 }));
      expect(page.total).toBe(300);
      expect(await reads.gridTotal({ states: ['QUEUED'] })).toBe(await reads.gridTotal({ states: ['QUEUED'] }));
    }
    expect(await reads.gridPage({ limit: 50 })).toEqual(before.page);
    expect(await reads.mailingList()).toHaveLength(before.mailings);
    expect((await reads.dashboard()).today.pending).toBe(before.pending);
    expect(performance.now() - t0).toBeLessThan(5_000);
    writer.prepare('COMMIT').run();
    // Committed on the other connection: the next statement's read transaction sees it.
    expect((await reads.gridPage({ limit: 50 })).total).toBe(500);
    expect(await reads.mailingList()).toHaveLength(before.mailings + 1);
    await reads.close();
  });
  it('serves the follow-up, settings, network and audit reads, the follow-up counts on their thread as on the connection, and a data version that moves on a commit elsewhere', async () => {
    const here = createSqliteDocdeskReads(readDb, { path: file, key });
    const threaded = createSqliteDocdeskReads(readDb, { path: file, key }, { countsOnThreads: true });
    try {
      const mailings = (await here.followUp.mailings());
      expect(mailings).toHaveLength(2);
      expect(await here.followUp.mailing(mailings[0]!.id)).toEqual(mailings[0]);
      expect(await here.followUp.mailing('M-none')).toBeUndefined();
      const tallies = await here.followUp.tallies();
      expect(tallies.states.reduce((n, r) => n + r.n, 0)).toBe(300);
      expect(await threaded.followUp.tallies()).toEqual(tallies);
      const first = mailings[0]!.id;
      expect(await threaded.followUp.readsByDay(first, 0)).toEqual(await here.followUp.readsByDay(first, 0));
      expect(Object.keys(await here.followUp.perRowDeadline(first, 1)).sort()).toEqual(['gateway', 'real']);
      const followUpStates = new Set<string>();
      for await (const d of here.followUp.followUpDocuments(first)) followUpStates.add(d.state);
      expect([...followUpStates].every((s) => s === 'REJECTED' || s === 'ABANDONED' || s === 'ACCEPTED')).toBe(true);
      expect(await here.settings.value('activeProfile')).toBeUndefined();
      expect(await here.settings.customProfiles()).toEqual([]);
      expect(await here.network.recentBulkSends(20)).toEqual([]);
      expect(await here.audit.documentSentIds('no-such-ref')).toEqual({ externalIds: [], binderUuids: [], binderOf: {} });

      const version = await here.dataVersion();
      expect(await here.dataVersion()).toBe(version);
      writer.prepare(`INSERT INTO settings (key, value) VALUES ('activeProfile', 'sandbox')`).run();
      expect(await here.dataVersion()).not.toBe(version);
      expect(await here.settings.value('activeProfile')).toBe('sandbox');
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

  it('answers the grid, the dashboard, the mailings list and a mailing status while another connection holds an IMMEDIATE transaction, and sees none of it until it commits', async () => {
    const other = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    try {
      const before = (await b.documents.query({ limit: 20 }));
      const list = await b.mailing.list();
      const first = before.rows[0]!;
      const status = await b.mailing.status(first.mailingId);
      other.prepare('BEGIN IMMEDIATE').run();
      insertSyntheticDocuments(other, { documents: 60, perMailing: 60, profile: 'sandbox', now: Date.now() });
      other.prepare(`UPDATE documents SET error_message = 'uncommitted' WHERE id = ?`).run(first.id);
      const t0 = performance.now();
      expect(await b.documents.query({ limit: 20 })).toEqual(before);
      expect(await b.mailing.list()).toEqual(list);
      expect(await b.mailing.status(first.mailingId)).toEqual(status);
      expect((await b.documents.dashboard()).funnel).toEqual((await b.documents.dashboard()).funnel);
      expect(performance.now() - t0).toBeLessThan(5_000);
      other.prepare('COMMIT').run();
      expect((await b.documents.query({ limit: 20 })).total).toBe(180);
      expect((await b.documents.query({ limit: 20 })).rows.find((r) => r.id === first.id)?.errorMessage).toBe('uncommitted');
    } finally {
      if (other.inTransaction) other.prepare('ROLLBACK').run();
      other.close();
    }
  });

  it("sees the writer's committed steps at once (read-your-writes across the two connections)", async () => {
    const before = (await b.documents.query({ limit: 1 })).total;
    await b.documents.insertSynthetic({ documents: 30, perMailing: 30 });
    expect((await b.documents.query({ limit: 1 })).total).toBe(before + 30);
    expect((await b.mailing.list()).length).toBe(3);
  });
});
