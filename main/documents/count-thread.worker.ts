// The worker side of count-thread.ts: its own connection to docdesk.db, counting one grid filter per request
// with the same WHERE clause as the page query (filter-sql.ts).
import { performance } from 'node:perf_hooks';
import { z } from 'zod';
import { documentsFilterSchema } from '../../shared/domain/documents-query.ts';
import { countRowSchema } from '../store/row-shapes.ts';
import { serveWriterThread } from '../store/writer-thread-worker.ts';
import type { CountReply, CountRequest } from './count-thread.ts';
import { whereClause } from './filter-sql.ts';

const requestSchema = z.discriminatedUnion('type', [
  z.object({ id: z.number().int(), type: z.literal('count'), filter: documentsFilterSchema }),
  z.object({ id: z.number().int(), type: z.literal('close') }),
]);

serveWriterThread<CountRequest, CountReply>(requestSchema, (db) => {
  const statements = new Map<string, ReturnType<typeof db.prepare>>();
  return (m) => {
    const t0 = performance.now();
    const w = whereClause(m.filter);
    const sql = `SELECT count(*) AS n FROM documents d ${w.sql}`;
    let s = statements.get(sql);
    if (!s) {
      if (statements.size > 100) statements.clear();
      s = db.prepare(sql);
      statements.set(sql, s);
    }
    const total = countRowSchema.parse(s.get(w.params)).n;
    return { total, ms: performance.now() - t0 };
  };
});
