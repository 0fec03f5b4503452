// The mailing journal writer thread (main/mailing/journal-writer.ts): steps that arrive together share one
// commit, yet every claim is its own set of documents, and a thread that cannot open the database fails the
// caller instead of leaving it waiting.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { chunkRefSchema } from '../../shared/domain/mailing-store.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { createMailingReads } from '../../main/mailing/mailing-reads.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import type { StepWriter } from '../../main/store/step-writer.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

const defaults = { title: '테스트 고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 };
let sandbox: RunningSandboxes;

beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

/** A data folder with one imported mailing of the sample list (the backend closed again), its keys and docdesk.db. */
async function importedMailing(rows: number, seed: number) {
  const dataDir = tempDir();
  const list = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(list, { rows, seed });
  const b = await backendFor(sandbox, { dataDir });
  const { mailingId } = await b.mailing.import(list, { defaults });
  await b.close();
  if (!mailingId) throw new Error('no mailing');
  return { mailingId, keys: loadDataDirKeys(dataDir, undefined), dbPath: path.join(dataDir, 'docdesk.db') };
}

describe('mailing journal writer thread', () => {
  it('claims made at the same moment are committed together and never share a document', async () => {
    const { mailingId, keys, dbPath } = await importedMailing(1_000, 11);
    const db = openDatabase(dbPath, keys.dbKey);
    const docdeskWriter = startDocdeskWriter({ path: dbPath, key: keys.dbKey });
    const writer = createJournalWriter({ steps: docdeskWriter, takeExchanges: () => [] });
    try {
      // A send's first step: the mailing's drafts join the queue, on the writer's connection, once.
      const drafts = (db.prepare(`SELECT count(*) n FROM documents WHERE mailing_id = ? AND state = 'DRAFT'`).get(mailingId) as { n: number }).n;
      expect(drafts).toBeGreaterThan(900);
      expect(await writer.startSend(mailingId)).toBe(drafts);
      expect(await writer.startSend(mailingId)).toBe(0);
      expect((db.prepare(`SELECT count(*) n FROM documents WHERE mailing_id = ? AND state = 'QUEUED'`).get(mailingId) as { n: number }).n).toBe(drafts);
      const chunks = await Promise.all(Array.from({ length: 8 }, () => writer.claim(mailingId, 100)));
      const ids = chunks.flatMap((c) => c?.documents.map((d) => d.id) ?? []);
      expect(chunks.every((c) => c !== null && c.documents.length === 100)).toBe(true);
      expect(new Set(ids).size).toBe(800);
      // Committed before the promises resolved: another connection sees every claim, IN_FLIGHT as its readers show it.
      expect(createMailingReads(db).counts(mailingId).IN_FLIGHT).toBe(800);
      const attempts = db.prepare('SELECT count(*) n FROM attempts').get() as { n: number };
      expect(attempts.n).toBe(800);
    } finally {
      await docdeskWriter.close();
      db.close();
    }
  });

  it('a claim crosses from the thread as the items\' stored text; its answer and requeue carry back only ids, attempts and external ids', async () => {
    const { mailingId, keys, dbPath } = await importedMailing(300, 12);
    const db = openDatabase(dbPath, keys.dbKey, { readonly: true });
    const docdeskWriter = startDocdeskWriter({ path: dbPath, key: keys.dbKey });
    // What each step posts to the thread, as the caller hands it over (postMessage copies every field of it).
    const posted: { step: string; input: unknown }[] = [];
    const recording: StepWriter = {
      run: (step, input, what) => {
        posted.push({ step, input });
        return docdeskWriter.run(step, input, what);
      },
    };
    const writer = createJournalWriter({ steps: recording, takeExchanges: () => [] });
    const keysOf = (o: object): string[] => Object.keys(o).sort();
    const storedItem = db.prepare('SELECT item_json FROM document_items WHERE document_id = ?').pluck();
    try {
      await writer.startSend(mailingId);
      const [answered, requeued] = await Promise.all([writer.claim(mailingId, 100), writer.claim(mailingId, 100)]);
      if (!answered || !requeued) throw new Error('nothing claimed');
      for (const d of [...answered.documents, ...requeued.documents]) {
        expect(keysOf(d)).toEqual(['attemptNo', 'externalDocumentUuid', 'id', 'internalErrorRetries', 'itemJson']);
        expect(d.itemJson).toBe(storedItem.get(d.id));
      }

      const results = answered.documents.map((d) => ({ documentId: d.id, kind: 'accepted' as const, binderUuid: `B-${d.id}` }));
      await writer.apply({ chunk: answered, chunkState: 'DONE', httpStatus: 200, detail: '', results, firstPollAfterMs: 5_000 }, 0);
      await writer.requeue(requeued, 'STOPPED: claimed, not sent before the send stopped');
      const stepInput = z.object({ step: z.object({ chunk: chunkRefSchema }) });
      const back = [stepInput.parse(posted.find((p) => p.step === 'mailing.apply')?.input).step.chunk, chunkRefSchema.parse(z.object({ chunk: z.unknown() }).parse(posted.find((p) => p.step === 'mailing.requeue')?.input).chunk)];
      for (const chunk of back) {
        expect(chunk.documents).toHaveLength(100);
        for (const d of chunk.documents) expect(keysOf(d)).toEqual(['attemptNo', 'externalDocumentUuid', 'id']);
      }
      const stateOf = db.prepare('SELECT state FROM documents WHERE id = ?').pluck();
      expect(new Set(answered.documents.map((d) => stateOf.get(d.id)))).toEqual(new Set(['ACCEPTED']));
      expect(new Set(requeued.documents.map((d) => stateOf.get(d.id)))).toEqual(new Set(['QUEUED']));
    } finally {
      await docdeskWriter.close();
      db.close();
    }
  });

  it('a thread that cannot open the database rejects the step with a message instead of hanging', async () => {
    const dataDir = tempDir();
    const b = await backendFor(sandbox, { dataDir });
    await b.close();
    const docdeskWriter = startDocdeskWriter({ path: path.join(dataDir, 'docdesk.db'), key: randomBytes(32) });
    const writer = createJournalWriter({ steps: docdeskWriter, takeExchanges: () => [] });
    await expect(writer.claim('M-none', 100)).rejects.toThrow(/발송 기록|key|암호/);
    await docdeskWriter.close();
  });
});
