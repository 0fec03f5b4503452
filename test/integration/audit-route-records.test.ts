// Issue 16 step 8, the build moved: docdesk.db's writer (the send's bottleneck thread) builds no audit event. What it
// posts over the producer link after a commit is read here, where the audit writer would read it: the chain entries
// as its steps stored them (each exchange record's JSON text with its exchange_log seq), parsed with the link's schemas — no
// canonical text, no blobs, no subject keys. The base posted built events ({ batch: [{ head, tail, blobs, index }] }).
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { z } from 'zod';
import { createBackend } from '../../main/app/backend.ts';
import { chainEntrySchema } from '../../main/audit/producer-batches.ts';
import { createProducerLink, producerRequestSchema, type AuditEnd } from '../../main/audit/producer-link.ts';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { startDocdeskWriter, type DocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { bulkSendExchange } from '../helpers/bulk-send-exchange.ts';
import { tempDir } from '../helpers/test-backend.ts';

const sendExchange = (externalId: string): ExchangeRecord => bulkSendExchange(externalId, { mailingId: 'M-records', phone: '01012345678', profile: 'sandbox' });

let writer: DocdeskWriter;
let audit: AuditEnd;

beforeEach(async () => {
  const dataDir = tempDir('docdesk-audit-route-records-');
  await (await createBackend({ dataDir, env: {} })).close();
  const keys = loadDataDirKeys(dataDir, undefined);
  const link = createProducerLink();
  audit = link.audit;
  writer = startDocdeskWriter({ path: path.join(dataDir, 'docdesk.db'), key: keys.dbKey }, { audit: link.producer });
});

afterEach(async () => {
  await writer.close();
  audit.port.close();
});

it('after its commit the docdesk writer posts the records as stored — their JSON text — with their exchange_log seqs, not built events', { timeout: 60_000 }, async () => {
  const posted: unknown[] = [];
  // Answered as the audit writer answers, so the writer's replies and its close go on.
  audit.port.on('message', (raw: unknown) => {
    posted.push(raw);
    audit.port.postMessage({ id: z.object({ id: z.number().int() }).parse(raw).id, seqs: [], refused: [] });
  });
  const records = ['ext-rec-1', 'ext-rec-2'].map(sendExchange);
  const sent = structuredClone(records);
  const journal = createJournalWriter({ steps: writer, takeExchanges: () => records.splice(0) });
  expect(await journal.claim('M-records', 10)).toBeNull();

  expect(posted).toEqual([{ id: expect.any(Number), entries: expect.any(Array) }]);
  const message = producerRequestSchema.parse(posted[0]);
  const entries = message.entries.map((e) => chainEntrySchema.parse(e));
  expect(entries.map((e) => e.kind)).toEqual(['exchange', 'exchange']);
  // Each record as its JSON text, made where the record was (store/exchange-log.ts serializeExchange): no object.
  expect(entries.map((e) => (e.kind === 'exchange' ? e.json : null))).toEqual(sent.map((r) => JSON.stringify(r)));
  const seqs = entries.map((e) => (e.kind === 'exchange' ? e.seq : -1));
  expect(seqs[1]).toBe(seqs[0]! + 1);
  // Nothing of an event: no canonical text, blobs or subject keys (the phone's HMAC token needs the audit key).
  expect(JSON.stringify(posted[0])).not.toMatch(/"head"|"tail"|"blobs"|phone:/);
});
