// The audit writer keeps the docdesk writer's batches that nobody waits for and commits several as one
// (main/audit/producer-link.ts PRODUCER_HOLD): a PayUp or KCP batch's docdesk commits each bring ~25 exchanges, and
// one audit commit per arrival cost the audit writer its commit work ~25 events at a time (docs/benchmarks.md,
// session 18). What waits is never kept: a step whose reply is held is committed at once, and so is whatever the
// main thread's flush (a search, a verify, an export) needs. Here the hold is made long (10 minutes) so that only
// those rules can commit; the base committed every batch on arrival, which the first case catches.
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { openAuditService, type AuditService } from '../../main/audit/audit-service.ts';
import { operatorActor } from '../../main/audit/producer.ts';
import { createProducerLink } from '../../main/audit/producer-link.ts';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { exchangeRecordsOnWriter } from '../../main/store/exchange-log.ts';
import { startDocdeskWriter, type DocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { bulkSendExchange } from '../helpers/bulk-send-exchange.ts';
import { tempDir } from '../helpers/test-backend.ts';

const sendExchange = (externalId: string): ExchangeRecord => bulkSendExchange(externalId, { mailingId: 'M-hold' });

let writer: DocdeskWriter;
let audit: AuditService;
let records: ExchangeRecord[];
/** One journal step (a claim that finds nothing to claim) carrying one exchange record: one docdesk commit, one batch. */
let stepWithRecord: (externalId: string) => Promise<void>;

beforeEach(async () => {
  const dataDir = tempDir('docdesk-audit-hold-');
  await (await createBackend({ dataDir, env: {} })).close();
  const keys = loadDataDirKeys(dataDir, undefined);
  const link = createProducerLink({ ms: 600_000, batches: 4, entries: 1_000 });
  writer = startDocdeskWriter({ path: path.join(dataDir, 'docdesk.db'), key: keys.dbKey }, { audit: link.producer });
  audit = await openAuditService({ dataDir, auditKey: keys.auditKey, actor: operatorActor('kim@pc-7'), producer: link.audit });
  await audit.flush(); // the start-up events
  records = [];
  const journal = createJournalWriter({ steps: writer, takeExchanges: () => records.splice(0) });
  stepWithRecord = async (externalId) => {
    records.push(sendExchange(externalId));
    expect(await journal.claim('M-hold', 10)).toBeNull();
  };
});

afterEach(async () => {
  await writer.close();
  await audit.close();
});

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, ok: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

it('batches nobody waits for are kept until enough have come, then committed together', { timeout: 60_000 }, async () => {
  const before = await audit.size();
  for (const id of ['ext-hold-1', 'ext-hold-2', 'ext-hold-3']) await stepWithRecord(id);
  // Each step was answered after its docdesk commit; its event is not in the chain yet (the base had all three).
  await pause(500);
  expect(await audit.size()).toBe(before);
  await stepWithRecord('ext-hold-4');
  await until('the four events committed', async () => (await audit.size()) === before + 4);
});

it('a batch a step waits for is committed at once, and the batches kept before it with it', { timeout: 60_000 }, async () => {
  const before = await audit.size();
  await stepWithRecord('ext-kept');
  await pause(300);
  expect(await audit.size()).toBe(before);
  // A record of its own (exchange.record) is answered once its event is in the chain: it must not wait 10 minutes.
  const t0 = Date.now();
  await exchangeRecordsOnWriter(writer)([sendExchange('ext-held')]);
  expect(Date.now() - t0).toBeLessThan(30_000);
  expect(await audit.size()).toBe(before + 2);
});

it("the main thread's flush commits what the audit writer keeps", { timeout: 60_000 }, async () => {
  const before = await audit.size();
  await stepWithRecord('ext-flush-1');
  await stepWithRecord('ext-flush-2');
  await pause(300);
  expect(await audit.size()).toBe(before);
  await audit.flush();
  expect(await audit.size()).toBe(before + 2);
});
