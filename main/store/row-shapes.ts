// Row shapes that many queries share. Every row leaves SQL through a zod parse (issue 16): better-sqlite3 types
// rows as `unknown`, and a cast would let a renamed column or a NULL reach the services unnoticed.
import { z } from 'zod';

/** `SELECT count(*) AS n …` */
export const countRowSchema = z.object({ n: z.number().int() });

/** `SELECT id …` of an integer primary key. */
export const idRowSchema = z.object({ id: z.number().int() });
export const idRowsSchema = z.array(idRowSchema);

/** A plucked integer (`.pluck()` statements: a count, an id, a span). */
export const integerSchema = z.number().int();
/** Plucked integers: a list of ids is parsed as numbers, cheaper than one `{ id }` object per row. */
export const integersSchema = z.array(integerSchema);

/** A BLOB column (better-sqlite3 returns a Buffer). An instanceof check: cheap enough for a verify pass. */
export const blobSchema = z.instanceof(Buffer);

/** `SELECT max(…)` / `min(…)` of an integer column: NULL on an empty table. */
export const maxIntegerSchema = integerSchema.nullable();

/** A plucked TEXT value of a key/value table: undefined when the key has no row. */
export const optionalTextSchema = z.string().optional();

/** `PRAGMA integrity_check` / `quick_check` rows. */
export const integrityRowsSchema = z.array(z.object({ integrity_check: z.string() }));
export const quickCheckRowsSchema = z.array(z.object({ quick_check: z.string() }));

function columnOf(path: readonly PropertyKey[] | undefined): string {
  return (path ?? []).filter((p): p is string => typeof p === 'string').join('.');
}

function defaultMessage(issue: z.core.$ZodRawIssue): string {
  const m = z.config().localeError?.(issue);
  return typeof m === 'string' ? m : (m?.message ?? '형태가 다릅니다');
}

/**
 * The parse of what one statement returns from `table` (a plucked column: `table.column`). A row that does not
 * fit is refused with a ZodError whose every message names the table and column, e.g.
 * `payup_cancels.state: …` — a damaged file or another program's rows never reach a service as a value its type
 * does not allow. The schema is parsed as is (zod's compiled object check): the hot paths stay cheap.
 */
export function rowParser<S extends z.ZodType>(table: string, schema: S): (row: unknown) => z.output<S> {
  const context = {
    error: (issue: z.core.$ZodRawIssue): string => {
      const column = columnOf(issue.path);
      return `${column === '' ? table : `${table}.${column}`}: 저장된 값이 예상한 형태가 아닙니다 (${defaultMessage(issue)}). 데이터 파일이 손상되었거나 다른 프로그램이 고친 것입니다: 백업에서 복원하거나 관리자에게 문의하세요.`;
    },
  };
  return (row) => {
    const r = schema.safeParse(row, context);
    if (r.success) return r.data;
    // A ZodError's own message is a JSON dump of its issues; the faces show `message`, so it carries the first
    // issue's words (the issues stay intact for callers that check them).
    r.error.message = r.error.issues[0]?.message ?? `${table}: 저장된 값이 예상한 형태가 아닙니다.`;
    throw r.error;
  };
}

/** A plucked `settings.value` of docdesk.db (undefined: the key was never set). */
export const parseSettingValue = rowParser('settings.value', optionalTextSchema);

/**
 * The same refusal as rowParser for a statement read once (not on a hot path): `column` names a column whose
 * content (a JSON text) is what `rows` holds.
 */
export function parseRows<T extends z.ZodType>(schema: T, rows: unknown, table: string, column?: string): z.output<T> {
  return rowParser(column === undefined ? table : `${table}.${column}`, schema)(rows);
}
