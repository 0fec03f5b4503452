// Synthetic rehearsal documents through the docdesk writer (one step per 10,000 rows, the generator's state
// handed from step to step) are the same rows as one connection writing them all: same recipients, states,
// errors and times for a seed.
import path from 'node:path';
import { expect, it } from 'vitest';
import { insertSyntheticOnWriter } from '../../main/documents/synthetic-protocol.ts';
import { insertSyntheticDocuments } from '../../main/documents/synthetic.ts';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { tempDir } from '../helpers/test-backend.ts';

const OPTIONS = { documents: 10_050, perMailing: 10_020, seed: 3, now: 1_700_000_000_000, profile: 'sandbox' };

function rowsOf(db: Db): unknown[] {
  return db.prepare('SELECT source_row, recipient_key, recipient_label, state, error_code, doc_box_status, accepted_at, read_at FROM documents ORDER BY id').all();
}

it('writes the same rows for a seed through the writer, batch by batch, as on one connection', { timeout: 60_000 }, async () => {
  const dir = tempDir();
  const key = loadDataDirKeys(dir, 'test-passphrase').dbKey;
  const local = openDatabase(path.join(dir, 'local.db'), key);
  const viaWriter = path.join(dir, 'writer.db');
  openDatabase(viaWriter, key).close(); // migrated, as the backend's writer finds it
  const writer = startDocdeskWriter({ path: viaWriter, key });
  try {
    const ids = await insertSyntheticOnWriter(writer, OPTIONS);
    expect(ids).toHaveLength(2);
    expect(insertSyntheticDocuments(local, OPTIONS)).toHaveLength(2);
  } finally {
    await writer.close();
  }
  const written = openDatabase(viaWriter, key, { readonly: true });
  try {
    const rows = rowsOf(written);
    expect(rows).toHaveLength(10_050);
    expect(rows).toEqual(rowsOf(local));
  } finally {
    written.close();
    local.close();
  }
});
