// Whole-file refusals of an import. The message is Korean and says what is wrong and what to do next;
// the code is stable for the UI and the IPC contract (shared/domain/import.ts IMPORT_ERROR_CODES).
import type { ImportErrorCode } from '../../shared/domain/import.ts';

export class ImportError extends Error {
  readonly code: ImportErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ImportErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ImportError';
    this.code = code;
    this.details = details;
  }
}

/**
 * Refusals of the file itself (not of a mapping or a default the operator can change): the same file can never be
 * imported, so an upload of it is not kept (main/app/contract-handlers.ts).
 */
const FILE_REFUSALS: ReadonlySet<ImportErrorCode> = new Set([
  'NOT_A_FILE',
  'FILE_UNREADABLE',
  'EMPTY_FILE',
  'FILE_TOO_LARGE',
  'TOO_MANY_ROWS',
  'LIMIT_EXCEEDED',
  'NOT_SPREADSHEET',
  'CORRUPT_FILE',
]);

export function isFileRefusal(err: unknown): boolean {
  return err instanceof ImportError && FILE_REFUSALS.has(err.code);
}

/** Sizes in MB as staff read them (1 MB = 1024 × 1024 bytes). */
export function formatMb(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 10) return `${Math.round(mb * 10) / 10}MB`;
  if (mb >= 0.01) return `${Math.round(mb * 100) / 100}MB`;
  return `${(Math.round(mb * 10000) / 10000).toString()}MB(${bytes.toLocaleString('ko-KR')}바이트)`;
}
