// Issue 16 step 8: one route into the audit chain. docdesk.db's writer stores a step's exchange records and operator
// actions, builds their audit events after its commit and posts them to the audit writer over the link between the
// two threads; the main thread's audit log appends none of them. Here the two writers and the main thread's log
// run as the backend wires them (main/app/backend.ts), and the test drives the docdesk writer's steps directly.
import path from 'node:path';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createBackend } from '../../main/app/backend.ts';
import { deriveAuditKeys } from '../../main/audit/audit-keys.ts';
import { openAuditDatabase } from '../../main/audit/audit-db.ts';
import { openAuditService, type AuditService } from '../../main/audit/audit-service.ts';
import { readyEvent } from '../../main/audit/batch-event.ts';
import { exchangeAuditEvent } from '../../main/audit/exchange-event.ts';
import { createProducerLink } from '../../main/audit/producer-link.ts';
import { operatorActor, operatorAuditEvent } from '../../main/audit/producer.ts';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { createKcpStoreOnWriter } from '../../main/kcp/journal-writer.ts';
import { createJournalWriter } from '../../main/mailing/journal-writer.ts';
import { createPayupStoreOnWriter } from '../../main/payup/journal-writer.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { exchangeRecordsOnWriter } from '../../main/store/exchange-log.ts';
import { createOperatorLog, operatorActionsOnWriter } from '../../main/store/operator-log.ts';
import { startDocdeskWriter, type DocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { bulkSendExchange } from '../helpers/bulk-send-exchange.ts';
import { tempDir } from '../helpers/test-backend.ts';


/** A bulk-send exchange of one document, as the docs-gw client records it (its body is the blob the chain keeps). */
const sendExchange = (externalId: string): ExchangeRecord => bulkSendExchange(externalId, { mailingId: 'M-route' });

let dataDir: string;
let writer: DocdeskWriter;
let audit: AuditService;
let keys: ReturnType<typeof loadDataDirKeys>;
/** What the log reported through onError (a failed commit of either producer). */
let reported: string[];

beforeEach(async () => {
  dataDir = tempDir('docdesk-audit-route-');
  await (await createBackend({ dataDir, env: {} })).close();
  keys = loadDataDirKeys(dataDir, undefined);
  const link = createProducerLink();
  writer = startDocdeskWriter({ path: path.join(dataDir, 'docdesk.db'), key: keys.dbKey }, { audit: link.producer });
  reported = [];
  audit = await openAuditService({ dataDir, auditKey: keys.auditKey, actor: operatorActor('kim@pc-7'), producer: link.audit, checkpointEvery: 5, onError: (e) => void reported.push(e.message) });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await writer.close();
  await audit.close();
});

/** The chain's events of type `ev` as a fresh connection reads them from audit.db (not through the log). */
function committedEvents(ev: string): string[] {
  const db = openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(keys.auditKey).dbKey, { readonly: true });
  try {
    return db.prepare('SELECT record FROM audit_record WHERE ev = ? ORDER BY seq').pluck().all(ev).map(String);
  } finally {
    db.close();
  }
}

it("a journal step's exchange records reach the chain from the writer, once each, indexed by their row; the main log appends none", { timeout: 60_000 }, async () => {
  const append = vi.spyOn(audit, 'append');
  const appendDurable = vi.spyOn(audit, 'appendDurable');
  const records = ['ext-route-1', 'ext-route-2', 'ext-route-3'].map(sendExchange);
  const journal = createJournalWriter({ steps: writer, takeExchanges: () => records.splice(0) });
  // A claim of a mailing with nothing queued: the step stores the records it carries and claims nothing.
  expect(await journal.claim('M-route', 10)).toBeNull();
  // The flush returns once every batch the writer posted before that reply was answered.
  await audit.flush();
  const events = (await audit.events({ ev: 'net.exchange', limit: 10 })).rows;
  expect(events).toHaveLength(3);
  expect(events.map((e) => e.record?.subj['external_document_uuid']).sort()).toEqual([['ext-route-1'], ['ext-route-2'], ['ext-route-3']]);
  const seqs = events.map((e) => e.record?.data['exchange_log_seq']);
  expect(new Set(seqs).size).toBe(3);
  for (const seq of seqs) expect((await audit.events({ subject: `xlog:${String(seq)}`, limit: 5 })).total).toBe(1);
  // The body is kept as its blob (SHA-256 and size in the record), as the main thread's append kept it.
  const body = sendExchange('ext-route-1').requestBody ?? '';
  expect(events.find((e) => String(e.record?.subj['external_document_uuid']) === 'ext-route-1')?.record?.data['blobs']).toMatchObject({
    request_body: { size: Buffer.byteLength(body) },
  });
  expect(append).not.toHaveBeenCalled();
  expect(appendDurable).not.toHaveBeenCalled();
  expect((await audit.verify()).ok).toBe(true);
});

