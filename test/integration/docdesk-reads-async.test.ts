// DocdeskReads is async so that a second implementation — PostgreSQL for a team server, which answers over a
// socket — can serve the services unchanged (issue 16 item 2). Here a deliberately late implementation (every
// read starts and resolves on later turns of the event loop, every streamed batch arrives a turn later) drives
// the real services over a real encrypted database and the sandbox gateway, and must give what the SQLite
// implementation gives: the grid page and the export, the mailing's summary and counts, a send (its progress and
// the pause that comes while the mailing is still being read), the poller's due read and its round, the
// pre-review figures and the follow-up list.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { docsgwServiceSchema } from '../../shared/domain/profile.ts';
import type { DocdeskReads } from '../../main/reads/docdesk-reads.ts';
import { createSqliteDocdeskReads } from '../../main/reads/sqlite-docdesk-reads.ts';
import { createDocumentsService } from '../../main/documents/service.ts';
import { createDocsGwClient } from '../../main/docsgw/client.ts';
import { createFollowUpService } from '../../main/follow-up/service.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { createMailingEngine } from '../../main/mailing/engine.ts';
import type { MailingGateway } from '../../main/mailing/types.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { createOperatorLog, operatorActionsOnWriter } from '../../main/store/operator-log.ts';
import { startDocdeskWriter, type DocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { createWriterMailingStore } from '../../main/writer/mailing-store.ts';
import { createMemoryExchangeSink } from '../helpers/sandbox-exchange-sink.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** What a server database does: the read leaves on a later turn and its answer comes back on another. */
function answeringLater(inner: DocdeskReads): { reads: DocdeskReads; calls: () => number } {
  let calls = 0;
  const later =
    <A extends unknown[], R>(read: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await nextTurn();
      calls++;
      const answer = await read(...args);
      await nextTurn();
      return answer;
    };
  const laterRows = <A extends unknown[], T>(read: (...args: A) => AsyncIterable<T>) =>
    async function* (...args: A): AsyncGenerator<T> {
      calls++;
      for await (const batch of read(...args)) {
        await nextTurn();
        yield batch;
      }
    };
  const reads: DocdeskReads = {
    gridPage: later(inner.gridPage),
    gridTotal: later(inner.gridTotal),
    gridRows: laterRows(inner.gridRows),
    dashboard: later(inner.dashboard),
    mailingList: later(inner.mailingList),
    mailingSummary: later(inner.mailingSummary),
    mailingCounts: later(inner.mailingCounts),
    mailingErrors: later(inner.mailingErrors),
    documentDetail: later(inner.documentDetail),
    documentDetailById: later(inner.documentDetailById),
    documentTimeline: later(inner.documentTimeline),
    payup: {
      cancel: later(inner.payup.cancel),
      cancelById: later(inner.payup.cancelById),
      cancelStates: later(inner.payup.cancelStates),
      counts: later(inner.payup.counts),
      list: later(inner.payup.list),
      events: later(inner.payup.events),
      batchRows: later(inner.payup.batchRows),
      inFlight: later(inner.payup.inFlight),
    },
    kcp: {
      verification: later(inner.kcp.verification),
      list: later(inner.kcp.list),
      batch: later(inner.kcp.batch),
      batchRows: later(inner.kcp.batchRows),
      counts: later(inner.kcp.counts),
      unconfirmedBankRows: later(inner.kcp.unconfirmedBankRows),
      interrupted: later(inner.kcp.interrupted),
    },
    followUp: {
      mailing: later(inner.followUp.mailing),
      mailings: later(inner.followUp.mailings),
      perRowDeadline: later(inner.followUp.perRowDeadline),
      followUpDocuments: laterRows(inner.followUp.followUpDocuments),
      tallies: later(inner.followUp.tallies),
      readsByDay: later(inner.followUp.readsByDay),
    },
    settings: { value: later(inner.settings.value), customProfiles: later(inner.settings.customProfiles), customProfile: later(inner.settings.customProfile) },
    network: { recentBulkSends: later(inner.network.recentBulkSends) },
    audit: { documentSentIds: later(inner.audit.documentSentIds), recipientSentIds: later(inner.audit.recipientSentIds) },
    dataVersion: later(inner.dataVersion),
    mailingDefaults: later(inner.mailingDefaults),
    storedDocument: later(inner.storedDocument),
    documentIdOf: later(inner.documentIdOf),
    documentLinks: later(inner.documentLinks),
    pollDue: later(inner.pollDue),
    pollPending: later(inner.pollPending),
    pollNextDueAt: later(inner.pollNextDueAt),
    acceptedBetween: later(inner.acceptedBetween),
    unsentCount: later(inner.unsentCount),
    interruptedMailingWork: later(inner.interruptedMailingWork),
    close: inner.close,
  };
  return { reads, calls: () => calls };
}

const DEFAULTS = { title: '테스트 고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 };
const SCHEDULE = { firstAfterSec: 0, dayOneEverySec: 60, laterEverySec: 3600 };

let sandbox: RunningSandboxes;
let dataDir: string;
let mailingIds: string[];
let readDb: Db;
let writer: DocdeskWriter;
let sqlite: DocdeskReads;
let late: ReturnType<typeof answeringLater>;
let gateway: MailingGateway;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  dataDir = tempDir();
  const b = await backendFor(sandbox, { dataDir });
  mailingIds = [];
  for (const seed of [21, 22]) {
    const listFile = path.join(dataDir, `list-${seed}.xlsx`);
    await writeSampleRecipientList(listFile, { rows: 120, seed });
    const { mailingId } = await b.mailing.import(listFile, { defaults: DEFAULTS });
    if (!mailingId) throw new Error('no mailing');
    mailingIds.push(mailingId);
  }
  await b.close();

  const file = { path: path.join(dataDir, 'docdesk.db'), key: loadDataDirKeys(dataDir, undefined).dbKey };
  readDb = openDatabase(file.path, file.key, { readonly: true });
  writer = startDocdeskWriter(file);
  sqlite = createSqliteDocdeskReads(readDb, file);
  late = answeringLater(sqlite);
  const client = createDocsGwClient({
    profileKind: 'sandbox',
    service: docsgwServiceSchema.parse({ host: sandbox.docsgw.host, addresses: sandbox.docsgw.addresses, port: sandbox.docsgw.port, caFile: sandbox.docsgw.caFile, connectTimeoutMs: 2_000, timeoutMs: 10_000 }),
    credentials: () => ({ accessToken: sandbox.docsgw.accessToken, contractUuid: sandbox.docsgw.contractUuid }),
    exchangeSink: createMemoryExchangeSink(),
  });
  gateway = {
    bulkSend: (req, correlation) => client.bulkSend(req, correlation),
    bulkStatus: (ids, correlation, externalIds) => client.bulkStatus(ids, correlation, externalIds),
    singleStatus: (binderUuid, correlation) => client.singleStatus(binderUuid, correlation),
  };
}, 60_000);

