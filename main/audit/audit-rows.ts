// Row shapes of audit.db (audit-db.ts migrations), parsed where they leave SQL (issue 16): a damaged or foreign
// file is refused naming the table and column instead of reaching the chain or a report as a wrong value.
// The chain's own hot paths (reads/sqlite-audit-verify-range.ts, commit-batch.ts) parse once per statement, never per byte.
import { z } from 'zod';
import { BLOB_ENCODINGS } from './blob-cipher.ts';
import { blobSchema, countRowSchema, integerSchema, integrityRowsSchema, maxIntegerSchema, optionalTextSchema, quickCheckRowsSchema, rowParser } from '../store/row-shapes.ts';

/** The newest chain row: where the next batch continues (`SELECT seq, chain … ORDER BY seq DESC LIMIT 1`). */
export const parseChainTail = rowParser('audit_chain', z.object({ seq: integerSchema, chain: blobSchema }).optional());
/** `SELECT seq … ORDER BY seq DESC LIMIT 1`. */
export const parseLastSeq = rowParser('audit_chain', z.object({ seq: integerSchema }).optional());
/** A plucked chain value of one row (undefined: no such row). */
export const parseChainValue = rowParser('audit_chain.chain', blobSchema.optional());
/** The chain value of a row that must exist (the head a checkpoint signs). */
export const parseExistingChainValue = rowParser('audit_chain.chain', blobSchema);
/** `SELECT max(seq)` / `min(seq)` of audit_chain or audit_record (null: empty). */
export const parseChainMaxSeq = rowParser('audit_chain.seq', maxIntegerSchema);
export const parseRecordSeqBound = rowParser('audit_record.seq', maxIntegerSchema);
/** Plucked seqs. */
export const parseChainSeq = rowParser('audit_chain.seq', integerSchema);
export const parseRecordSeqs = rowParser('audit_record.seq', z.array(integerSchema));
export const parseSubjectSeqs = rowParser('audit_subject.seq', z.array(integerSchema));
export const parseSubjectKeys = rowParser('audit_subject.key', z.array(z.string()));

/** A plucked `audit_meta.value` (log id, settings). */
export const parseMetaValue = rowParser('audit_meta.value', optionalTextSchema);

/** A plucked `audit_key.fp`. */
export const parseKeyFingerprint = rowParser('audit_key.fp', optionalTextSchema);
export const parseKeyRows = rowParser('audit_key', z.array(z.object({ fp: z.string(), public_der: blobSchema, created_at: integerSchema })));

const checkpointRowSchema = z.object({
  size: integerSchema,
  head: blobSchema,
  /** The Merkle tree root the checkpoint signs (issue 17); NULL for a checkpoint from before the tree. */
  root: blobSchema.nullable(),
  body: z.string(),
  sig: blobSchema,
  key_fp: z.string(),
  created_at: integerSchema,
  anchored_at: z.string().nullable(),
});
export type CheckpointDbRow = z.infer<typeof checkpointRowSchema>;
/** `SELECT size, head, root, body, sig, key_fp, created_at, anchored_at FROM audit_checkpoint …` */
export const parseCheckpointRow = rowParser('audit_checkpoint', checkpointRowSchema.optional());
export const parseCheckpointRows = rowParser('audit_checkpoint', z.array(checkpointRowSchema));
/** What verify checks of each checkpoint. */
export const parseSignedCheckpointRows = rowParser('audit_checkpoint', z.array(checkpointRowSchema.pick({ size: true, head: true, root: true, body: true, sig: true, key_fp: true })));
/** Checkpoints still to copy to the anchor folder. */
export const parsePendingAnchorRows = rowParser('audit_checkpoint', z.array(checkpointRowSchema.pick({ size: true, body: true, sig: true, key_fp: true })));

/** Names from `sqlite_schema` (the triggers that must exist). */
export const parseSchemaNames = rowParser('sqlite_schema.name', z.array(z.string()));

