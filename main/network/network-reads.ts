// The network plan's SQL behind DocdeskReads.network (issue 16 step 9): the operator's own recent bulk sends, for
// the bandwidth estimate (request-size.ts, seed 000 §4.2 5.).
import { z } from 'zod';
import type { RecordedBulkSend } from '../../shared/domain/network-reads.ts';
import { exchangeRecordJson, storedExchangeRecordSchema } from '../store/exchange-log.ts';
import type { Db } from '../store/open-database.ts';
import { rowParser } from '../store/row-shapes.ts';

const parseRecentRows = rowParser('exchange_log/chunks', z.array(storedExchangeRecordSchema.extend({ at: z.number().int(), docs: z.number().int().nullable() })));
/** The Content-Length header as recorded (a string; a number is taken too); null when absent or the record has another shape. */
const recordedLengthSchema = z.object({ requestHeaders: z.object({ 'content-length': z.union([z.number(), z.string()]).optional() }) });

export function createNetworkReads(db: Db) {
  // A bulk send's record is stored deflated (exchange-log.ts), so its header is read from the record here, not by
  // json_extract in SQL.
  const recent = db.prepare(
    `SELECT e.at AS at, e.record_json, e.record_deflated, c.doc_count AS docs
       FROM exchange_log e JOIN chunks c ON c.id = json_extract(e.correlation_json, '$.chunkId')
      WHERE e.service = 'docsgw' AND e.endpoint = 'bulkSend' AND e.status IS NOT NULL
      ORDER BY e.seq DESC LIMIT ?`,
  );
  const contentLength = (json: string): number | string | null => {
    const r = recordedLengthSchema.safeParse(JSON.parse(json) as unknown);
    return r.success ? (r.data.requestHeaders['content-length'] ?? null) : null;
  };
  return {
    recentBulkSends: (limit: number): RecordedBulkSend[] =>
      parseRecentRows(recent.all(limit)).map((r) => ({ at: r.at, bytes: contentLength(exchangeRecordJson(r)), docs: r.docs })),
  };
}
