// The mailing engine through the real docs-gw client over HTTPS against the sandbox: safe retries only,
// UNKNOWN for anything ambiguous, nothing delivered twice (DESIGN §6).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Backend } from '../../main/app/backend.ts';
import { createMailingEngine } from '../../main/mailing/engine.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { createWriterMailingStore } from '../../main/writer/mailing-store.ts';
import { unknownReasonKind, wholeRequestAdvice, type UnknownReasonKind } from '../../shared/domain/docsgw-advice.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { createOperatorLog, operatorActionsOnWriter } from '../../main/store/operator-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { createSqliteDocdeskReads } from '../../main/reads/sqlite-docdesk-reads.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const defaults = { title: '테스트 고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 };

let sandbox: RunningSandboxes;
let listFile: string;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  listFile = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(listFile, { rows: 300, seed: 7 });
});
afterAll(async () => {
  await sandbox.close();
});

async function importList(b: Backend): Promise<string> {
  const { mailingId } = await b.mailing.import(listFile, { defaults });
  if (!mailingId) throw new Error('no mailing');
  return mailingId;
}

/** External ids the sandbox accepted more than once (a double delivery). */
function acceptedTwice(): string[] {
  return [...sandbox.docsgw.ledger.acceptedCountsByExternalId()].filter(([, n]) => n > 1).map(([id]) => id);
}

/** The mailing's UNKNOWN (or abandoned) documents share one stored reason, which the advice table explains. */
async function expectUnknownReasons(b: Backend, mailingId: string, state: 'UNKNOWN' | 'ABANDONED', kind: UnknownReasonKind): Promise<void> {
  const groups = (await b.mailing.errorSummary(mailingId)).filter((g) => g.state === state);
  expect(groups).toHaveLength(1);
  expect(groups[0]?.count).toBe(100);
  expect(unknownReasonKind(groups[0]?.code ?? null), String(groups[0]?.code)).toBe(kind);
}

