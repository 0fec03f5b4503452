// Rows a damaged or foreign file could hold, planted past the schema's checks, and the refusal they must meet
// where they leave SQL (issue 16: rows parsed with zod, the table and column named).
import { ZodError } from 'zod';
import type { Db } from '../../main/store/open-database.ts';

/** Runs `sql` with the CHECK constraints switched off. */
export function plantUnchecked(db: Db, sql: string, ...args: unknown[]): void {
  db.pragma('ignore_check_constraints = ON');
  db.prepare(sql).run(...args);
  db.pragma('ignore_check_constraints = OFF');
}

/** Replaces a STRICT table by a copy without STRICT (its triggers go with it) holding `insert`'s row. */
export function foreignTable(db: Db, table: string, columns: string, insert: string): void {
  db.exec(`DROP TABLE ${table}; CREATE TABLE ${table} (${columns}); ${insert}`);
}

/** The ZodError a read met, or a failure when it was not refused. */
export function rowRefusalError(read: () => unknown): ZodError {
  try {
    read();
  } catch (err) {
    if (err instanceof ZodError) return err;
    throw err;
  }
  throw new Error('the row was not refused');
}

/** The messages of the refusal a read met, one per issue. */
export const rowRefusal = (read: () => unknown): string =>
  rowRefusalError(read)
    .issues.map((i) => i.message)
    .join('\n');

/** The same for a read that answers later (DocdeskReads and the services over it). */
export async function laterRowRefusal(read: () => Promise<unknown>): Promise<string> {
  try {
    await read();
  } catch (err) {
    if (err instanceof ZodError) return err.issues.map((i) => i.message).join('\n');
    throw err;
  }
  throw new Error('the row was not refused');
}
