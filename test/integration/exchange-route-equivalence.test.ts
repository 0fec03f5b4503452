// Issue 16 item 3: an exchange record is serialised once, on the thread that makes it (store/exchange-log.ts
// serializeExchange), and what reaches docdesk.db's writer and the audit writer is its text. What they keep must
// be what they kept when the record travelled as an object: the exchange_log row as that insert wrote it (the
// columns, JSON.stringify(record), deflated above the threshold) and the chain event as the builder makes it from
// the record — which is also what start-up recovery builds from the row (recover.ts). A small record and a
// 100-document bulk send (stored deflated), through a journal step and through a step of their own.
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createBackend } from '../../main/app/backend.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { readyEvent } from '../../main/audit/batch-event.ts';
import { exchangeAuditEvent, storedExchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import { createProducerLink } from '../../main/audit/producer-link.ts';
import { operatorActor } from '../../main/audit/producer.ts';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { exchangeRecordJson, exchangeRecordsOnWriter, storedExchangeRecord, storedExchangeRecordSchema } from '../../main/store/exchange-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { bulkSendExchange, hundredDocumentBulkSend } from '../helpers/bulk-send-exchange.ts';
import { tempDir } from '../helpers/test-backend.ts';

/** A PayUp cancel that timed out after its body was sent: small (stored as text), with a failure phase. */
const timedOutCancel = (): ExchangeRecord => ({
  service: 'payup', endpoint: 'cancel', method: 'POST', host: 'api.payup.co.kr', path: '/v2/api/payment/M1/cancel2', address: null, port: 443,
  requestHeaders: { 'content-type': 'application/json' }, requestBody: '{"transactionId":"T-equal","cancelReason":"고객 요청"}', status: null,
  responseHeaders: {}, responseBody: null, startedAt: Date.now(), durationMs: 30_000.25,
  failure: { phase: 'response', code: 'ETIMEDOUT', message: '응답 시간 초과', bodySent: true }, correlation: { transactionId: 'T-equal' }, profile: 'payup-live',
});

const rowSchema = storedExchangeRecordSchema.extend({
  seq: z.number().int(), at: z.number(), service: z.string(), endpoint: z.string(), method: z.string(), host: z.string(), path: z.string(),
  address: z.string().nullable(), port: z.number(), status: z.number().nullable(), duration_ms: z.number(), failure_phase: z.string().nullable(), correlation_json: z.string(),
});

/** The row as the insert wrote it before issue 16 item 3, from the record object (ccc9bc0 createExchangeLogInsert). */
const rowAsItWas = (r: ExchangeRecord) => ({
  at: r.startedAt, service: r.service, endpoint: r.endpoint, method: r.method, host: r.host, path: r.path, address: r.address, port: r.port, status: r.status,
  duration_ms: r.durationMs, failure_phase: r.failure?.phase ?? null, correlation_json: JSON.stringify(r.correlation), ...storedExchangeRecord(JSON.stringify(r)),
});

it('a record’s exchange_log row and chain event are what the object route made, and what recovery builds from the row', { timeout: 60_000 }, async () => {
  const dataDir = tempDir('docdesk-exchange-equal-');
  await (await createBackend({ dataDir, env: {} })).close();
  const keys = loadDataDirKeys(dataDir, undefined);
  const link = createProducerLink();
  const writer = startDocdeskWriter({ path: path.join(dataDir, 'docdesk.db'), key: keys.dbKey }, { audit: link.producer });
  const audit = await openAuditService({ dataDir, auditKey: keys.auditKey, actor: operatorActor('kim@pc-7'), producer: link.audit });
  const inStep = [hundredDocumentBulkSend(), timedOutCancel()];
  const ownStep = [bulkSendExchange('ext-equal', { mailingId: 'M-equal', phone: '01012345678' }), hundredDocumentBulkSend()];
  const records = [...inStep, ...ownStep];
  const held = structuredClone(records);
  try {
    const buffered = [...inStep];
    expect(await createJournalWriter({ steps: writer, takeExchanges: () => buffered.splice(0) }).claim('M-equal', 10)).toBeNull();
    await exchangeRecordsOnWriter(writer)(ownStep);
    await audit.flush();
  } finally {
    await writer.close();
    await audit.close();
  }

  const db = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey, { readonly: true });
  const rows = z.array(rowSchema).parse(db.prepare('SELECT * FROM exchange_log ORDER BY seq').all());
  db.close();
  expect(rows).toHaveLength(4);
  rows.forEach((row, i) => expect(row).toEqual({ seq: row.seq, ...rowAsItWas(held[i]!) }));
  // The stored forms: the bulk sends deflated, the small records text; each reads back as JSON.stringify(record).
  expect(rows.map((r) => r.record_deflated !== null)).toEqual([true, false, false, true]);
  rows.forEach((row, i) => expect(exchangeRecordJson(row)).toBe(JSON.stringify(held[i])));

  const auditDb = openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(keys.auditKey).dbKey, { readonly: true });
  // net.exchange, or net.error for the failed call: every event that names an exchange_log row.
  const texts = auditDb.prepare("SELECT record FROM audit_record WHERE ev IN ('net.exchange', 'net.error') ORDER BY seq").pluck().all().map(String);
  auditDb.close();
  expect(texts).toHaveLength(4);
  const hmacKey = deriveAuditKeys(keys.auditKey).hmacKey;
  texts.forEach((text, i) => {
    const stored = z.object({ seq: z.number().int(), salt: z.string() }).parse(JSON.parse(text));
    const chained = (e: ReturnType<typeof readyEvent>): string => `${e.head}"salt":"${stored.salt}","seq":${stored.seq},${e.tail}`;
    const fromObject = readyEvent(exchangeAuditEvent(held[i]!, hmacKey, rows[i]!.seq), Date.now);
    const fromRow = readyEvent(storedExchangeAuditEvent(exchangeRecordJson(rows[i]!), hmacKey, rows[i]!.seq), Date.now);
    expect(text).toBe(chained(fromObject));
    expect(text).toBe(chained(fromRow));
  });
});
