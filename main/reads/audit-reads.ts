// Every read of audit.db that the audit services need, named (issue 16 item 2), as DocdeskReads is for docdesk.db
// (docdesk-reads.ts). Arguments and results are the zod-schema types of audit/audit-read-shapes.ts and
// audit/verify-report.ts; no database type appears here, so a PostgreSQL implementation for a team server can
// serve the same reads. Today's implementation is sqlite-audit-reads.ts, over a read-only connection.
//
// Every method answers later (a Promise; long scans as an AsyncIterable read in bounded batches): a server
// database answers over a socket, and the services await each read. A caller must not assume that nothing was
// appended between two reads: the log only grows, and what a read is bounded by (a checkpoint's size) is passed in.
import type { AuditSettingKey, ChainEntry, ChainLink, CheckpointSummary, EventPage, EventQuery, LogKey, QuickCheck, SeqRange, StoredBlob, StoredCheckpoint, TreeBuilt } from '../audit/audit-read-shapes.ts';
import type { VerifyOptions, VerifyReport } from '../audit/verify-report.ts';

export interface AuditReads {
  /** The log's id (audit_meta `log_id`; undefined: no log in this store). */
  logId(): Promise<string | undefined>;
  /** Rows in the chain (its highest seq + 1). */
  size(): Promise<number>;
  /** The chain value of row `seq` (undefined: no such row). */
  chainAt(seq: number): Promise<Buffer | undefined>;
  /** A setting of the log as stored (undefined: never set). */
  setting(key: AuditSettingKey): Promise<string | undefined>;
  /** The audit screen's page of events, newest first, with the total the query matches (limit 1–1000, default 100). */
  events(q: EventQuery): Promise<EventPage>;
  /** A row's encrypted bodies as stored (the caller decrypts with the blob key: the store never holds it). */
  blobs(seq: number): Promise<StoredBlob[]>;
  /** A row's stored record bytes (undefined: no such row, or purged). */
  record(seq: number): Promise<Buffer | undefined>;
  /** The highest number indexed under a subject-key prefix (`xlog:<seq>`, `oplog:<id>`: start-up recovery); 0: none. */
  maxIndexed(prefix: string): Promise<number>;
  /** Which of `keys` the search index holds (a landing line's `landing:<sha256>`: imported once). */
  indexedKeys(keys: readonly string[]): Promise<string[]>;
  /** Seqs below `below` indexed under any of `keys` (doc:…, binder:…, phone:<hmac>), ascending, each once. */
  subjectSeqs(keys: readonly string[], below: number): Promise<number[]>;
  /** Seqs below `below` of the records stamped in [from, to) (ISO times), ascending. */
  recordSeqsBetween(from: string, to: string, below: number): Promise<number[]>;
  /** The chain rows at `seqs` with their records, in that order, in bounded batches (a bundle's disclosed rows). */
  chainEntries(seqs: readonly number[]): AsyncIterable<ChainEntry[]>;
  /**
   * The chain rows from seq `from` to the end, ascending, with their records, in bounded batches (the start-up
   * check's walk from the newest checkpoint). A missing row shows as a jump in seq; rows appended meanwhile may follow.
   */
  chainFrom(from: number): AsyncIterable<ChainLink[]>;
  /**
   * The Merkle tree's hashes at stored indexes (merkle/stored-hash-index.ts), in that order: the read step of the
   * tree code's plan → read → compute (merkle/hash-reader.ts). A missing one rejects with MissingHashError.
   */
  treeHashes(indexes: readonly number[]): Promise<Buffer[]>;
  /**
   * The records still held and stamped before `cutoff` (ISO), the genesis (seq 0) excepted, as the range from the
   * lowest record held to the highest of them (what the retention purge deletes); null: none.
   */
  recordsBefore(cutoff: string): Promise<SeqRange | null>;
  /** Every signed checkpoint, oldest first. */
  checkpoints(): Promise<CheckpointSummary[]>;
  /** The newest signed checkpoint as stored (null: none yet). */
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  /** The checkpoints not yet copied to the anchor folder, oldest first. */
  unanchoredCheckpoints(): Promise<StoredCheckpoint[]>;
  /** Every signing key the log has used, in the order it took them up. */
  keys(): Promise<LogKey[]>;
  /**
   * The Merkle tree upgrade of a log from before the tree (audit/tree-upgrade.ts): null when none is due, 'pending'
   * before the writer built the tree, else what it built — the `audit.tree_built` event still due.
   */
  treeUpgrade(): Promise<TreeBuilt | 'pending' | null>;
  /** The start-up self-check of the storage: its quick integrity check and the append-only guards present. */
  quickCheck(): Promise<QuickCheck>;
  /**
   * `docdesk audit verify`'s check of the stored log: the storage's integrity, its guards, the whole chain and tree
   * recomputed from the stored bytes, every checkpoint (stored and `options.external`). `workers`: 1 on the calling
   * thread; more (or undefined: the implementation chooses) in parallel where the implementation can.
   */
  verify(options: VerifyOptions & { workers?: number }): Promise<VerifyReport>;
  /** Stops what the implementation runs beside its connection; the connection's owner closes it. */
  close(): Promise<void>;
}
