// Issue 16 step 9: outside docdesk.db's SQL files (main/store/, main/writer/, main/reads/sqlite-*, the *-reads /
// *-queries / journal* / *-steps files, the listed older SQL files) and main/audit/ (audit.db), no file of main/
// imports the Db type or store/open-database: services read through DocdeskReads and write through their stores.
// Run through ESLint's own API against the project's config, on probe text placed at real and new paths.
import { expect, it } from 'vitest';
import { lintProbeLines } from '../helpers/lint-probe.ts';


const PROBE = [
  "import type { Db } from '../store/open-database.ts';",
  "import { openDatabase } from '../store/open-database.ts';",
  "import { createSqliteDocdeskReads } from '../reads/sqlite-docdesk-reads.ts';",
  'export const probe = (db: Db): unknown => [db, openDatabase, createSqliteDocdeskReads];',
].join('\n');

/** Lines of PROBE, linted as if it were `file`, that the docdesk.db rule refuses. */
async function refusedLines(file: string): Promise<number[]> {
  return lintProbeLines(PROBE, file, "Only docdesk.db's SQL files take its connection");
}

it.each([
  'main/follow-up/service.ts',
  'main/follow-up/deadlines.ts',
  'main/follow-up/recipients.ts',
  'main/follow-up/mailing-chart.ts',
  'main/follow-up/tally.ts',
  'main/app/network-plan-service.ts',
  'main/app/profiles.ts',
  'main/network/request-size.ts',
  'main/network/plan-store.ts',
  'main/mailing/engine.ts',
  'main/cli/commands-new.ts',
  'main/imports/new-reader.ts',
])('refuses the Db type and store/open-database in %s', async (file) => {
  expect(await refusedLines(file)).toEqual([1, 2]);
}, 60_000);

it.each([
  'main/store/settings-reads.ts',
  'main/writer/docdesk-writer.worker.ts',
  'main/reads/sqlite-docdesk-reads.ts',
  'main/follow-up/follow-up-reads.ts',
  'main/mailing/mailing-queries.ts',
  'main/mailing/journal-writer.ts',
  'main/payup/journal-steps.ts',
  'main/audit/audit-db.ts',
  'main/documents/query.ts',
  'main/app/backend.ts',
])('leaves the SQL file %s free to hold the connection', async (file) => {
  expect(await refusedLines(file)).toEqual([]);
}, 60_000);
