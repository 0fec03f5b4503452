// Issue 16 step 9: the PayUp and KCP services write through PayupStore / KcpStore and read through DocdeskReads;
// lint (eslint.config.js) refuses a database handle, or the SQL journal, imported into them. Run through ESLint's
// own API against the project's config, on probe text placed at the services' own paths.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function refusedImportLines(code: string, file: string): Promise<number[]> {
  // Type-aware rules are switched off for the probe text: the import rule under test needs no types.
  const eslint = new ESLint({
    cwd: root,
    overrideConfig: {
      files: [file],
      languageOptions: { parserOptions: { project: null } },
      rules: { '@typescript-eslint/no-floating-promises': 'off', '@typescript-eslint/no-misused-promises': 'off' },
    },
  });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal === true);
  if (fatal.length > 0) throw new Error(`lint could not parse the probe: ${fatal.map((m) => m.message).join('; ')}`);
  return (result?.messages ?? []).filter((m) => m.message.includes('hold no database')).map((m) => m.line);
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