/** The purged ranges (retention purge grants), in order. */
export const parsePurgeGrants = rowParser('purge_grant', z.array(z.object({ lo: integerSchema, hi: integerSchema })));

/** `PRAGMA integrity_check` / `quick_check`. */
export const parseIntegrityCheck = rowParser('PRAGMA integrity_check', integrityRowsSchema);
export const parseQuickCheck = rowParser('PRAGMA quick_check', quickCheckRowsSchema);

/** The audit screen's page of rows (chain LEFT JOIN record: a purged row has no record). */
export const parseAuditListRows = rowParser(
  'audit_chain/audit_record',
  z.array(z.object({ seq: integerSchema, ts: z.string().nullable(), ev: z.string().nullable(), record: blobSchema.nullable(), leaf: blobSchema })),
);
export const parseAuditCount = rowParser('audit_chain', countRowSchema);
/** The encrypted bodies of one row. */
export const parseBlobRows = rowParser('audit_blob', z.array(z.object({ sha256: blobSchema, nonce: blobSchema, ciphertext: blobSchema, encoding: z.enum(BLOB_ENCODINGS) })));

/** seq, leaf, chain, record (null once purged): a bundle's disclosed rows, one row at a time, and the start-up check's walk, a page at a time. */
const chainWithRecordSchema = z.tuple([integerSchema, blobSchema, blobSchema, blobSchema.nullable()]);
export const parseChainWalkRow = rowParser('audit_chain/audit_record', chainWithRecordSchema);
export const parseChainWalkPage = rowParser('audit_chain/audit_record', z.array(chainWithRecordSchema));
/** The highest number indexed under a subject-key prefix (`xlog:<seq>`, `oplog:<id>`); null: none. */
export const parseMaxIndexed = rowParser('audit_subject.key', maxIntegerSchema);

// reads/sqlite-audit-verify-range.ts: one parse per statement of a chunk (4,096 rows), never per byte.
/** `count(*)` and every row's leaf ‖ chain as one blob (NULL for an empty range). */
export const parseChunkHashes = rowParser('audit_chain', z.tuple([integerSchema, blobSchema.nullable()]));
/** Each record behind its leaf prefix, in seq order (NULL: purged). */
export const parseChunkRecords = rowParser('audit_record.record', z.array(blobSchema.nullable()));
/** The records with their seqs, when some are missing. */
export const parseChunkRecordsWithSeq = rowParser('audit_record', z.array(z.tuple([integerSchema, blobSchema])));

// The Merkle tree's stored hashes (issue 17, audit-db.ts migration 2).
/** `audit_chain.leaf` of one seq (a tree leaf); undefined when the row is missing. */
export const parseLeafValue = rowParser('audit_chain.leaf', blobSchema.optional());
/** `audit_tree.hashes` of one seq; undefined when the row is missing. */
export const parseTreeHashes = rowParser('audit_tree.hashes', blobSchema.optional());
/** `SELECT count(*) FROM audit_tree`. */
export const parseTreeRowCount = rowParser('audit_tree', integerSchema);
/** A page of (seq, leaf) read raw for the tree upgrade. */
export const parseLeafPage = rowParser('audit_chain', z.array(z.tuple([integerSchema, blobSchema])));
/** A page of (seq, hashes) read raw for verify's slow path. */
export const parseTreeRowPage = rowParser('audit_tree', z.array(z.tuple([integerSchema, blobSchema])));
/** verify's one-row summary of a chunk's tree rows: count, rows at tile ends (seq % 16 = 15), rows of the right length, their hashes joined. */
export const parseTreeChunkSummary = rowParser('audit_tree', z.tuple([integerSchema, integerSchema, integerSchema, blobSchema.nullable()]));

// Evidence slices (issue 17 item 2, slices/).
/** `audit_record.record` of one seq; undefined when the row is missing or purged. */
export const parseRecordBytes = rowParser('audit_record.record', blobSchema.optional());
