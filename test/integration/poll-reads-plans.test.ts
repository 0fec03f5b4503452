// What a poll round reads (main/mailing/poll-reads.ts), planned by SQLite itself. A round's scope (the active profile's
// mailings, or one mailing) is tested on mailing_id for every pending document: the count of what remains and the next
// due time must come from the poll index alone (migration 12), not from ~100,000 document rows at the tracker's scale,
// and the due read must fetch only the rows in scope.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createMailingQueries } from '../../main/mailing/mailing-queries.ts';
import { createPollReads } from '../../main/mailing/poll-reads.ts';
import { openDatabase } from '../../main/store/open-database.ts';
import { ciDraftItem } from '../helpers/ci-draft-item.ts';
import { queryPlan, recordPreparedSql, tableColumnsReadBy } from '../helpers/sql-plans.ts';
import { tempDir } from '../helpers/test-backend.ts';

it('counts what remains and finds the next due time from the poll index alone, and reads only due rows in scope, for a profile and for a mailing', async () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const mailings = createMailingQueries(db);
  const ours = await mailings.createMailing({ name: '우리', profile: 'ours', sourceFile: 'a.xlsx', defaults: {}, report: {}, documents: [0, 1, 2].map(ciDraftItem) });
  const theirs = await mailings.createMailing({ name: '다른', profile: 'theirs', sourceFile: 'b.xlsx', defaults: {}, report: {}, documents: [3, 4].map(ciDraftItem) });
  // Accepted documents due at 1,000 + their id (planted: the send path is not what this test is about).
  db.prepare(`UPDATE documents SET state = 'ACCEPTED', gateway_binder_uuid = 'BIN-' || id, accepted_at = 1, next_poll_at = 1000 + id`).run();
  const prepared = recordPreparedSql(db);
  const reads = createPollReads(db);
  const [due, pending, firstDue] = prepared;
  if (due === undefined || pending === undefined || firstDue === undefined) throw new Error('three poll statements expected');

  for (const scope of [
    { mailing: null, profile: 'ours' },
    { mailing: ours, profile: null },
  ]) {
    for (const sql of [pending, firstDue]) {
      const plan = queryPlan(db, sql, scope);
      expect(plan.filter((line) => line.includes('documents')), sql).toEqual([expect.stringMatching(/^(SEARCH|SCAN) documents USING COVERING INDEX documents_poll_due\b/)]);
    }
    // The first page, and a later one that starts after the last entry read (a round reads its due rows page by page).
    for (const page of [{ afterAt: null, afterMailing: null, afterId: null }, { afterAt: 1002, afterMailing: ours, afterId: 2 }]) {
      const duePlan = queryPlan(db, due, { ...scope, ...page, now: 2_000, limit: 10 });
      expect(duePlan.filter((line) => line.includes('documents'))).toEqual([expect.stringMatching(/^SEARCH documents USING INDEX documents_poll_due \(next_poll_at/)]);
      expect(duePlan.filter((line) => line.includes('TEMP B-TREE'))).toEqual([]);
    }
    // The due read fetches a document's row only once the index entry passed the scope test, for what it returns
    // (the status held: doc_box_status, or SENT once status_seen_at says the gateway answered; migration 13).
    expect(tableColumnsReadBy(db, due, 'documents', { ...scope, afterAt: null, afterMailing: null, afterId: null, now: 2_000, limit: 10 })).toEqual(['accepted_at', 'doc_box_status', 'external_document_uuid', 'gateway_binder_uuid', 'status_seen_at']);
  }

  // The same answers as before: only the scope's documents, in the order they fall due.
  expect(reads.pending({ profile: 'ours' })).toEqual({ count: 3, nextDueAt: 1001 });
  expect(reads.pending({ mailingId: theirs })).toEqual({ count: 2, nextDueAt: 1004 });
  expect(reads.pending({})).toEqual({ count: 5, nextDueAt: 1001 });
  expect(reads.nextDueAt({ profile: 'theirs' })).toBe(1004);
  expect(reads.due({ profile: 'theirs' }, 2_000, 10).map((r) => [r.id, r.m])).toEqual([
    [4, theirs],
    [5, theirs],
  ]);
  expect(reads.due({ profile: 'ours' }, 1_002, 10).map((r) => r.b)).toEqual(['BIN-1', 'BIN-2']);
  // Page by page: each page continues after the last entry of the one before; every due row comes once, in order.
  const first = reads.due({}, 2_000, 2);
  const last = first.at(-1);
  if (last === undefined) throw new Error('a first page expected');
  const second = reads.due({}, 2_000, 2, { n: last.n, m: last.m, id: last.id });
  const third = reads.due({}, 2_000, 2, { n: 1004, m: theirs, id: 4 });
  expect([first, second, third].map((page) => page.map((r) => r.id))).toEqual([[1, 2], [3, 4], [5]]);
  db.close();
});
