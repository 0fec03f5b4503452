// The import wizard's validation errors as an .xlsx under <dataDir>/exports/ (the operator fixes the list in Excel).
import path from 'node:path';
import { IMPORT_FIELD_LABELS_KO, type RowError } from '../../shared/domain/import.ts';
import { ensureExportsDir } from '../documents/export-paths.ts';
import { writeXlsxTable } from './xlsx-table.ts';

/** Writes `오류목록-<list name>-<time>.xlsx` and returns its path; the name is reduced to safe characters. */
export function writeImportErrors(dataDir: string, listFileName: string, errors: readonly RowError[], now = Date.now()): string {
  const dir = ensureExportsDir(dataDir);
  const base = path.basename(listFileName).replace(/\.[^.]*$/, '').replace(/[^\p{L}\p{N}._-]+/gu, '_').slice(0, 80) || 'list';
  const filePath = path.join(dir, `오류목록-${base}-${now}.xlsx`);
  writeXlsxTable(filePath, '오류', ['행', '열', '항목', '오류 코드', '내용'], errors.map((e) => [e.row, e.column, e.field === 'row' ? '' : IMPORT_FIELD_LABELS_KO[e.field], e.code, e.message]));
  return filePath;
}
