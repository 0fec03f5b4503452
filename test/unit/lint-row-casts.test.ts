// Issue 16: a cast on what a statement returns fails lint (eslint.config.js, no-restricted-syntax), so a new row
// cannot leave SQL unparsed. Run through ESLint's own API against the project's config.
import { expect, it } from 'vitest';
import { lintProbeLines } from '../helpers/lint-probe.ts';


async function rowCastLines(code: string, file = 'main/store/lint-probe.ts'): Promise<number[]> {
  return lintProbeLines(code, file, 'Parse the row with zod');
}

it('refuses a cast on get/all/iterate/pragma results in main/, also behind ?: and ??', async () => {
  const code = [
    "import type { Db } from './open-database.ts';",
    'export function probe(db: Db, k: string) {',
    "  const a = db.prepare('SELECT 1 n').get() as { n: number };",
    "  const b = (db.prepare('SELECT 1').pluck().all() as number[]) ?? [];",
    "  const c = (k ? db.prepare('SELECT 1').get() : db.prepare('SELECT 2').get()) as string;",
    "  const d = db.pragma('quick_check') as unknown[];",
    "  const e = [...(db.prepare('SELECT 1').iterate() as IterableIterator<string>)];",
    '  return [a, b, c, d, e];',
    '}',
  ].join('\n');
  expect(await rowCastLines(code)).toEqual([3, 4, 5, 5, 6, 7]);
}, 60_000);

it('leaves parsed rows and typed lookups alone', async () => {
  const code = [
    "import { z } from 'zod';",
    "import type { Db } from './open-database.ts';",
    'const seen = new Map<string, number>();',
    'export function probe(db: Db, k: string) {',
    "  const n = z.number().parse(db.prepare('SELECT 1').pluck().get());",
    '  return [n, seen.get(k), new URLSearchParams(k).get(k)] as const;',
    '}',
  ].join('\n');
  expect(await rowCastLines(code)).toEqual([]);
}, 60_000);