it('an operator action is answered only once its event is committed in audit.db', { timeout: 60_000 }, async () => {
  const actions = operatorActionsOnWriter(writer);
  const row = await actions.insert({ at: Date.now(), actor: 'kim@pc-7', action: 'documents.export', subject: 'M-route', data: { rows: 3 } });
  // No flush, no wait: a reader of audit.db sees the event the moment the step is answered.
  const stored = committedEvents('op.documents.export');
  expect(stored).toHaveLength(1);
  expect(JSON.parse(stored[0]!)).toMatchObject({ data: { operator_log_id: row.id, subject: 'M-route' } });
});

it('PayUp and KCP steps (a cancel, its answer, a decision; a single verification) chain their operator actions and exchange records from the writer; the main log appends none', { timeout: 60_000 }, async () => {
  const append = vi.spyOn(audit, 'append');
  const appendDurable = vi.spyOn(audit, 'appendDurable');
  const operatorLog = createOperatorLog(operatorActionsOnWriter(writer), 'kim@pc-7', Date.now, () => 'sandbox');
  const payup = createPayupStoreOnWriter(writer, { operatorLog });
  const { row } = await payup.enqueueOne({ transactionId: 'T-ROUTE-1', reason: '고객 요청', profile: 'sandbox' });
  // Answered once its event is committed: a reader of audit.db sees it without a flush.
  expect(committedEvents('op.payup.cancel').map((e) => JSON.parse(e))).toEqual([expect.objectContaining({ data: expect.objectContaining({ subject: 'T-ROUTE-1' }) })]);
  const window = await payup.step([], [], { cancelId: row.id });
  expect(window?.rows.map((r) => r.state)).toEqual(['IN_FLIGHT']);
  const payupRecord: ExchangeRecord = { ...sendExchange('unused'), service: 'payup', endpoint: 'cancel', host: 'api.payup.example', path: '/v1/cancel', correlation: { transactionId: 'T-ROUTE-1' } };
  await payup.step([{ id: row.id, kind: 'unknown', reason: '응답 없음' }], [payupRecord], null);
  await payup.resolve({ transactionId: 'T-ROUTE-1', decision: 'abandon', actor: 'kim@pc-7' });
  expect(committedEvents('op.payup.resolve')).toHaveLength(1);

  const kcp = createKcpStoreOnWriter(writer, { operatorLog });
  const started = await kcp.startSingle({ profile: 'sandbox', transport: 'socket', bankCodeInput: '004', bankCode: '004', accountNo: '12345678901234', ownerName: '홍길동', orderId: null, warnings: [] });
  const kcpRecord: ExchangeRecord = { ...sendExchange('unused'), service: 'kcp', endpoint: 'acco', host: '127.0.0.1', path: '', correlation: { verificationId: String(started.id) } };
  const answer = { kind: 'answered', state: 'VERIFIED', resCd: '0000', resMsg: '정상', tno: null, appTime: null, appTimeMs: null, fields: {} } as const;
  await kcp.finishSingle({ id: started.id, answer }, [kcpRecord], { name: 'kcp.verify', subject: String(started.id), data: { state: 'VERIFIED' } });
  expect(committedEvents('op.kcp.verify')).toHaveLength(1);

  await audit.flush();
  const exchanges = (await audit.events({ ev: 'net.', limit: 10 })).rows.map((e) => e.record?.data);
  expect(exchanges.map((d) => d?.['service']).sort()).toEqual(['kcp', 'payup']);
  for (const d of exchanges) expect((await audit.events({ subject: `xlog:${String(d?.['exchange_log_seq'])}`, limit: 5 })).total).toBe(1);
  expect(append).not.toHaveBeenCalled();
  expect(appendDurable).not.toHaveBeenCalled();
  expect((await audit.verify()).ok).toBe(true);
});

