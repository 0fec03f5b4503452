// Public API of the recipient-list import (seed 001 bulk send input; reference kakaopay-edoc-api.md §4–§5).
export { importRecipientFile, importRecipientFileRows, listSheets } from './import-recipient-file.ts';
export type { ImportOptions, ImportLimits, ImportResult } from './import-recipient-file.ts';
export { ImportError } from './errors.ts';
export { detectHeaderAndMapping, normalizeHeader } from './header-detect.ts';
export type { HeaderDetection } from './header-detect.ts';
export { writeSampleRecipientList } from './sample-list.ts';
export type { SampleListOptions, SampleListSummary } from './sample-list.ts';
export { DEFAULT_MAX_FILE_BYTES, DEFAULT_MAX_ROWS, DEFAULT_MAX_ERRORS } from './run-import.ts';
