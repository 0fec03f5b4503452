// What a store's statements do, read from SQLite itself: the SQL a factory prepares on a connection, the query
// plan of a statement, and the tables whose b-trees its program opens (a foreign-key check opens the parent's).
import { z } from 'zod';
import type { Db } from '../../main/store/open-database.ts';

/** Records the SQL of every statement prepared on `db` from now on (the statements still run as prepared). */
export function recordPreparedSql(db: Db): string[] {
  const seen: string[] = [];
  const prepare = db.prepare.bind(db);
  Object.defineProperty(db, 'prepare', {
    configurable: true,
    value: (sql: string) => {
      seen.push(sql);
      return prepare(sql);
    },
  });
  return seen;
}

/**
 * The `detail` lines of EXPLAIN QUERY PLAN, e.g. `SCAN document_binders_pending`; `params` binds named parameters,
 * and positional ones (`?`) are bound to NULL.
 */
export function queryPlan(db: Db, sql: string, params?: Record<string, unknown>): string[] {
  const explain = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const nulls = Array.from(sql.matchAll(/\?/g), () => null);
  return z
    .array(z.object({ detail: z.string() }))
    .parse(params === undefined ? explain.all(...nulls) : explain.all(params))
    .map((r) => r.detail);
}

const explainRowsSchema = z.array(z.object({ opcode: z.string(), p2: z.number() }));
const rootPagesSchema = z.array(z.object({ rootpage: z.number(), tbl_name: z.string() }));

/**
 * The tables (an index counts as its table) whose b-trees the statement's program opens, sorted. Positional
 * parameters only (`?`): the statement is explained with each bound to NULL.
 */
export function tablesOpenedBy(db: Db, sql: string): string[] {
  const nulls = Array.from(sql.matchAll(/\?/g), () => null);
  const tableOfRoot = new Map(rootPagesSchema.parse(db.prepare(`SELECT rootpage, tbl_name FROM sqlite_schema WHERE rootpage > 0`).all()).map((r) => [r.rootpage, r.tbl_name]));
  const opened = explainRowsSchema
    .parse(db.prepare(`EXPLAIN ${sql}`).all(...nulls))
    .filter((r) => r.opcode === 'OpenRead' || r.opcode === 'OpenWrite')
    .map((r) => tableOfRoot.get(r.p2) ?? `root ${r.p2}`);
  return [...new Set(opened)].sort();
}

const explainOpsSchema = z.array(z.object({ opcode: z.string(), p1: z.number(), p2: z.number() }));

/**
 * The columns of `table` the statement reads from the table's own rows (a cursor on the table's b-tree, not on one
 * of its indexes), by name, sorted. A column an index supplies is not listed: SQLite then never fetches the row for
 * it (a deferred seek). `params` binds named parameters.
 */
export function tableColumnsReadBy(db: Db, sql: string, table: string, params: Record<string, unknown> = {}): string[] {
  const root = z.object({ rootpage: z.number() }).parse(db.prepare(`SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = ?`).get(table)).rootpage;
  const names = z.array(z.object({ cid: z.number(), name: z.string() })).parse(db.prepare(`SELECT cid, name FROM pragma_table_info(?)`).all(table));
  const ops = explainOpsSchema.parse(db.prepare(`EXPLAIN ${sql}`).all(params));
  const tableCursors = new Set(ops.filter((o) => o.opcode === 'OpenRead' && o.p2 === root).map((o) => o.p1));
  const read = ops.filter((o) => o.opcode === 'Column' && tableCursors.has(o.p1)).map((o) => names.find((n) => n.cid === o.p2)?.name ?? `column ${o.p2}`);
  return [...new Set(read)].sort();
}
