// The exchange log's stored form (migration 14, main/store/exchange-log.ts): a record longer than a page — a
// 100-document bulk send's — is stored deflated, which cut the ~14 encrypted pages its row wrote in every send
// commit (and the checkpoint copied again) to a few; a small one (PayUp, KCP) stays text; rows written before the
// migration stay readable. Real encrypted files, WAL pages counted from the WAL file itself.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { ExchangeRecord } from '../../main/http/exchange.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { createExchangeLogInsert, exchangeRecordJson, serializeExchange, serializedExchangesSchema, storedExchangeRecord, storedExchangeRecordSchema } from '../../main/store/exchange-log.ts';
import { MIGRATIONS, runMigrations } from '../../main/store/migrations.ts';
import { openDatabase, openEncryptedSqlite, type Db } from '../../main/store/open-database.ts';
import { hundredDocumentBulkSend as bulkSendRecord } from '../helpers/bulk-send-exchange.ts';
import { tempDir } from '../helpers/test-backend.ts';

/** A PayUp cancel's record: one item, well under a page. */
const cancelRecord = (): ExchangeRecord => ({
  service: 'payup', endpoint: 'cancel', method: 'POST', host: 'api.payup.co.kr', path: '/v2/api/payment/M1/cancel2', address: null, port: 443,
  requestHeaders: { 'content-type': 'application/json' }, requestBody: '{"transactionId":"T1","cancelReason":"고객 요청"}', status: 200,
  responseHeaders: {}, responseBody: '{"responseCode":"0000","responseMsg":"성공"}', startedAt: Date.now(), durationMs: 20, failure: null, correlation: { transactionId: 'T1' },
});

const storedRow = storedExchangeRecordSchema.extend({ seq: z.number().int() });
const readRow = (db: Db, seq: number) => storedRow.parse(db.prepare('SELECT seq, record_json, record_deflated FROM exchange_log WHERE seq = ?').get(seq));

function freshDb(): { db: Db; file: string } {
  const dir = tempDir('docdesk-xlog-');
  const file = path.join(dir, 'docdesk.db');
  return { db: openDatabase(file, loadDataDirKeys(dir, undefined).dbKey), file };
}

describe('exchange_log stored form', () => {
  it('a bulk send\'s record is stored deflated and reads back as the very JSON written; a PayUp record stays text', () => {
    const { db } = freshDb();
    try {
      const insert = createExchangeLogInsert(db, null);
      const big = bulkSendRecord();
      const json = JSON.stringify(big);
      expect(json.length).toBeGreaterThan(40_000);
      const row = readRow(db, insert(serializeExchange(big)));
      expect(row.record_json).toBe('');
      expect(row.record_deflated?.length).toBeLessThan(json.length / 4);
      expect(exchangeRecordJson(row)).toBe(json);

      const small = cancelRecord();
      const smallRow = readRow(db, insert(serializeExchange(small)));
      expect(smallRow).toMatchObject({ record_json: JSON.stringify(small), record_deflated: null });
      expect(exchangeRecordJson(smallRow)).toBe(JSON.stringify(small));
    } finally {
      db.close();
    }
  });

  it('a bulk send\'s record writes at most 6 pages to the WAL at its commit (20 as text)', () => {
    const { db, file } = freshDb();
    try {
      const insert = createExchangeLogInsert(db, null);
      insert(serializeExchange(bulkSendRecord()));
      const pageSize = Number(db.pragma('page_size', { simple: true }));
      const frames = (): number => (existsSync(`${file}-wal`) ? (statSync(`${file}-wal`).size - 32) / (pageSize + 24) : 0);
      // Five records, each committed alone as a send's answer is: the pages each commit wrote for its row.
      const perCommit: number[] = [];
      for (let i = 0; i < 5; i++) {
        db.pragma('wal_checkpoint(TRUNCATE)');
        db.transaction(() => insert(serializeExchange(bulkSendRecord())))();
        perCommit.push(frames());
      }
      // A leaf, an overflow page or two, the rowid and time index leaves; an interior page when one splits.
      for (const n of perCommit) expect(n).toBeLessThanOrEqual(6);
    } finally {
      db.close();
    }
  });

  it('rows written before migration 14 read as they were written', () => {
    const dir = tempDir('docdesk-xlog-old-');
    const file = path.join(dir, 'docdesk.db');
    const key = loadDataDirKeys(dir, undefined).dbKey;
    const big = bulkSendRecord();
    const old = openEncryptedSqlite(file, key, { keyError: () => new Error('key') });
    runMigrations(old, MIGRATIONS.filter((m) => m.version < 14), () => new Error('too new'));
    old.prepare(
      `INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json)
       VALUES (?, 'docsgw', 'bulkSend', 'POST', 'h', '/p', NULL, 443, 200, 1, NULL, '{}', ?)`,
    ).run(big.startedAt, JSON.stringify(big));
    old.close();

    const db = openDatabase(file, key);
    try {
      const row = readRow(db, 1);
      expect(row.record_deflated).toBeNull();
      expect(exchangeRecordJson(row)).toBe(JSON.stringify(big));
    } finally {
      db.close();
    }
  });
});

describe('serializeExchange: a record as it travels to the writer (issue 16 item 3)', () => {
  it('carries JSON.stringify(record), the stored form’s bytes above the threshold and the indexed columns', () => {
    for (const record of [bulkSendRecord(), cancelRecord()]) {
      const json = JSON.stringify(record);
      const x = serializeExchange(record);
      expect(x).toMatchObject({
        at: record.startedAt, service: record.service, endpoint: record.endpoint, method: record.method, host: record.host, path: record.path,
        address: record.address, port: record.port, status: record.status, durationMs: record.durationMs, failurePhase: null,
        correlationJson: JSON.stringify(record.correlation), json,
      });
      const stored = storedExchangeRecord(json);
      expect(x.deflated === null ? null : Buffer.from(x.deflated)).toEqual(stored.record_deflated);
    }
  });

  it('its deflated bytes own their buffer: a structured clone copies them, not the 64 KB zlib buffer they were cut from', () => {
    const x = serializeExchange(bulkSendRecord());
    expect(x.deflated).not.toBeNull();
    expect(x.deflated!.buffer.byteLength).toBe(x.deflated!.byteLength);
    expect(structuredClone(x.deflated!).buffer.byteLength).toBeLessThan(x.json.length / 4);
  });

  it('cloned as a step carries it (bytes arrive as a Uint8Array), it passes the step schema and inserts the row its text makes', () => {
    const { db } = freshDb();
    try {
      const insert = createExchangeLogInsert(db, null);
      for (const record of [bulkSendRecord(), cancelRecord()]) {
        const travelled = serializedExchangesSchema.parse(structuredClone([serializeExchange(record)]));
        const row = readRow(db, insert(travelled[0]!));
        expect(row).toMatchObject(storedExchangeRecord(JSON.stringify(record)));
        expect(exchangeRecordJson(row)).toBe(JSON.stringify(record));
      }
    } finally {
      db.close();
    }
  });
});
