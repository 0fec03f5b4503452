// What a KCP batch's journal writes per verification (main/kcp/journal.ts), read from SQLite itself. The docdesk
// writer runs a claim group and its answers every 64 rows of a batch, so each statement and index entry per row is
// paid per verification (test/bench/kcp-journal-replay.ts measures it).
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { expect, it } from 'vitest';
import { z } from 'zod';
import { createKcpJournal } from '../../main/kcp/journal.ts';
import { createKcpVerificationReads } from '../../main/kcp/verification-reads.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { queryPlan, recordPreparedSql } from '../helpers/sql-plans.ts';
import { tempDir } from '../helpers/test-backend.ts';
import { queuedVerification } from '../bench/lib/kcp-queued-row.ts';

const queued = queuedVerification;

/** Entries of an index b-tree (an index keeps entries in its interior pages too). */
function indexEntries(db: Db, index: string): number {
  return z.object({ n: z.number().nullable() }).parse(db.prepare('SELECT sum(ncell) n FROM dbstat WHERE name = ?').get(index)).n ?? 0;
}

/** Counts the executions of statements that name `table`, from now on. */
function countStatementRuns(db: Db, table: string): { runs: number } {
  const counter = { runs: 0 };
  const prepare = db.prepare.bind(db);
  Object.defineProperty(db, 'prepare', {
    configurable: true,
    value: (sql: string) => {
      const statement = prepare(sql);
      if (!sql.includes(table)) return statement;
      for (const method of ['run', 'get', 'all', 'iterate'] as const) {
        const original = statement[method].bind(statement);
        Object.defineProperty(statement, method, {
          configurable: true,
          value: (...args: unknown[]) => {
            counter.runs++;
            return original(...args);
          },
        });
      }
      return statement;
    },
  });
  return counter;
}

it('queued rows wait in no index but their batch, and a claim group is one statement that returns the rows in order', () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const runs = countStatementRuns(db, 'kcp_verifications');
  const journal = createKcpJournal(db);
  const batchId = randomUUID();
  journal.createBatch(batchId, 'batch.xlsx', 'sandbox', Array.from({ length: 300 }, (_, i) => queued(i)));
  expect(indexEntries(db, 'kcp_verifications_by_state')).toBe(0);

  const before = runs.runs;
  const claimed = journal.step(batchId, [], undefined, 64);
  expect(runs.runs - before).toBe(1);
  expect(claimed.map((r) => r.sourceRow)).toEqual(Array.from({ length: 64 }, (_, i) => i + 2));
  expect(claimed.every((r) => r.state === 'IN_FLIGHT' && r.attempts === 1)).toBe(true);
  expect(indexEntries(db, 'kcp_verifications_by_state')).toBe(64);

  // Answered rows leave the index; the next claim takes the next rows; a crash would find exactly the unanswered.
  const next = journal.step(
    batchId,
    claimed.map((r) => ({ id: r.id, answer: { kind: 'answered', state: 'VERIFIED', resCd: '0000', resMsg: '정상', tno: null, appTime: null, appTimeMs: null, fields: { res_cd: '0000' } } })),
    undefined,
    64,
  );
  expect(next[0]?.sourceRow).toBe(66);
  expect(indexEntries(db, 'kcp_verifications_by_state')).toBe(64);
  expect(journal.recoverInFlight()).toBe(64);
  expect(indexEntries(db, 'kcp_verifications_by_state')).toBe(0);
  expect(db.prepare(`SELECT state, count(*) n FROM kcp_verifications GROUP BY state ORDER BY state`).all()).toEqual([
    { state: 'QUEUED', n: 172 },
    { state: 'UNKNOWN', n: 64 },
    { state: 'VERIFIED', n: 64 },
  ]);
  db.close();
});

it('start-up recovery and the interrupted-work count find IN_FLIGHT rows through their index, not a scan of every verification', () => {
  const db = openDatabase(path.join(tempDir(), 'd.db'), randomBytes(32));
  const prepared = recordPreparedSql(db);
  createKcpJournal(db);
  createKcpVerificationReads(db);
  const statements = [...new Set(prepared)];
  const recovery = statements.filter((sql) => sql.includes(`error_code = 'CRASH_RECOVERY'`));
  const interrupted = statements.filter((sql) => sql.includes(`SELECT count(*) FROM kcp_verifications WHERE state = 'IN_FLIGHT'`));
  expect([recovery.length, interrupted.length]).toEqual([1, 1]);
  for (const sql of [...recovery, ...interrupted]) {
    const plan = queryPlan(db, sql).filter((line) => line.includes('kcp_verifications'));
    expect(plan, sql).toEqual([expect.stringMatching(/^SEARCH kcp_verifications USING (COVERING )?INDEX kcp_verifications_by_state \(state=\?\)/)]);
  }
  db.close();
});
