// One recipient typed into a form (the drawer's "fix and re-send", "send to one recipient") validated EXACTLY as a
// sheet row: the same RowValidator, so the same normalisation (phone dashes, +82, dates typed any way), limits and
// Korean messages as an import. The typed fields become the cells of a one-row sheet; a form has no columns, so
// the errors name only the field.
import { IMPORT_FIELDS, type ColumnMapping, type ImportField, type MailingDefaults } from '../../shared/domain/import.ts';
import { columnLetter } from './columns.ts';
import type { CellValue } from './grid.ts';
import { RowValidator, type RowResult } from './validate-row.ts';

export type TypedRow = Partial<Record<ImportField, string | number | boolean>>;

/** `today` is YYYYMMDD in Asia/Seoul (normalize.ts todayInSeoul); `sourceRow` is the row the document stands for. */
export function validateTypedRow(fields: TypedRow, defaults: MailingDefaults, today: string, sourceRow = 1): RowResult {
  const present = IMPORT_FIELDS.filter((f) => fields[f] !== undefined);
  const mapping: ColumnMapping = Object.fromEntries(present.map((f, i) => [f, columnLetter(i)]));
  const cells: CellValue[] = present.map((f) => fields[f] ?? null);
  const result = new RowValidator(mapping, defaults, today).validate(sourceRow, (c) => cells[c] ?? null);
  return { ...result, errors: result.errors.map((e) => ({ ...e, column: '' })) };
}
