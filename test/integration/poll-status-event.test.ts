// A poll round's 'status' event on the sandbox (issue 16): the move and the gateway's times as the documents row
// keeps them (UTC ms, what the grid shows), without the gateway's status object — that stays in the exchange
// record (exchange_log, the audit chain), which the document's evidence view reads. The drawer prints the event.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import type { RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { sendAndPollOnce } from '../helpers/sent-and-polled.ts';
import { backendFor, startTestSandbox, tempDir } from '../helpers/test-backend.ts';

let sandbox: RunningSandboxes;
let b: Backend;

beforeAll(async () => {
  sandbox = await startTestSandbox();
  b = await backendFor(sandbox, { dataDir: tempDir() });
}, 60_000);

afterAll(async () => {
  await b?.close();
  await sandbox?.close();
});

it('names the move and the times the grid shows, not the gateway object', async () => {
  const { mailingId, polled } = await sendAndPollOnce(b, 30);
  expect(polled).toBeGreaterThan(20);
  const { rows } = await b.documents.query({ mailingId, limit: 100 });
  const read = rows.filter((r) => r.docBoxStatus === 'READ');
  expect(read.length).toBeGreaterThan(0);
  let events = 0;
  for (const row of rows) {
    const detail = await b.mailing.documentDetail(row.externalDocumentUuid ?? '');
    for (const e of detail?.timeline.filter((x) => x.kind === 'status') ?? []) {
      events++;
      expect(Object.keys(e.data).filter((k) => !['from', 'to', 'sentAt', 'receivedAt', 'readAt'].includes(k))).toEqual([]);
      expect(e.data['to']).toBe(row.docBoxStatus ?? 'SENT');
      if (row.docBoxStatus === 'READ') expect(e.data['readAt']).toBe(row.readAt);
    }
  }
  // Each polled document's first answer moved it from no status: one event each.
  expect(events).toBe(polled);
}, 60_000);
