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

/**
 * Parses what a statement returned for `table`. A row that does not fit is refused with an error that names the
 * table and the column (as selected) — a damaged file or one another version wrote — so the operator and support
 * see where, not a dump of zod issues. The error stays a ZodError (its issues intact) for callers that check.
 * Costs nothing more than `schema.parse` on a good row. `column`: the value parsed is one column's content (a JSON
 * text), not rows.
 */
export function parseRows<T extends z.ZodType>(schema: T, rows: unknown, table: string, column?: string): z.output<T> {
  const r = schema.safeParse(rows);
  if (r.success) return r.data;
  r.error.message = rowShapeMessage(r.error, table, column);
  throw r.error;
}

function rowShapeMessage(error: z.ZodError, table: string, named: string | undefined): string {
  const issue = error.issues[0];
  const column = named ?? issue?.path.find((p): p is string => typeof p === 'string');
  const where = column === undefined ? `'${table}' 표의 행` : `'${table}' 표의 '${column}' 열`;
  return (
    `데이터베이스(docdesk.db)에서 읽은 ${where} 값이 이 버전의 DocDesk가 아는 모양이 아닙니다(${issue?.message ?? '형식 오류'}). ` +
    '파일이 손상되었거나 다른 버전이 쓴 값일 수 있습니다. 아무것도 바꾸지 않았습니다: 이 메시지를 지원 담당자에게 보내고, 필요하면 백업에서 데이터 폴더를 되살리세요.'
  );
}
