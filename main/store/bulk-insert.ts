// Multi-row INSERT (and UPDATE … FROM VALUES): one statement execution per up to 128 rows instead of one per row.
// For the audit writer's batches (three tables per event), an import's documents and a poll step's document
// updates and events the per-call cost of a prepared statement was most of the SQL time; the rows, their order and
// the transaction around them are unchanged.
import type { Db } from './open-database.ts';

/** Rows per statement, largest first; any count is covered with at most a few statements per size. */
const CHUNKS = [128, 32, 8, 1] as const;

/**
 * `head` is `INSERT [OR IGNORE] INTO t (c1, …, cN) VALUES`; the returned function inserts the rows held in
 * `values` (row-major, `columns` values per row) inside the caller's transaction.
 */
export function bulkInsert(db: Db, head: string, columns: number): (values: unknown[]) => void {
  return bulkValues(db, (tuples) => `${head} ${tuples}`, columns);
}

/**
 * Any statement over a VALUES list, e.g. `UPDATE t SET … FROM (VALUES ${tuples}) AS v WHERE t.id = v.column1`:
 * `sql` places the tuples; the returned function runs it over the rows held in `values` (row-major, `columns`
 * values per row) inside the caller's transaction. The statement's other parameters, if any, must be none.
 */
export function bulkValues(db: Db, sql: (tuples: string) => string, columns: number): (values: unknown[]) => void {
  const tuple = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
  const statements = new Map(CHUNKS.map((rows) => [rows, db.prepare(sql(Array.from({ length: rows }, () => tuple).join(', ')))] as const));
  return (values) => {
    if (values.length % columns !== 0) throw new Error(`bulkValues: ${values.length} values is not a whole number of ${columns}-column rows`);
    let at = 0;
    for (const rows of CHUNKS) {
      const stmt = statements.get(rows)!;
      const width = rows * columns;
      for (; values.length - at >= width; at += width) stmt.run(values.slice(at, at + width));
    }
  };
}
