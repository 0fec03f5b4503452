// Worker thread entry: parsing and validation of a recipient file run here so the Electron main process
// (and the CLI's progress output) stay responsive on 1,000,000-row lists.
import { parentPort, workerData } from 'node:worker_threads';
import type { DraftDocument } from '../../shared/domain/import.ts';
import { emptyDocumentRows, pushDocumentRow } from '../mailing/document-rows.ts';
import { ImportError } from './errors.ts';
import { runImport, runListSheets } from './run-import.ts';
import { workerAckSchema, workerJobSchema } from './worker-protocol.ts';
import type { WorkerJob, WorkerMessage } from './worker-protocol.ts';

if (parentPort === null) throw new Error('import.worker.ts must run as a worker thread');
const port = parentPort;
const post = (m: WorkerMessage): void => port.postMessage(m);
const job: WorkerJob = workerJobSchema.parse(workerData);

/**
 * Row batches sent but not yet acknowledged as stored. Reading runs ahead of storing by at most this many, so a
 * list is never held twice in memory when the store is the slower side, yet the store never waits for a read.
 */
const MAX_ROW_BATCHES_AHEAD = 4;
let batchesAhead = 0;
let wakeReader: (() => void) | null = null;
const onParentMessage = (raw: unknown): void => {
  if (!workerAckSchema.safeParse(raw).success) return;
  batchesAhead--;
  wakeReader?.();
  wakeReader = null;
};

function postRows(batch: DraftDocument[]): void {
  const rows = emptyDocumentRows();
  for (const d of batch) pushDocumentRow(rows, d);
  post({ type: 'rows', rows });
  batchesAhead++;
}

async function rowsDrained(): Promise<void> {
  while (batchesAhead >= MAX_ROW_BATCHES_AHEAD) await new Promise<void>((r) => (wakeReader = r));
}

async function main(): Promise<void> {
  try {
    if (job.kind === 'listSheets') {
      post({ type: 'sheets', names: await runListSheets(job.filePath, job.maxFileBytes) });
      return;
    }
    if (job.output === 'rows') port.on('message', onParentMessage);
    const report = await runImport(job.filePath, job.options, {
      progress: (progress) => post({ type: 'progress', progress }),
      documents: job.output === 'rows' ? postRows : (batch) => post({ type: 'documents', batch }),
      ...(job.output === 'rows' ? { drained: rowsDrained } : {}),
    });
    post({ type: 'done', report });
  } catch (e) {
    if (e instanceof ImportError) {
      post({ type: 'error', code: e.code, message: e.message, ...(e.details ? { details: { ...e.details } } : {}) });
    } else {
      const detail = e instanceof Error ? e.message : String(e);
      post({
        type: 'error',
        code: 'INTERNAL',
        message: `가져오는 중 예기치 못한 오류가 발생했습니다(${detail}). 파일을 Excel에서 다시 저장해 시도하고, 계속되면 관리자에게 알려 주세요.`,
      });
    }
  } finally {
    // Lets the worker end by itself after its last message.
    port.off('message', onParentMessage);
  }
}

void main();
