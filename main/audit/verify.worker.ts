// One range of `verifyAuditDatabaseParallel` (verify.ts): its own read-only connection, the shared verifyRange.
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { openAuditDatabase } from './audit-db.ts';
import { verifyRange } from './verify.ts';

const job = z.object({ file: z.string(), key: z.string().regex(/^[0-9a-f]{64}$/), lo: z.number().int(), hi: z.number().int(), purged: z.array(z.object({ lo: z.number().int(), hi: z.number().int() })) }).parse(workerData);
const db = openAuditDatabase(job.file, Buffer.from(job.key, 'hex'), { readonly: true });
try {
  parentPort?.postMessage({ problem: verifyRange(db, job.lo, job.hi, job.purged).problem });
} finally {
  db.close();
}