describe('mailing engine against the sandbox', () => {
  it('a send that fails before its first request (no gateway) releases the mailing: the next send is not refused as running', async () => {
    const dataDir = tempDir();
    const b = await backendFor(sandbox, { dataDir });
    const id = await importList(b);
    await b.close();
    const dbPath = path.join(dataDir, 'docdesk.db');
    const key = loadDataDirKeys(dataDir, undefined).dbKey;
    const readDb = openDatabase(dbPath, key, { readonly: true });
    const docdeskWriter = startDocdeskWriter({ path: dbPath, key });
    const engine = createMailingEngine({
      reads: createSqliteDocdeskReads(readDb, { path: dbPath, key }),
      gateway: () => {
        throw new Error('자격 증명이 없습니다');
      },
      store: createWriterMailingStore({
        steps: docdeskWriter,
        operatorLog: createOperatorLog(operatorActionsOnWriter(docdeskWriter), 'tester'),
        takeExchanges: () => [],
      }),
    });
    try {
      const options = { concurrency: 2, rateLimitPerSec: 100, firstPollAfterMs: 5_000 };
      await expect(engine.send(id, options)).rejects.toThrow('자격 증명이 없습니다');
      await expect(engine.send(id, options)).rejects.toThrow('자격 증명이 없습니다');
      expect((await engine.counts(id)).IN_FLIGHT).toBe(0);
    } finally {
      await engine.close();
      readDb.close();
      await docdeskWriter.close();
    }
  });

  it('a cancel while the send is queueing its drafts (on the writer thread) leaves everything cancelled, nothing sent', async () => {
    const b = await backendFor(sandbox);
    try {
      const id = await importList(b);
      const total = (await b.mailing.status(id)).total;
      // send() runs until it awaits the writer's DRAFT → QUEUED step; the cancel lands in that window.
      const sending = b.mailing.send(id);
      const cancelling = b.mailing.cancel(id);
      const r = await sending;
      await cancelling;
      expect(r.stopped).toBe('cancelled');
      expect(r.chunks).toBe(0);
      const s = (await b.mailing.status(id));
      expect(s.state).toBe('CANCELLED');
      expect(s.counts.CANCELLED).toBe(total);
    } finally {
      await b.close();
    }
  });

  it('sends, retries per-item INTERNAL_ERROR once, rejects per-item errors, and polls to final', async () => {
    await sandbox.docsgw.clearFaults();
    const b = await backendFor(sandbox);
    try {
      const id = await importList(b);
      const before = (await b.mailing.status(id));
      const r = await b.mailing.send(id);
      expect(r.stopped).toBe('done');
      expect(r.counts.UNKNOWN).toBe(0);
      expect(r.counts.QUEUED + r.counts.IN_FLIGHT).toBe(0);
      expect(r.counts.ACCEPTED + r.counts.REJECTED).toBe(before.total);
      // 3 blocks of 100 rows: one 9999 (NOT_FOUND) and one 4444 (FORBIDDEN) each.
      expect(r.counts.REJECTED).toBe(6);
      const summary = sandbox.docsgw.ledger.summary();
      expect(summary.itemResults.NOT_FOUND).toBe(3);
      expect(summary.itemResults.FORBIDDEN).toBe(3);
      // 5000 recipients fail once with INTERNAL_ERROR and are accepted on the retry, under a new external id.
      expect(summary.itemResults.INTERNAL_ERROR).toBeGreaterThanOrEqual(3);
      expect(acceptedTwice()).toEqual([]);
      // What `mail status` explains: the refusals by code, each code in the advice table.
      expect(await b.mailing.errorSummary(id)).toEqual([
        { state: 'REJECTED', code: 'FORBIDDEN', count: 3 },
        { state: 'REJECTED', code: 'NOT_FOUND', count: 3 },
      ]);
      const polled = await b.mailing.pollUntilFinal(id, { timeoutMs: 60_000 });
      expect(polled.final).toBe(true);
      const s = (await b.mailing.status(id));
      expect(s.counts.READ + s.counts.EXPIRED).toBe(s.counts.ACCEPTED);
      expect(s.counts.READ).toBeGreaterThan(0);
    } finally {
      await b.close();
    }
  });

  it('timeout after the body was sent → UNKNOWN, never resent automatically; resolve decides', async () => {
    await sandbox.docsgw.setFaults({ timeoutAfterBody: { endpoints: ['bulkSend'], count: 1 } });
    const b = await backendFor(sandbox, { timeoutMs: 1_500, concurrency: 1 });
    try {
      const id = await importList(b);
      const r = await b.mailing.send(id);
      expect(r.counts.UNKNOWN).toBe(100);
      await expectUnknownReasons(b, id, 'UNKNOWN', 'timeout');
      const requestsAfterFirst = sandbox.docsgw.ledger.requests().length;
      // A second send does not touch UNKNOWN documents.
      const again = await b.mailing.send(id);
      expect(again.counts.UNKNOWN).toBe(100);
      expect(sandbox.docsgw.ledger.requests().length).toBe(requestsAfterFirst);
      expect(acceptedTwice()).toEqual([]);
      // The operator abandons them: journalled, nothing sent.
      expect(await b.mailing.resolve(id, 'abandon')).toBe(100);
      expect((await b.mailing.status(id)).counts.ABANDONED).toBe(100);
      await expectUnknownReasons(b, id, 'ABANDONED', 'timeout');
    } finally {
      await b.close();
    }
  });

  it('an operator resend of UNKNOWN documents goes out under new external ids', async () => {
    await sandbox.docsgw.setFaults({ resetMidResponse: { endpoints: ['bulkSend'], count: 1 } });
    const b = await backendFor(sandbox, { concurrency: 1 });
    try {
      const id = await importList(b);
      const r = await b.mailing.send(id);
      expect(r.counts.UNKNOWN).toBe(100);
      await expectUnknownReasons(b, id, 'UNKNOWN', 'connection-lost');
      expect(await b.mailing.resolve(id, 'resend')).toBe(100);
      const done = await b.mailing.send(id);
      expect(done.counts.UNKNOWN).toBe(0);
      expect(done.counts.QUEUED).toBe(0);
      expect(acceptedTwice()).toEqual([]);
      // The timeline tells the whole story from attempts, chunks and the operator's decision, in order.
      const ext = [...sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()].at(-1)!;
      const timeline = (await b.mailing.documentDetail(ext))?.timeline ?? [];
      expect(timeline.map((e) => e.kind)).toEqual(['imported', 'chunk.sending', 'unknown', 'resolved', 'chunk.sending', 'accepted']);
      const ids = timeline.filter((e) => e.kind === 'chunk.sending').map((e) => e.data['externalDocumentUuid']);
      expect(new Set(ids).size).toBe(2);
      expect(ids[1]).toBe(ext);
      expect(timeline[2]?.data['reason']).toEqual(expect.stringContaining('UND_ERR'));
    } finally {
      await b.close();
    }
  });

  it('connection refused everywhere → retried with backoff, then delivered once', async () => {
    await sandbox.docsgw.setFaults({ refuseAddresses: sandbox.docsgw.addresses });
    const b = await backendFor(sandbox, { concurrency: 1 });
    try {
      const id = await importList(b);
      const sending = b.mailing.send(id);
      await new Promise((r) => setTimeout(r, 1_200));
      await sandbox.docsgw.clearFaults();
      const r = await sending;
      expect(r.stopped).toBe('done');
      expect(r.counts.UNKNOWN).toBe(0);
      expect(r.counts.ACCEPTED + r.counts.REJECTED).toBe((await b.mailing.status(id)).total);
      expect(acceptedTwice()).toEqual([]);
    } finally {
      await b.close();
    }
  });

  it('fails over to the second IDC address when the first refuses connections', async () => {
    await sandbox.docsgw.setFaults({ refuseAddresses: [sandbox.docsgw.addresses[0]!] });
    const b = await backendFor(sandbox);
    try {
      const id = await importList(b);
      const r = await b.mailing.send(id);
      expect(r.counts.UNKNOWN).toBe(0);
      expect(r.counts.QUEUED).toBe(0);
      const used = new Set(sandbox.docsgw.ledger.requests().slice(-3).map((q) => q.address));
      expect(used).toEqual(new Set([sandbox.docsgw.addresses[1]]));
    } finally {
      await sandbox.docsgw.clearFaults();
      await b.close();
    }
  });

  it('whole-request 500 → UNKNOWN; whole-request 401 → stops with the documents still queued (exit 4)', async () => {
    await sandbox.docsgw.setFaults({ wholeRequest: { status: 500, errorCode: 'INTERNAL_SERVER_ERROR', endpoints: ['bulkSend'], count: 1 } });
    const b = await backendFor(sandbox, { concurrency: 1 });
    try {
      const id = await importList(b);
      const r = await b.mailing.send(id);
      expect(r.counts.UNKNOWN).toBe(100);
      await expectUnknownReasons(b, id, 'UNKNOWN', 'server-error');
      const id2 = await importList(b);
      await sandbox.docsgw.setFaults({ wholeRequest: { status: 401, errorCode: 'UNAUTHORIZED', endpoints: ['bulkSend'], count: 1 } });
      const stop = wholeRequestAdvice(401);
      await expect(b.mailing.send(id2)).rejects.toMatchObject({ exitCode: 4, code: 'UNAUTHORIZED', message: `${stop.explanation} ${stop.advice}` });
      const s = (await b.mailing.status(id2));
      expect(s.counts.QUEUED).toBe(s.total);
      expect(s.state).toBe('PAUSED');
    } finally {
      await sandbox.docsgw.clearFaults();
      await b.close();
    }
  });

  it('a stored item that can no longer be read refuses its chunk as our own validation does: REJECTED, nothing sent, the send goes on', async () => {
    await sandbox.docsgw.clearFaults();
    const dataDir = tempDir();
    const b = await backendFor(sandbox, { dataDir });
    const id = await importList(b);
    await b.close();
    const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    const first = z.number().int().parse(db.prepare('SELECT min(id) FROM documents WHERE mailing_id = ?').pluck().get(id));
    db.prepare(`UPDATE document_items SET item_json = '{"title":' WHERE document_id = ?`).run(first);
    db.close();

    const again = await backendFor(sandbox, { dataDir });
    const requestsBefore = sandbox.docsgw.ledger.requests().length;
    try {
      const r = await again.mailing.send(id);
      expect(r.stopped).toBe('done');
      expect(r.counts.UNKNOWN).toBe(0);
      const refused = (await again.mailing.errorSummary(id)).find((g) => g.code === 'LOCAL_VALIDATION');
      // The first chunk (100 documents, the damaged one among them) is refused before it leaves; the rest is sent.
      expect(refused).toEqual({ state: 'REJECTED', code: 'LOCAL_VALIDATION', count: 100 });
    } finally {
      await again.close();
    }
    const after = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
    try {
      const row = z.object({ error_message: z.string(), external_document_uuid: z.string() }).parse(after.prepare('SELECT error_message, external_document_uuid FROM documents WHERE id = ?').get(first));
      expect(row.error_message).toContain(`저장된 문서 #${first}의 내용을 읽을 수 없습니다`);
      expect(sandbox.docsgw.ledger.requests().length).toBeGreaterThan(requestsBefore);
      expect(sandbox.docsgw.ledger.itemsFor(row.external_document_uuid)).toEqual([]);
    } finally {
      after.close();
    }
  });

  it('keeps external ids unique across the whole database, and journals every exchange', async () => {
    await sandbox.docsgw.clearFaults();
    const dataDir = tempDir();
    const b = await backendFor(sandbox, { dataDir });
    let someExternalId = '';
    let expectedAttempts: number | undefined;
    try {
      const a = await importList(b);
      const c = await importList(b);
      await b.mailing.send(a);
      await b.mailing.send(c);
      const documents = (await b.mailing.status(a)).total + (await b.mailing.status(c)).total;
      expectedAttempts = documents;
      expect(b.exchangeCount()).toBeGreaterThanOrEqual(6);
      someExternalId = [...sandbox.docsgw.ledger.acceptedCountsByExternalId().keys()].at(-1)!;
      const detail = (await b.mailing.documentDetail(someExternalId));
      expect(detail?.timeline.map((e) => e.kind)).toEqual(expect.arrayContaining(['imported', 'chunk.sending', 'accepted']));
    } finally {
      await b.close();
    }
    // Two mailings from the same file never share an id, and the database refuses a duplicate outright.
    const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
    try {
      const { n, d } = db.prepare('SELECT count(*) n, count(DISTINCT external_document_uuid) d FROM attempts').get() as { n: number; d: number };
      expect(n).toBeGreaterThanOrEqual(expectedAttempts ?? Number.POSITIVE_INFINITY);
      expect(d).toBe(n);
      const row = db.prepare('SELECT document_id, chunk_id FROM attempts WHERE external_document_uuid = ?').get(someExternalId) as { document_id: number; chunk_id: string };
      expect(() =>
        db.prepare('INSERT INTO attempts (external_document_uuid, document_id, attempt_no, chunk_id, created_at) VALUES (?, ?, 99, ?, 0)').run(someExternalId, row.document_id, row.chunk_id),
      ).toThrow(/UNIQUE/);
    } finally {
      db.close();
    }
  });
});
