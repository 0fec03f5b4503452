// Crash recovery of the audit tee: exchange and operator rows committed in docdesk.db whose audit events never
// reached the chain (a kill -9 within the writer's batch window) are appended at the next start, exactly once.
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openAuditService } from '../../main/audit/audit-service.ts';
import { operatorActor } from '../../main/audit/producer.ts';
import { exchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { createExchangeLogInsert, serializeExchange, storedExchangeRecordSchema } from '../../main/store/exchange-log.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { createOperatorLog, operatorActionsOn } from '../../main/store/operator-log.ts';
import { tempDir } from '../helpers/test-backend.ts';

/** A bulk-status exchange about one binder uuid, as the docs-gw client records it. */
const statusExchange = (binder: string, overrides: Partial<ExchangeRecord> = {}): ExchangeRecord => ({
  service: 'docsgw',
  endpoint: 'bulkStatus',
  method: 'POST',
  host: 'docs-gw.kakaopay.com',
  path: '/v1/documents/bulk/status',
  address: '113.29.182.90',
  port: 443,
  requestHeaders: { authorization: 'Bearer ***' },
  requestBody: `{"document_binder_uuids":["${binder}"]}`,
  status: 200,
  responseHeaders: {},
  responseBody: '{"documents":[]}',
  startedAt: Date.now(),
  durationMs: 3,
  failure: null,
  correlation: {},
  ...overrides,
});

it('appends rows the chain missed at the next start, once, marked recovered', async () => {
  const dataDir = tempDir();
  const first = await createBackend({ dataDir, env: {}, access: 'read' });
  await first.close();

  // What a crash between the docdesk.db commit and the audit batch leaves behind.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  await createOperatorLog(operatorActionsOn(db), 'kim@pc-7').record('mailing.cancel', 'M-crash', { documents: 3, ratio: 0.5 });
  createExchangeLogInsert(db, null)(
    serializeExchange(statusExchange('0f8fad5b-d9cb-469f-a165-70867728950e', { responseHeaders: { date: 'Sun, 22 Nov 2026 01:00:00 GMT' }, durationMs: 12.5 })),
  );
  db.close();

  for (let run = 0; run < 2; run++) {
    const b = await createBackend({ dataDir, env: {} });
    try {
      const ops = (await b.audit.eventsPage({ ev: 'op.mailing.cancel', offset: 0, limit: 10 }));
      expect(ops.total).toBe(1);
      expect(ops.rows[0]!.record?.data).toMatchObject({ subject: 'M-crash', documents: 3, ratio: '0.5', recovered: true });
      expect(ops.rows[0]!.record?.actor).toEqual({ type: 'operator', id: 'kim', host: 'pc-7' });
      const ex = (await b.audit.eventsPage({ document: '0f8fad5b-d9cb-469f-a165-70867728950e', offset: 0, limit: 10 }));
      expect(ex.total).toBe(1);
      expect(ex.rows[0]!.record).toMatchObject({ ev: 'net.exchange', peer_date: 'Sun, 22 Nov 2026 01:00:00 GMT', data: { recovered: true, duration_ms: 13 } });
      expect((await b.audit.verify()).ok).toBe(true);
    } finally {
      await b.close();
    }
  }
}, 60_000);

it('recovers a record stored deflated (a 100-document bulk status call): the event as the record was written', async () => {
  const dataDir = tempDir();
  const first = await createBackend({ dataDir, env: {}, access: 'read' });
  await first.close();
  const binders = Array.from({ length: 100 }, (_, i) => `5a1c0de0-0000-4000-8000-${String(i).padStart(12, '0')}`);
  const record = statusExchange(binders[0]!, {
    requestBody: JSON.stringify({ document_binder_uuids: binders }),
    responseBody: JSON.stringify({ documents: binders.map((b) => ({ document_binder_uuid: b, status_data: { doc_box_status: 'RECEIVED', doc_box_sent_at: 1_795_000_000, doc_box_received_at: 1_795_000_060 } })) }),
  });
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  const seq = createExchangeLogInsert(db, null)(serializeExchange(record));
  const stored = storedExchangeRecordSchema.parse(db.prepare('SELECT record_json, record_deflated FROM exchange_log WHERE seq = ?').get(seq));
  db.close();
  expect(stored.record_json).toBe('');
  expect(stored.record_deflated).not.toBeNull();

  const b = await createBackend({ dataDir, env: {} });
  try {
    const ex = await b.audit.eventsPage({ document: binders[57]!, offset: 0, limit: 10 });
    expect(ex.total).toBe(1);
    expect(ex.rows[0]!.record).toMatchObject({ ev: 'net.exchange', data: { exchange_log_seq: seq, recovered: true, documents: 100, slices: { count: 100 } } });
    expect((await b.audit.verify()).ok).toBe(true);
  } finally {
    await b.close();
  }
}, 60_000);

it('recovers a row left unchained BELOW a chained one (writer threads chain in reply order, not seq order)', async () => {
  const dataDir = tempDir();
  const first = await createBackend({ dataDir, env: {}, access: 'read' });
  await first.close();
  const keys = loadDataDirKeys(dataDir, undefined);
  // Two writer threads commit rows 1 and 2; the reply for row 2 is chained, then the process dies before row 1's.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey);
  const insert = createExchangeLogInsert(db, null);
  const gap = statusExchange('11111111-1111-4111-8111-111111111111');
  const chained = statusExchange('22222222-2222-4222-8222-222222222222');
  insert(serializeExchange(gap));
  const chainedSeq = insert(serializeExchange(chained));
  const audit = await openAuditService({ dataDir, auditKey: keys.auditKey, actor: operatorActor('kim@pc-7') });
  audit.append(exchangeAuditEvent(chained, audit.hmacKey, chainedSeq));
  await audit.flush();
  await audit.close();
  db.close();

  const b = await createBackend({ dataDir, env: {} });
  try {
    const lost = (await b.audit.eventsPage({ document: '11111111-1111-4111-8111-111111111111', offset: 0, limit: 10 }));
    expect(lost.total).toBe(1);
    expect(lost.rows[0]!.record?.data).toMatchObject({ recovered: true });
    expect((await b.audit.eventsPage({ document: '22222222-2222-4222-8222-222222222222', offset: 0, limit: 10 })).total).toBe(1);
    expect((await b.audit.verify()).ok).toBe(true);
  } finally {
    await b.close();
  }
}, 60_000);

it('a row whose event cannot be built gets the refusal event in its place: the start goes on, the gap is in the chain once', async () => {
  const dataDir = tempDir();
  const first = await createBackend({ dataDir, env: {}, access: 'read' });
  await first.close();
  // A crash left an exchange record and an operator action unchained, each holding a lone surrogate (no UTF-8 form,
  // reference §3) that their JSON columns keep as an escape.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  const seq = createExchangeLogInsert(db, null)(serializeExchange(statusExchange('33333333-3333-4333-8333-333333333333', { correlation: { note: 'x\uD800' } })));
  await createOperatorLog(operatorActionsOn(db), 'kim@pc-7').record('mailing.cancel', 'M-crash', { ['k\uDC00']: 1 });
  createExchangeLogInsert(db, null)(serializeExchange(statusExchange('44444444-4444-4444-8444-444444444444')));
  db.close();

  // The base's start failed here ("lone surrogate in a string"), at every start after it.
  for (let run = 0; run < 2; run++) {
    const b = await createBackend({ dataDir, env: {} });
    try {
      const refused = await b.audit.eventsPage({ ev: 'audit.event_refused', offset: 0, limit: 10 });
      expect(refused.total).toBe(2);
      expect(refused.rows.map((r) => r.record?.data).sort((x, y) => Object.keys(x ?? {})[0]!.localeCompare(Object.keys(y ?? {})[0]!))).toEqual([
        { exchange_log_seq: seq, reason: expect.stringContaining('lone surrogate') },
        { operator_log_id: expect.any(Number), reason: expect.stringContaining('lone surrogate') },
      ]);
      expect((await b.audit.eventsPage({ document: '44444444-4444-4444-8444-444444444444', offset: 0, limit: 10 })).total).toBe(1);
      expect((await b.audit.verify()).ok).toBe(true);
    } finally {
      await b.close();
    }
  }
}, 60_000);

it('a row whose record is not JSON, or not a record, gets the refusal event in its place: the start goes on', async () => {
  const dataDir = tempDir();
  const first = await createBackend({ dataDir, env: {}, access: 'read' });
  await first.close();
  // Rows as a damaged file might hold them (written with SQL, as no step would write them): a cut text, a foreign record.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  const insertText = db.prepare(
    `INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json, record_deflated)
     VALUES (?, 'docsgw', 'bulkStatus', 'POST', 'h', '/p', NULL, 443, 200, 1, NULL, '{}', ?, NULL)`,
  );
  const cut = Number(insertText.run(Date.now(), '{"service":"docsgw","endpoint":').lastInsertRowid);
  const foreign = Number(insertText.run(Date.now(), '{"service":"ftp"}').lastInsertRowid);
  createExchangeLogInsert(db, null)(serializeExchange(statusExchange('55555555-5555-4555-8555-555555555555')));
  db.close();

  // The base's start threw the cut text's SyntaxError, at every start.
  for (let run = 0; run < 2; run++) {
    const b = await createBackend({ dataDir, env: {} });
    try {
      const refused = await b.audit.eventsPage({ ev: 'audit.event_refused', offset: 0, limit: 10 });
      expect(refused.rows.map((r) => r.record?.data).sort((x, y) => Number(x?.['exchange_log_seq']) - Number(y?.['exchange_log_seq']))).toEqual([
        { exchange_log_seq: cut, reason: expect.stringContaining('JSON') },
        { exchange_log_seq: foreign, reason: expect.stringContaining('service') },
      ]);
      expect((await b.audit.eventsPage({ document: '55555555-5555-4555-8555-555555555555', offset: 0, limit: 10 })).total).toBe(1);
      expect((await b.audit.verify()).ok).toBe(true);
    } finally {
      await b.close();
    }
  }
}, 60_000);
