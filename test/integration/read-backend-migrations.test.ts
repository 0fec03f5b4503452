// A read backend (CLI status, list, show: no lock, another process may be writing) holds no read-write connection
// to docdesk.db (issue 16 item 1): it reads through a read-only one, and only when the file is missing or its
// migrations are not all applied and recorded does it start the writer, whose connection migrates. Counted with the
// process's descriptors of docdesk.db and their open flags (/proc/self/fdinfo). Before, a read backend opened a
// read-write connection on its main thread in every case (it applied the migrations itself).
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { descriptorsOf } from '../helpers/db-descriptors.ts';
import { tempDir } from '../helpers/test-backend.ts';

const recordedChecksums = (dataDir: string): number => {
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey, { readonly: true });
  try {
    return Number(db.prepare('SELECT count(*) FROM schema_migrations').pluck().get());
  } finally {
    db.close();
  }
};

it.runIf(process.platform === 'linux')('a read backend reads a current docdesk.db read-only and starts no writer', { timeout: 60_000 }, async () => {
  const dataDir = tempDir('docdesk-read-current-');
  await (await createBackend({ dataDir, env: {} })).close();
  const file = realpathSync(path.join(dataDir, 'docdesk.db'));
  const reader = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    expect(await reader.mailing.list()).toEqual([]);
    expect(descriptorsOf(file)).toEqual({ open: 1, readWrite: 0 });
  } finally {
    await reader.close();
  }
  expect(descriptorsOf(file)).toEqual({ open: 0, readWrite: 0 });
});

it.runIf(process.platform === 'linux')('a read backend on a folder without docdesk.db, or with a migration not recorded, has its writer migrate', { timeout: 60_000 }, async () => {
  const dataDir = tempDir('docdesk-read-new-');
  const fresh = await createBackend({ dataDir, env: {}, access: 'read' });
  const file = realpathSync(path.join(dataDir, 'docdesk.db'));
  try {
    expect(await fresh.mailing.list()).toEqual([]);
    // The read-only connection and the writer thread's, which created and migrated the file.
    expect(descriptorsOf(file)).toEqual({ open: 2, readWrite: 1 });
  } finally {
    await fresh.close();
  }
  const all = recordedChecksums(dataDir);
  expect(all).toBeGreaterThan(10);
  // A folder whose last migration's checksum is not recorded yet (as one made before checksums): recorded by the writer.
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), loadDataDirKeys(dataDir, undefined).dbKey);
  db.prepare('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)').run();
  db.close();
  expect(recordedChecksums(dataDir)).toBe(all - 1);
  const again = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    expect(descriptorsOf(file)).toEqual({ open: 2, readWrite: 1 });
  } finally {
    await again.close();
  }
  expect(recordedChecksums(dataDir)).toBe(all);
});
