// Worker threads of `verifyAuditDatabaseParallel` (sqlite-audit-verify.ts): its own read-only connection, chunks taken from
// the shared counter until none is left. Imports only sqlite-audit-verify-range.ts (with its row shapes) and the database
// opener (no checkpoint code): a worker that starts fast takes its share of a log that takes seconds to verify.
import { parentPort, workerData } from 'node:worker_threads';
import { openAuditDatabase } from '../audit/audit-db.ts';
import { createChunkVerifier, verifyChunks, type PurgedRange } from './sqlite-audit-verify-range.ts';

interface Job {
  file: string;
  key: string;
  size: number;
  chunkRows: number;
  purged: PurgedRange[];
  shared: SharedArrayBuffer;
}

function isJob(v: unknown): v is Job {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  return (
    typeof j['file'] === 'string' &&
    typeof j['key'] === 'string' &&
    /^[0-9a-f]{64}$/.test(j['key']) &&
    Number.isSafeInteger(j['size']) &&
    Number.isSafeInteger(j['chunkRows']) &&
    Array.isArray(j['purged']) &&
    j['shared'] instanceof SharedArrayBuffer
  );
}

if (!isJob(workerData)) throw new Error('verify.worker: bad job');
const job = workerData;
const db = openAuditDatabase(job.file, Buffer.from(job.key, 'hex'), { readonly: true });
try {
  const found = await verifyChunks(createChunkVerifier(db, job.purged), new Int32Array(job.shared), { size: job.size, chunkRows: job.chunkRows });
  parentPort?.postMessage({ found });
} finally {
  db.close();
}
