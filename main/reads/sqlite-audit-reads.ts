// AuditReads over a read-only SQLite connection to audit.db (opened by audit/open-audit-writer.ts once the audit
// writer opened and migrated the file). A WAL reader never waits for the writer's commits and never sees one that is
// not finished; being read-only, nothing read here can write. Every statement is its own read transaction.
//
// A thin adapter, as sqlite-docdesk-reads.ts is: the SQL answers synchronously (sqlite-audit-queries.ts,
// sqlite-audit-verify.ts, audit/tree-store.ts) and each method here runs it when called and answers through a
// Promise. `verify` of a large log runs the chain pass on worker threads with connections of their own
// (sqlite-audit-verify.worker.ts): they are part of this implementation.
import { AuditDatabaseError, type AuditDb } from '../audit/audit-db.ts';
import { createTreeReader } from '../audit/tree-store.ts';
import { treeUpgradeMark } from '../audit/tree-upgrade.ts';
import type { AuditReads } from './audit-reads.ts';
import {
  blobRows,
  chainAt,
  chainEntries,
  chainFrom,
  chainSize,
  checkpointList,
  indexedKeys,
  latestCheckpoint,
  logId,
  logKeys,
  maxIndexed,
  queryEvents,
  quickCheck,
  recordsBefore,
  setting,
  recordBytes,
  recordSeqsBetween,
  subjectSeqs,
  unanchoredCheckpoints,
} from './sqlite-audit-queries.ts';
import { verifyAuditDatabase, verifyAuditDatabaseParallel } from './sqlite-audit-verify.ts';
import { answerLater } from './answer-later.ts';

/** Chain rows per batch of `chainEntries` and `chainFrom` (each with its record: a few KB). */
const CHAIN_ENTRY_BATCH = 256;

/** `db` must be read-only; `file` is the same database (path and key), which the verify pool's workers open read-only. */
export function createSqliteAuditReads(db: AuditDb, file: { path: string; key: Buffer }): AuditReads {
  if (!db.readonly) throw new AuditDatabaseError('AuditReads는 읽기 전용 연결로만 만듭니다: openAuditDatabase(…, { readonly: true })로 연 연결을 넘기세요.');
  const tree = createTreeReader(db);
  return {
    logId: answerLater(() => logId(db)),
    setting: answerLater((key) => setting(db, key)),
    size: answerLater(() => chainSize(db)),
    chainAt: answerLater((seq) => chainAt(db, seq)),
    events: answerLater((q) => queryEvents(db, q)),
    blobs: answerLater((seq) => blobRows(db, seq)),
    record: answerLater((seq) => recordBytes(db, seq)),
    maxIndexed: answerLater((prefix) => maxIndexed(db, prefix)),
    indexedKeys: answerLater((keys) => indexedKeys(db, keys)),
    subjectSeqs: answerLater((keys, below) => subjectSeqs(db, keys, below)),
    recordSeqsBetween: answerLater((from, to, below) => recordSeqsBetween(db, from, to, below)),
    async *chainEntries(seqs) {
      yield* chainEntries(db, seqs, CHAIN_ENTRY_BATCH);
    },
    async *chainFrom(from) {
      yield* chainFrom(db, from, CHAIN_ENTRY_BATCH);
    },
    treeHashes: answerLater((indexes) => tree(indexes).map((h) => Buffer.from(h.buffer, h.byteOffset, h.byteLength))),
    recordsBefore: answerLater((cutoff) => recordsBefore(db, cutoff)),
    checkpoints: answerLater(() => checkpointList(db)),
    latestCheckpoint: answerLater(() => latestCheckpoint(db)),
    unanchoredCheckpoints: answerLater(() => unanchoredCheckpoints(db)),
    treeUpgrade: answerLater(() => treeUpgradeMark(db)),
    keys: answerLater(() => logKeys(db)),
    quickCheck: answerLater(() => quickCheck(db)),
    verify: async ({ workers, ...options }) =>
      workers === 1 ? verifyAuditDatabase(db, options) : verifyAuditDatabaseParallel(db, file.path, file.key, { ...options, ...(workers ? { workers } : {}) }),
    close: async () => {},
  };
}