afterAll(async () => {
  await sqlite.close();
  readDb.close();
  await writer.close();
  await sandbox.close();
});

function engineOver(reads: DocdeskReads) {
  return createMailingEngine({
    reads,
    gateway: () => gateway,
    store: createWriterMailingStore({ steps: writer, operatorLog: createOperatorLog(operatorActionsOnWriter(writer), 'tester'), takeExchanges: () => [] }),
  });
}

/** The export's rows as written (the header row first). */
function exportedRows(filePath: string): unknown[][] {
  const book = XLSX.read(readFileSync(filePath));
  const sheet = book.Sheets[book.SheetNames[0] ?? ''];
  if (!sheet) throw new Error('no sheet');
  return XLSX.utils.sheet_to_json(sheet, { header: 1 });
}

describe('the services over a DocdeskReads that answers later', () => {
  it('the documents service: the same grid page and the same export as over SQLite', async () => {
    const overLate = createDocumentsService(late.reads, dataDir, writer);
    const overSqlite = createDocumentsService(sqlite, dataDir, writer);
    const before = late.calls();
    const view = { sort: 'sourceRow' as const, direction: 'desc' as const, limit: 30, offset: 10 };
    const page = await overLate.query(view);
    expect(page).toEqual(await overSqlite.query(view));
    const documents = (await sqlite.mailingList()).reduce((n, m) => n + m.total, 0);
    expect(documents).toBeGreaterThan(200);
    expect(page.total).toBe(documents);
    expect(page.rows).toHaveLength(30);

    const exported = await overLate.export({ sort: 'id', direction: 'asc' });
    const expected = await overSqlite.export({ sort: 'id', direction: 'asc' });
    expect(exported.rows).toBe(documents);
    expect(exported.truncated).toBe(false);
    expect(exportedRows(exported.filePath)).toEqual(exportedRows(expected.filePath));
    expect(late.calls()).toBeGreaterThan(before);
  });

  it('the mailing engine: summary and counts, a send whose last progress shows the stored counts, the poller due read and its round, the pre-review figures', async () => {
    const engine = engineOver(late.reads);
    const [first] = mailingIds;
    if (!first) throw new Error('no mailing');
    expect(await engine.summary(first)).toEqual(await sqlite.mailingSummary(first));
    expect(await engine.counts(first)).toEqual(await sqlite.mailingCounts(first));
    expect(await engine.summary('M-none')).toBeUndefined();

    const progress: number[] = [];
    const sent = await engine.send(first, { concurrency: 2, rateLimitPerSec: 1000, firstPollAfterMs: 0, chunkSize: 50, onProgress: (p) => progress.push(p.counts.ACCEPTED + p.counts.REJECTED) });
    expect(sent.stopped).toBe('done');
    const stored = await sqlite.mailingCounts(first);
    expect(sent.counts).toEqual(stored);
    const total = (await sqlite.mailingSummary(first))?.total ?? 0;
    expect(total).toBeGreaterThan(100);
    expect(stored.ACCEPTED + stored.REJECTED + stored.UNKNOWN).toBe(total);
    // The last progress report is the stored counts, read after the send's last step.
    expect(progress.at(-1)).toBe(stored.ACCEPTED + stored.REJECTED);

    // Every accepted document is due at once (firstPollAfterMs 0): the round asks for exactly those.
    const pending = await sqlite.pollPending({ mailingId: first });
    expect(pending.count).toBe(stored.ACCEPTED);
    expect(await engine.pendingPollCount({ mailingId: first })).toBe(pending.count);
    // Read page by page (30 due documents a page here), each page after the last entry of the one before, while
    // the calls of the pages before are out: every due document is asked about once.
    const pages: number[] = [];
    const paged = engineOver({ ...late.reads, pollDue: async (...args) => { const page = await late.reads.pollDue(...args); pages.push(page.length); return page; } });
    const asked = sandbox.docsgw.ledger.statusAsks().length;
    const round = await paged.pollRound({ mailingId: first, schedule: SCHEDULE, concurrency: 2, dueBy: Date.now() + 1_000, duePageRows: 30 });
    expect(round.polled).toBe(pending.count);
    expect(pages.length).toBe(Math.floor(pending.count / 30) + 1);
    const askedNow = sandbox.docsgw.ledger.statusAsks().slice(asked).map((a) => a.binderUuid);
    expect(askedNow.length).toBe(pending.count);
    expect(new Set(askedNow).size).toBe(pending.count);
    expect(round.mailingIds).toEqual([first]);
    expect(round.remaining).toBe((await sqlite.pollPending({ mailingId: first })).count);
    expect(await engine.nextPollDueAt({ mailingId: first })).toBe(await sqlite.pollNextDueAt({ mailingId: first }));

    const options = { institutionName: '테스트기관', rateLimitPerSec: 20, purpose: '고지' };
    const overLate = await engine.preReview({ mailingId: mailingIds[1] ?? '' }, options);
    const overSqlite = await engineOver(sqlite).preReview({ mailingId: mailingIds[1] ?? '' }, options);
    expect(overLate).toEqual(overSqlite);
    // Accepted today plus the second mailing's unsent documents.
    expect(overLate.plannedToday).toBe(stored.ACCEPTED + ((await sqlite.mailingSummary(mailingIds[1] ?? ''))?.total ?? 0));
  }, 60_000);

  it('a pause that comes while the send still reads its mailing stops the send before its first claim', async () => {
    const engine = engineOver(late.reads);
    const second = mailingIds[1] ?? '';
    const accepted = sandbox.docsgw.ledger.acceptedCountsByExternalId().size;
    const sending = engine.send(second, { concurrency: 2, rateLimitPerSec: 1000, firstPollAfterMs: 0, chunkSize: 50 });
    // The same tick as the call: the late summary read has not even left.
    expect(engine.sendingCount()).toBe(1);
    expect(await engine.pause(second)).toBe(true);
    const r = await sending;
    expect(r.stopped).toBe('paused');
    expect(sandbox.docsgw.ledger.acceptedCountsByExternalId().size).toBe(accepted);
    expect((await sqlite.mailingCounts(second)).IN_FLIGHT).toBe(0);
    expect((await sqlite.mailingSummary(second))?.state).toBe('PAUSED');
  }, 30_000);

  it('the SQLite implementation streams on a connection of its own: between rows, other reads and the same read run', async () => {
    const [first] = mailingIds;
    if (!first) throw new Error('no mailing');
    let rows = 0;
    for await (const _row of sqlite.followUp.followUpDocuments(first)) {
      if (rows++ > 0) continue;
      // An open statement on the shared connection would refuse the pragma of dataVersion and a second run of the
      // same statement ("connection is busy"); a stream's await lets both happen between its rows.
      expect(await sqlite.dataVersion()).toMatch(/^\d+:\d+$/);
      expect((await sqlite.gridPage({ limit: 5 })).rows).toHaveLength(5);
      let nested = 0;
      for await (const _inner of sqlite.followUp.followUpDocuments(first)) nested++;
      expect(nested).toBeGreaterThan(0);
    }
    expect(rows).toBeGreaterThan(1);
  });

  it('the follow-up list is read as it is written, the same rows as over SQLite', async () => {
    const deps = { dataDir, operatorLog: createOperatorLog(operatorActionsOnWriter(writer), 'tester'), timeScaleOf: async () => 1 };
    const [first] = mailingIds;
    if (!first) throw new Error('no mailing');
    const overLate = await createFollowUpService({ ...deps, reads: late.reads }).export({ mailingId: first, reason: '문자로 다시 안내' }, { outPath: path.join(tempDir(), 'late.xlsx') });
    const overSqlite = await createFollowUpService({ ...deps, reads: sqlite }).export({ mailingId: first, reason: '문자로 다시 안내' }, { outPath: path.join(tempDir(), 'sqlite.xlsx') });
    expect(overLate.rows).toBe(overSqlite.rows);
    expect(overLate.rows).toBeGreaterThan(0);
    expect(exportedRows(overLate.filePath)).toEqual(exportedRows(overSqlite.filePath));
  }, 30_000);
});
