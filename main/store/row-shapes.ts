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
