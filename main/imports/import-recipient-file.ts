// Main-thread API of the recipient-list import: starts import.worker.ts, relays progress, collects the draft
// documents (or hands stored-row batches to the caller as they come) and turns the worker's refusals back into
// ImportError. Nothing CPU-heavy runs on this thread.
import { Worker } from 'node:worker_threads';
import type { DraftDocument, ImportProgress, ImportReport } from '../../shared/domain/import.ts';
import type { DocumentRows } from '../mailing/document-rows.ts';
import { ImportError } from './errors.ts';
import type { ImportOptions } from './run-import.ts';
import { workerMessageSchema } from './worker-protocol.ts';
import type { WorkerJob } from './worker-protocol.ts';

export type { ImportOptions, ImportLimits } from './run-import.ts';

export type ImportResult = { report: ImportReport; documents: DraftDocument[] };

type RunHandlers = {
  onProgress?: ((p: ImportProgress) => void) | undefined;
  onDocuments?: (batch: DraftDocument[]) => void;
  /** Called one batch at a time (never overlapping); the worker is told when each one is done. */
  onRows?: (rows: DocumentRows) => Promise<void>;
  signal?: AbortSignal | undefined;
};

/** Runs one job in a fresh worker; resolves with the final message ('done' report or sheet names). */
function runWorker(job: WorkerJob, handlers: RunHandlers): Promise<ImportReport | string[]> {
  return new Promise((resolve, reject) => {
    if (handlers.signal?.aborted) {
      reject(aborted());
      return;
    }
    const worker = new Worker(new URL('./import.worker.ts', import.meta.url), { workerData: job });
    let settled = false;
    // Row batches are handled in arrival order; nothing settles while one is still being stored, so a caller
    // that discards a failed import never races a store still in progress.
    let rowsHandled: Promise<void> = Promise.resolve();
    let reportReceived = false;
    const finish = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      handlers.signal?.removeEventListener('abort', onAbort);
      // The worker ends by itself after its last message; terminate covers early exits (abort, failures).
      void worker.terminate();
      void rowsHandled.then(fn, fn);
    };
    const onAbort = (): void => finish(() => reject(aborted()));
    handlers.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (raw: unknown) => {
      if (settled) return;
      const parsed = workerMessageSchema.safeParse(raw);
      if (!parsed.success) {
        finish(() => reject(internal(`bad worker message: ${parsed.error.message}`)));
        return;
      }
      const m = parsed.data;
      try {
        switch (m.type) {
          case 'progress':
            handlers.onProgress?.(m.progress);
            break;
          case 'documents':
            handlers.onDocuments?.(m.batch);
            break;
          case 'rows': {
            const onRows = handlers.onRows;
            if (onRows === undefined) throw internal('unexpected row batch');
            rowsHandled = rowsHandled.then(async () => {
              if (settled) return;
              await onRows(m.rows);
              if (!settled) worker.postMessage({ type: 'ack' });
            });
            rowsHandled.catch((e: unknown) => finish(() => reject(e)));
            break;
          }
          case 'done': {
            reportReceived = true;
            const report = m.report;
            void rowsHandled.then(() => finish(() => resolve(report)), () => undefined);
            break;
          }
          case 'sheets':
            finish(() => resolve(m.names));
            break;
          case 'error':
            finish(() => reject(new ImportError(m.code, m.message, m.details)));
            break;
        }
      } catch (e) {
        // A throwing progress callback stops the import instead of being swallowed.
        finish(() => reject(e));
      }
    });
    worker.on('error', (e: Error & { code?: string }) => {
      if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish(() =>
          reject(
            new ImportError(
              'FILE_TOO_LARGE',
              '파일이 너무 커서 메모리가 부족합니다. 파일을 여러 개로 나누어 가져와 주세요.',
              { cause: e.message },
            ),
          ),
        );
        return;
      }
      finish(() => reject(internal(e.message)));
    });
    worker.on('exit', (code) => {
      // After its report the worker may end before the last row batch is stored; that is the normal end.
      if (!reportReceived) finish(() => reject(internal(`worker exited with code ${code}`)));
    });
  });
}

function aborted(): ImportError {
  return new ImportError('ABORTED', '가져오기를 취소했습니다. 다시 가져오려면 파일을 다시 선택해 주세요.');
}

function internal(detail: string): ImportError {
  return new ImportError(
    'INTERNAL',
    `가져오는 중 예기치 못한 오류가 발생했습니다(${detail}). 다시 시도하고, 계속되면 관리자에게 알려 주세요.`,
  );
}

/**
 * Reads an Excel/CSV recipient list and returns the validated draft documents (valid rows only, in sheet
 * order) with a report of every row error. Whole-file refusals reject with ImportError.
 * `options.signal` (not part of the worker job) cancels the import and rejects with code ABORTED.
 */
export async function importRecipientFile(
  filePath: string,
  options: ImportOptions & { signal?: AbortSignal },
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportResult> {
  const job = importJob(filePath, options, 'documents');
  const documents: DraftDocument[] = [];
  const result = await runWorker(job, {
    onProgress,
    signal: options.signal,
    onDocuments: (batch) => {
      for (const d of batch) documents.push(d);
    },
  });
  if (Array.isArray(result)) throw internal('unexpected sheet list');
  return { report: result, documents };
}

/**
 * Like importRecipientFile, but hands the valid rows to `store` as column batches while the worker still reads
 * and validates the file (reading and storing overlap). `store` is called one batch at a time; the worker stays
 * at most a few batches ahead of it. Resolves with the report after the last batch is stored.
 */
export async function importRecipientFileRows(
  filePath: string,
  options: ImportOptions & { signal?: AbortSignal },
  store: (rows: DocumentRows) => Promise<void>,
  onProgress?: (p: ImportProgress) => void,
): Promise<ImportReport> {
  const result = await runWorker(importJob(filePath, options, 'rows'), { onProgress, signal: options.signal, onRows: store });
  if (Array.isArray(result)) throw internal('unexpected sheet list');
  return result;
}

function importJob(filePath: string, jobOptions: ImportOptions, output: 'documents' | 'rows'): WorkerJob {
  // Only structured-cloneable, known keys go to the worker (callers may pass extra fields such as a name).
  return {
    kind: 'import',
    filePath,
    output,
    options: {
      defaults: jobOptions.defaults,
      ...(jobOptions.sheet !== undefined ? { sheet: jobOptions.sheet } : {}),
      ...(jobOptions.mapping !== undefined ? { mapping: jobOptions.mapping } : {}),
      ...(jobOptions.headerRow !== undefined ? { headerRow: jobOptions.headerRow } : {}),
      ...(jobOptions.limits !== undefined ? { limits: jobOptions.limits } : {}),
      ...(jobOptions.nowMs !== undefined ? { nowMs: jobOptions.nowMs } : {}),
    },
  };
}

/** Sheet names of a workbook (one name, the file's base name, for CSV). Runs in the worker too. */
export async function listSheets(filePath: string, options: { maxFileBytes?: number; signal?: AbortSignal } = {}): Promise<string[]> {
  const result = await runWorker(
    { kind: 'listSheets', filePath, ...(options.maxFileBytes !== undefined ? { maxFileBytes: options.maxFileBytes } : {}) },
    { signal: options.signal },
  );
  if (!Array.isArray(result)) throw internal('unexpected report');
  return result;
}
