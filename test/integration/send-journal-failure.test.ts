// A journal step that fails in the middle of a bulk send (here: the step cannot take its exchange records) fails
// the send loudly — but only once every chunk already on its way to the gateway has come back: the send must
// not report itself over (and release the mailing) while requests it made are still out (issue 16 step 10,
// main/batch/batch-runner.ts).
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { docsgwServiceSchema } from '../../shared/domain/profile.ts';
import { createDocsGwClient } from '../../main/docsgw/client.ts';
import { writeSampleRecipientList } from '../../main/imports/sample-list.ts';
import { createMailingEngine } from '../../main/mailing/engine.ts';
import type { MailingGateway } from '../../main/mailing/types.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { createSqliteDocdeskReads } from '../../main/reads/sqlite-docdesk-reads.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { createWriterMailingStore } from '../../main/writer/mailing-store.ts';
import { createOperatorLog, operatorActionsOnWriter } from '../../main/store/operator-log.ts';
import { createMemoryExchangeSink } from '../helpers/sandbox-exchange-sink.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
beforeAll(async () => {
  sandbox = await startTestSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

it('a journal failure during a send rejects it only after the chunks in flight were answered', { timeout: 60_000 }, async () => {
  const dataDir = tempDir();
  const listFile = path.join(dataDir, 'list.xlsx');
  await writeSampleRecipientList(listFile, { rows: 300, seed: 11 });
  const b = await backendFor(sandbox, { dataDir });
  const { mailingId } = await b.mailing.import(listFile, { defaults: { title: '테스트 고지서', link: 'https://docdesk.example/d', csNumber: '02-123-4567', csName: '고객센터', expiresInDays: 30 } });
  await b.close();
  if (!mailingId) throw new Error('no mailing');

  // Every chunk takes 400 ms at the gateway, so the other request slots are mid-request when a step fails.
  await sandbox.docsgw.setFaults({ latencyMs: { ms: 400, endpoints: ['bulkSend'] } });
  const client = createDocsGwClient({
    profileKind: 'sandbox',
    service: docsgwServiceSchema.parse({ host: sandbox.docsgw.host, addresses: sandbox.docsgw.addresses, port: sandbox.docsgw.port, caFile: sandbox.docsgw.caFile, connectTimeoutMs: 2_000, timeoutMs: 10_000 }),
    credentials: () => ({ accessToken: sandbox.docsgw.accessToken, contractUuid: sandbox.docsgw.contractUuid }),
    exchangeSink: createMemoryExchangeSink(),
  });
  let out = 0;
  const gateway: MailingGateway = {
    bulkSend: async (req, correlation) => {
      out++;
      try {
        return await client.bulkSend(req, correlation);
      } finally {
        out--;
      }
    },
    bulkStatus: (ids, correlation, externalIds) => client.bulkStatus(ids, correlation, externalIds),
    singleStatus: (binderUuid, correlation) => client.singleStatus(binderUuid, correlation),
  };

  const dbPath = path.join(dataDir, 'docdesk.db');
  const key = loadDataDirKeys(dataDir, undefined).dbKey;
  const readDb = openDatabase(dbPath, key, { readonly: true });
  const docdeskWriter = startDocdeskWriter({ path: dbPath, key });
  // Steps: queueing the drafts, four claims, then answers; the second answer's step fails.
  let steps = 0;
  const engine = createMailingEngine({
    reads: createSqliteDocdeskReads(readDb, { path: dbPath, key }),
    gateway: () => gateway,
    store: createWriterMailingStore({
      steps: docdeskWriter,
      operatorLog: createOperatorLog(operatorActionsOnWriter(docdeskWriter), 'tester'),
      takeExchanges: () => {
        if (++steps === 7) throw new Error('저널 기록 실패(시험): 디스크가 가득 찼습니다');
        return [];
      },
    }),
  });
  try {
    let outAtRejection = -1;
    await expect(
      engine.send(mailingId, { concurrency: 4, rateLimitPerSec: 1000, firstPollAfterMs: 5_000, chunkSize: 10 }).finally(() => {
        outAtRejection = out;
      }),
    ).rejects.toThrow('디스크가 가득 찼습니다');
    expect(outAtRejection).toBe(0);
    expect(engine.sendingCount()).toBe(0);
    // Nothing more leaves after the send reported its failure.
    const accepted = sandbox.docsgw.ledger.acceptedCountsByExternalId().size;
    await new Promise((r) => setTimeout(r, 600));
    expect(out).toBe(0);
    expect(sandbox.docsgw.ledger.acceptedCountsByExternalId().size).toBe(accepted);
  } finally {
    await sandbox.docsgw.setFaults({});
    await engine.close();
    readDb.close();
    await docdeskWriter.close();
  }
});