it('the main thread learns of the writer’s commits: a checkpoint is signed every N rows without an append of its own', { timeout: 60_000 }, async () => {
  const signedSize = async (): Promise<number> => (await audit.checkpoints()).at(-1)?.size ?? 0;
  const before = await signedSize();
  const record = exchangeRecordsOnWriter(writer);
  for (let i = 0; i < 6; i++) await record([sendExchange(`ext-cp-${i}`)]);
  for (const deadline = Date.now() + 10_000; (await signedSize()) < before + 5 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
  expect(await signedSize()).toBeGreaterThanOrEqual(before + 5);
  expect((await audit.verify()).ok).toBe(true);
});

it('while audit.db cannot be written, a step with events gets AUDIT_UNAVAILABLE and the failure is reported; the events are committed once it can', { timeout: 120_000 }, async () => {
  const blocker = openAuditDatabase(path.join(dataDir, 'audit.db'), deriveAuditKeys(keys.auditKey).dbKey);
  blocker.prepare('BEGIN IMMEDIATE').run();
  const record = exchangeRecordsOnWriter(writer);
  try {
    // The audit writer waits out its busy timeout, then fails the batch: the step's rows are committed in
    // docdesk.db, its caller is told the chain did not take them.
    await expect(record([sendExchange('ext-blocked')])).rejects.toMatchObject({ code: 'AUDIT_UNAVAILABLE', message: expect.stringContaining('감사 로그에 기록하지 못했습니다') });
    for (const deadline = Date.now() + 5_000; reported.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
    expect(reported).toEqual([expect.stringContaining('감사 로그에 기록하지 못했습니다')]);
  } finally {
    blocker.prepare('ROLLBACK').run();
    blocker.close();
  }
  // The next batch carries the stalled one: both events, once each.
  await record([sendExchange('ext-after')]);
  await audit.flush();
  const ids = (await audit.events({ ev: 'net.exchange', limit: 10 })).rows.map((e) => String(e.record?.subj['external_document_uuid']));
  expect(ids.sort()).toEqual(['ext-after', 'ext-blocked']);
  expect(reported).toHaveLength(1);
  expect((await audit.verify()).ok).toBe(true);
});

/** An exchange record whose event the chain cannot take (reference §3: a lone surrogate has no UTF-8 form); docdesk.db stores it. */
const unchainable = (externalId: string): ExchangeRecord => ({ ...sendExchange(externalId), correlation: { mailingId: 'M-route', note: 'x\uD800' } });

/** A refusal event and the exchange_log row it names. */
const refusalOf = (e: { record?: { data: Record<string, unknown> } | null }) => ({ seq: e.record?.data['exchange_log_seq'], reason: e.record?.data['reason'] });

it('a journal step is answered at once; an exchange record whose event cannot be built is refused alone: audit.event_refused names its row, the refusal is reported, later steps go on', { timeout: 120_000 }, async () => {
  const records = [sendExchange('ext-ok-1'), unchainable('ext-bad'), sendExchange('ext-ok-2')];
  const journal = createJournalWriter({ steps: writer, takeExchanges: () => records.splice(0) });
  // The base built the events on the docdesk writer and answered this step AUDIT_UNAVAILABLE.
  expect(await journal.claim('M-route', 10)).toBeNull();
  await audit.flush();
  // In the chain in the step's order, the refusal where the event would have been, indexed by the row.
  const rows = (await audit.events({ limit: 20 })).rows
    .filter((e) => e.ev === 'net.exchange' || e.ev === 'audit.event_refused')
    .sort((x, y) => x.seq - y.seq);
  expect(rows.map((e) => e.ev)).toEqual(['net.exchange', 'audit.event_refused', 'net.exchange']);
  const seqs = [rows[0]!.record?.data['exchange_log_seq'], refusalOf(rows[1]!).seq, rows[2]!.record?.data['exchange_log_seq']].map(Number);
  expect(seqs).toEqual([seqs[0], seqs[0]! + 1, seqs[0]! + 2]);
  expect(refusalOf(rows[1]!).reason).toContain('lone surrogate');
  expect((await audit.events({ subject: `xlog:${seqs[1]}`, limit: 5 })).rows.map((e) => e.ev)).toEqual(['audit.event_refused']);
  for (const deadline = Date.now() + 5_000; reported.length === 0 && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 20));
  expect(reported).toEqual([expect.stringContaining(`exchange_log seq ${seqs[1]}`)]);
  expect(reported[0]).toContain('audit.event_refused');

  // audit.db is available: the next step with events is answered and chained as before.
  records.push(sendExchange('ext-after-refusal'));
  expect(await journal.claim('M-route', 10)).toBeNull();
  await audit.flush();
  expect((await audit.events({ subject: 'doc:ext-after-refusal', limit: 5 })).total).toBe(1);
  expect((await audit.verify()).ok).toBe(true);

  // The next start's recovery takes the refusal for the row's event: nothing is appended twice, the start succeeds.
  await writer.close();
  await audit.close();
  await (await createBackend({ dataDir, env: {} })).close();
  expect(committedEvents('audit.event_refused')).toHaveLength(1);
  expect(committedEvents('net.exchange').filter((r) => r.includes('"recovered":true'))).toEqual([]);
});

it('a step whose reply is held gets the refusal as its answer (a record of its own, an operator action); the refusal is in the chain all the same', { timeout: 120_000 }, async () => {
  const record = exchangeRecordsOnWriter(writer);
  await expect(record([sendExchange('ext-held-ok'), unchainable('ext-held-bad')])).rejects.toMatchObject({
    code: 'AUDIT_UNAVAILABLE',
    message: expect.stringMatching(/exchange_log seq \d+의 감사 이벤트를 만들 수 없어/),
  });
  // Answered after the audit writer's commit: a reader of audit.db sees both without a flush.
  expect(committedEvents('net.exchange')).toHaveLength(1);
  expect(committedEvents('audit.event_refused')).toHaveLength(1);

  const actions = operatorActionsOnWriter(writer);
  await expect(actions.insert({ at: Date.now(), actor: 'kim@pc-7', action: 'documents.export', subject: 'M-\uDC00', data: {} })).rejects.toMatchObject({
    code: 'AUDIT_UNAVAILABLE',
    message: expect.stringMatching(/operator_actions id \d+의 감사 이벤트를 만들 수 없어/),
  });
  const refusals = committedEvents('audit.event_refused').map((r) => JSON.parse(r) as { data: Record<string, unknown> });
  expect(refusals.map((r) => Object.keys(r.data).sort())).toEqual([
    ['exchange_log_seq', 'reason'],
    ['operator_log_id', 'reason'],
  ]);
  expect((await audit.events({ subject: `oplog:${String(refusals[1]!.data['operator_log_id'])}`, limit: 5 })).total).toBe(1);
  // A later action is recorded as before.
  await actions.insert({ at: Date.now(), actor: 'kim@pc-7', action: 'documents.export', subject: 'M-route', data: {} });
  expect(committedEvents('op.documents.export')).toHaveLength(1);
  expect((await audit.verify()).ok).toBe(true);
});

/** What the comparison reads of a stored record. */
const storedRecordSchema = z.object({ seq: z.number().int(), salt: z.string(), data: z.object({ exchange_log_seq: z.number().int().optional() }) });

it('the chain holds the bytes the builders make from the records and rows as the steps held them, in step order', { timeout: 60_000 }, async () => {
  const records = ['ext-bytes-1', 'ext-bytes-2', 'ext-bytes-3'].map(sendExchange);
  const held = structuredClone(records);
  const journal = createJournalWriter({ steps: writer, takeExchanges: () => records.splice(0) });
  expect(await journal.claim('M-route', 10)).toBeNull();
  const row = await operatorActionsOnWriter(writer).insert({ at: Date.now(), actor: 'kim@pc-7', action: 'documents.export', subject: 'M-route', data: { rows: 3 } });
  await audit.flush();
  const texts = [...committedEvents('net.exchange'), ...committedEvents('op.documents.export')];
  const stored = texts.map((t) => storedRecordSchema.parse(JSON.parse(t)));
  // The step's records in their order: consecutive exchange_log rows, consecutive chain rows.
  const xlog = stored.slice(0, 3).map((r) => r.data.exchange_log_seq ?? -1);
  expect(xlog).toEqual([xlog[0], xlog[0]! + 1, xlog[0]! + 2]);
  expect(stored.map((r) => r.seq)).toEqual([stored[0]!.seq, stored[0]!.seq + 1, stored[0]!.seq + 2, stored[3]!.seq]);
  const hmacKey = deriveAuditKeys(keys.auditKey).hmacKey;
  const expected = [...held.map((r, i) => exchangeAuditEvent(r, hmacKey, xlog[i])), operatorAuditEvent(row)].map((e) => readyEvent(e, Date.now));
  texts.forEach((text, i) => expect(text).toBe(`${expected[i]!.head}"salt":"${stored[i]!.salt}","seq":${stored[i]!.seq},${expected[i]!.tail}`));
});
