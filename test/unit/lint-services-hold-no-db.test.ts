// Issue 16 step 9: the PayUp and KCP services write through PayupStore / KcpStore and read through DocdeskReads;
// lint (eslint.config.js) refuses a database handle, or the SQL journal, imported into them. Run through ESLint's
// own API against the project's config, on probe text placed at the services' own paths.
import { expect, it } from 'vitest';
import { lintProbeLines } from '../helpers/lint-probe.ts';


async function refusedImportLines(code: string, file: string): Promise<number[]> {
  return lintProbeLines(code, file, 'hold no database');
}

const probe = [
  "import type { Db } from '../store/open-database.ts';",
  "import Database from 'better-sqlite3-multiple-ciphers';",
  "import { createPayupJournal } from './journal.ts';",
  "import type { PayupReads } from '../reads/docdesk-reads.ts';",
  'export const probe = (db: Db, r: PayupReads) => [db, r, Database, createPayupJournal];',
].join('\n');

it.each(['main/payup/service.ts', 'main/payup/engine.ts', 'main/kcp/service.ts'])('refuses a database handle or the SQL journal in %s', async (file) => {
  expect(await refusedImportLines(probe, file)).toEqual([1, 2, 3]);
}, 60_000);

it('leaves the journal steps, which run on the writer, free to hold the connection', async () => {
  expect(await refusedImportLines(probe, 'main/payup/journal-steps.ts')).toEqual([]);
}, 60_000);
