// The grid's totals while another connection commits (main/documents/query.ts): an expensive total past its age is
// answered from the cache and recounted on the count thread (count-thread.ts), not on the main thread; a later
// page has the new total.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DocumentsFilter } from '../../shared/domain/documents-query.ts';
import { createCountThread } from '../../main/documents/count-thread.ts';
import { createDocumentQueries } from '../../main/documents/query.ts';
import { insertSyntheticDocuments } from '../../main/documents/synthetic.ts';
import { openDatabase } from '../../main/store/open-database.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-count-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('grid totals on the count thread', () => {
  it('reuses an expensive total past its age while the thread recounts it, then answers with the new total', { timeout: 60_000 }, async () => {
    const file = path.join(dir, 'docdesk.db');
    const key = randomBytes(32);
    const db = openDatabase(file, key);
    const side = openDatabase(file, key);
    const thread = createCountThread({ path: file, key });
    try {
      insertSyntheticDocuments(db, { documents: 300, perMailing: 300, seed: 7 });
      const asked: DocumentsFilter[] = [];
      const counter = { count: (f: DocumentsFilter) => (asked.push(f), thread.count(f)) };
      // Every count is "expensive" and too old at once: the test cannot make a count slow on purpose.
      const q = createDocumentQueries(db, counter, { expensiveTotalMs: 0, maxAgeMs: 0 });
      const view = { states: ['CANCELLED' as const] };
      const before = q.query(view).total;
      expect(asked).toHaveLength(0); // the first total of a view is counted where it is asked

      side.prepare(`UPDATE documents SET state = 'CANCELLED' WHERE id = (SELECT min(id) FROM documents WHERE state <> 'CANCELLED')`).run();
      expect(q.query(view).total).toBe(before);
      expect(q.query(view).total).toBe(before); // one recount at a time
      expect(asked).toEqual([view]);
      await vi.waitFor(() => expect(q.query(view).total).toBe(before + 1));
      expect(asked).toHaveLength(1);
    } finally {
      await thread.close();
      side.close();
      db.close();
    }
  });
});
