// Issue 16 step 9: the mailing services hold no database handle — an import of better-sqlite3 or of
// store/open-database.ts in one of them fails lint (eslint.config.js), while the modules the writer runs may.
// Run through ESLint's own API against the project's config.
import { expect, it } from 'vitest';
import { lintProbeLines } from '../helpers/lint-probe.ts';

const PROBE = ["import Database from 'better-sqlite3-multiple-ciphers';", "import type { Db } from '../store/open-database.ts';", 'export const probe = (db: Db): unknown => [db, Database];'].join('\n');

/** Lines of `file` (linted as if it held PROBE) that the mailing-services rule refuses. */
async function refusedLines(file: string): Promise<number[]> {
  return lintProbeLines(PROBE, file, 'hold no database handle');
}

it.each(['main/mailing/engine.ts', 'main/mailing/sender.ts', 'main/mailing/poller.ts', 'main/mailing/one-document.ts', 'main/mailing/status-check.ts', 'main/mailing/pre-review.ts', 'main/documents/service.ts'])(
  'refuses a database import in %s',
  async (file) => {
    expect(await refusedLines(file)).toEqual([1, 2]);
  },
  60_000,
);

it('leaves the writer-side modules alone (they run on the writer connection)', async () => {
  expect(await refusedLines('main/mailing/journal.ts')).toEqual([]);
}, 60_000);
