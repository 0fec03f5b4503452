// Worker thread entry: parsing and validation of a recipient file run here so the Electron main process
// (and the CLI's progress output) stay responsive on 1,000,000-row lists.
import { parentPort, workerData } from 'node:worker_threads';
import { ImportError } from './errors.ts';
import { runImport, runListSheets } from './run-import.ts';
import { workerJobSchema } from './worker-protocol.ts';
import type { WorkerJob, WorkerMessage } from './worker-protocol.ts';

const port = parentPort;
if (port === null) throw new Error('import.worker.ts must run as a worker thread');
const post = (m: WorkerMessage): void => port.postMessage(m);
const job: WorkerJob = workerJobSchema.parse(workerData);

async function main(): Promise<void> {
  try {
    if (job.kind === 'listSheets') {
      post({ type: 'sheets', names: await runListSheets(job.filePath, job.maxFileBytes) });
      return;
    }
    const report = await runImport(job.filePath, job.options, {
      progress: (progress) => post({ type: 'progress', progress }),
      documents: (batch) => post({ type: 'documents', batch }),
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
  }
}

void main();
