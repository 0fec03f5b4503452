// The network plan's SQL behind DocdeskReads.network (issue 16 step 9): the operator's own recent bulk sends, for
// the bandwidth estimate (request-size.ts, seed 000 §4.2 5.).
import { z } from 'zod';
import { recordedBulkSendSchema, type RecordedBulkSend } from '../../shared/domain/network-reads.ts';
import type { Db } from '../store/open-database.ts';
import { rowParser } from '../store/row-shapes.ts';

const parseRecordedBulkSends = rowParser('exchange_log/chunks', z.array(recordedBulkSendSchema));

export function createNetworkReads(db: Db) {
  // The Content-Length header as recorded: a string (or a number, read through json_extract); NULL when absent.
  const recent = db.prepare(
    `SELECT e.at AS at, json_extract(e.record_json, '$.requestHeaders."content-length"') AS bytes, c.doc_count AS docs
       FROM exchange_log e JOIN chunks c ON c.id = json_extract(e.correlation_json, '$.chunkId')
      WHERE e.service = 'docsgw' AND e.endpoint = 'bulkSend' AND e.status IS NOT NULL
      ORDER BY e.seq DESC LIMIT ?`,
  );
  return {
    recentBulkSends: (limit: number): RecordedBulkSend[] => parseRecordedBulkSends(recent.all(limit)),
  };
}
