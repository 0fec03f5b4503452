// Importing into a mailing stores the valid rows while the worker still reads the file: the stored documents
// must be exactly the drafts the import produces, and a failed or empty import must leave nothing behind.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Backend } from '../../main/app/backend.ts';
import { ImportError, importRecipientFile, writeSampleRecipientList } from '../../main/imports/index.ts';
import { searchTermsOf } from '../../main/mailing/search-terms.ts';
import { benchBackend, openBenchDb } from '../bench/lib/bench-backend.ts';
import { tempDir } from '../helpers/test-backend.ts';

const defaults = { title: '1월 고지서', link: 'https://example.com/bill', csNumber: '1588-0000', csName: '고객센터', expiresInDays: 30 };
const fixtures = path.join(import.meta.dirname, '../fixtures/imports');

let dataDir: string;
let backend: Backend;
beforeAll(async () => {
  dataDir = tempDir();
  backend = await benchBackend(dataDir, null, { concurrency: 1 });
});
afterAll(async () => {
  await backend.close();
});

function storedMailings(): { id: string; import_complete: number; documents: number }[] {
  const db = openBenchDb(dataDir);
  try {
    return db
      .prepare('SELECT m.id, m.import_complete, (SELECT count(*) FROM documents d WHERE d.mailing_id = m.id) documents FROM mailings m ORDER BY m.created_at')
      .all() as { id: string; import_complete: number; documents: number }[];
  } finally {
    db.close();
  }
}

it('stores every valid row, in sheet order, exactly as the import drafts them', { timeout: 120_000 }, async () => {
  const file = path.join(tempDir(), 'list.xlsx');
  await writeSampleRecipientList(file, { rows: 7_300, seed: 11 }); // several worker batches and store slices
  const expected = await importRecipientFile(file, { defaults });
  const { mailingId, report } = await backend.mailing.import(file, { defaults });
  expect(mailingId).not.toBeNull();
  expect(report).toEqual(expected.report);
  const db = openBenchDb(dataDir);
  try {
    const rows = db.prepare('SELECT source_row, recipient_key, item_json FROM documents JOIN document_items ON document_id = id WHERE mailing_id = ? ORDER BY id').all(mailingId) as {
      source_row: number;
      recipient_key: string;
      item_json: string;
    }[];
    expect(rows.map((r) => r.source_row)).toEqual(expected.documents.map((d) => d.sourceRow));
    expect(rows.map((r) => JSON.parse(r.item_json) as unknown)).toEqual(expected.documents.map(({ sourceRow: _s, ...item }) => item));
    const first = expected.documents[0];
    if (first === undefined || !('phone_number' in first.receiver)) throw new Error('sample list starts with a phone receiver');
    expect(rows[0]?.recipient_key).toBe(`p:${first.receiver.phone_number}:${first.receiver.name}:${first.receiver.birthday}`);
    // Their search terms were written with the list's last step: every term of every row, nothing else.
    const docs = db.prepare('SELECT id, recipient_key FROM documents WHERE mailing_id = ?').all(mailingId) as { id: number; recipient_key: string }[];
    const terms = db.prepare('SELECT term, document_id FROM document_search').raw().all() as [string, number][];
    const expectedTerms = docs.flatMap((d) => searchTermsOf(d.recipient_key).map((t) => [t, d.id]));
    expect(terms.length).toBeGreaterThan(2 * docs.length);
    expect(new Set(terms.map((t) => t.join(' ')))).toEqual(new Set(expectedTerms.map((t) => t.join(' '))));
    const stored = JSON.parse((db.prepare('SELECT report_json FROM mailings WHERE id = ?').get(mailingId) as { report_json: string }).report_json) as unknown;
    expect(stored).toEqual(report);
  } finally {
    db.close();
  }
  expect((await backend.mailing.status(mailingId ?? '')).total).toBe(report.valid);
});

it('leaves no mailing behind when the file is refused or has no valid row', { timeout: 60_000 }, async () => {
  const before = storedMailings();
  const refused = await backend.mailing.import(path.join(fixtures, 'text-renamed.xlsx'), { defaults }).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(ImportError);

  const empty = path.join(tempDir(), 'invalid-only.csv');
  fs.writeFileSync(empty, '이름,휴대폰,생년월일\n김,010-12,19900101\n');
  const { mailingId, report } = await backend.mailing.import(empty, { defaults });
  expect(mailingId).toBeNull();
  expect(report).toMatchObject({ rows: 1, valid: 0, invalid: 1 });

  expect(storedMailings()).toEqual(before);
  expect(storedMailings().every((m) => m.import_complete === 1)).toBe(true);
});
