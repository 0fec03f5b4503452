// What `docdesk audit verify` reports (reference evidence-and-audit.md §5 "Self-checks", §6) and what it is given:
// plain values, so the reads interface (main/reads/audit-reads.ts) names no database type. The SQLite
// implementation recomputes the chain in main/reads/sqlite-audit-verify.ts (with its worker pool).
import type { KeyObject } from 'node:crypto';
import type { ExtensionProblemCode } from './checkpoint-consistency.ts';
import type { ContinuityProblemCode } from './log-continuity.ts';

export type VerifyProblemCode =
  | 'INTEGRITY_CHECK'
  | 'TRIGGER_MISSING'
  | 'SEQ_GAP'
  | 'RECORD_MISSING'
  | 'LEAF_MISMATCH'
  | 'CHAIN_MISMATCH'
  | 'CHECKPOINT_SIGNATURE'
  | 'CHECKPOINT_HEAD'
  | 'CHECKPOINT_BEYOND_LOG'
  | 'CHECKPOINT_FORMAT'
  | 'CHECKPOINT_UNKNOWN_KEY'
  | 'CHECKPOINT_ROOT'
  | 'TREE_HASH_MISMATCH'
  | 'TREE_HASH_MISSING'
  | ExtensionProblemCode
  | ContinuityProblemCode;

export interface VerifyProblem {
  code: VerifyProblemCode;
  /** The first sequence number affected, when one applies. */
  seq: number | null;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  firstBadSeq: number | null;
  integrity: string;
  triggersMissing: string[];
  checkpointsChecked: number;
  externalCheckpointsChecked: number;
  problems: VerifyProblem[];
}

export interface ExternalCheckpoint {
  source: string;
  body: string;
  signature: Buffer;
  /** The key ID of a C2SP signature line (checkpoint files with a tree root). */
  keyId?: Buffer | null;
}

export interface VerifyOptions {
  publicKeys: Map<string, KeyObject>;
  logId: string | undefined;
  external?: ExternalCheckpoint[];
  onProgress?: (done: number) => void;
  /** Rows per chunk of the chain pass (tests use tiny chunks to cross chunk boundaries). */
  chunkRows?: number;
  /** How long the storage's own integrity check took (ms): the benchmark reports the chain part without it. */
  onIntegrityChecked?: (ms: number) => void;
}
