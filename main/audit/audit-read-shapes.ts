// What audit.db's reads take and give (main/reads/audit-reads.ts), as zod schemas: plain values and bytes, no
// database type, so a PostgreSQL implementation for a team server serves the same reads (issue 16 item 2).
import { z } from 'zod';
import { BLOB_ENCODINGS } from './blob-cipher.ts';
import { auditRecordSchema, type AuditRecord } from './event.ts';

const seqSchema = z.number().int().nonnegative();
const bytesSchema = z.instanceof(Buffer);

/** The audit screen's search (newest first). */
export const eventQuerySchema = z.object({
  /** Event type prefix, e.g. `net.` or `op.mail`. */
  ev: z.string().optional(),
  /** Subject index key(s), e.g. doc:<external id>, binder:<uuid>, phone:<hmac>. */
  subject: z.union([z.string(), z.array(z.string())]).optional(),
  /** ISO times (inclusive from, exclusive to). */
  from: z.string().optional(),
  to: z.string().optional(),
  /** Free text over the stored record (already masked). */
  text: z.string().optional(),
  offset: z.number().int().optional(),
  limit: z.number().int().optional(),
});
export type EventQuery = z.infer<typeof eventQuerySchema>;

export const eventRowSchema = z.object({
  seq: seqSchema,
  ts: z.string(),
  ev: z.string(),
  /** null when the record was purged after the retention period (its hashes remain). */
  record: auditRecordSchema.nullable(),
  leaf: z.string(),
});
export type EventRow = z.infer<typeof eventRowSchema>;

export const eventPageSchema = z.object({ total: z.number().int().nonnegative(), rows: z.array(eventRowSchema) });
export type EventPage = z.infer<typeof eventPageSchema>;

/** One encrypted body of a row as stored (AES-256-GCM over its `encoding`; blob-cipher.ts opens it with the blob key). */
export const storedBlobSchema = z.object({ sha256: bytesSchema, nonce: bytesSchema, ciphertext: bytesSchema, encoding: z.enum(BLOB_ENCODINGS) });
export type StoredBlob = z.infer<typeof storedBlobSchema>;

/** A chain row with its stored record bytes (null once purged): what a bundle discloses and proves. */
export const chainEntrySchema = z.object({ seq: seqSchema, leaf: bytesSchema, record: bytesSchema.nullable() });
export type ChainEntry = z.infer<typeof chainEntrySchema>;

/** A signing key the log has used (audit_key): its fingerprint, SPKI DER public key and when the log took it up (ms). */
export const logKeySchema = z.object({ fp: z.string(), publicDer: bytesSchema, createdAt: z.number().int() });
export type LogKey = z.infer<typeof logKeySchema>;

/** The log's settings kept in audit.db (audit_meta). */
export const auditSettingKeySchema = z.enum(['anchor_folder', 'retention_days']);
export type AuditSettingKey = z.infer<typeof auditSettingKeySchema>;

/** An inclusive range of seqs. */
export const seqRangeSchema = z.object({ lo: seqSchema, hi: seqSchema });
export type SeqRange = z.infer<typeof seqRangeSchema>;

/** A signed checkpoint as the screens and `audit checkpoints` list it. */
export const checkpointSummarySchema = z.object({
  size: z.number().int().nonnegative(),
  /** The chain head it signs, base64. */
  head: z.string(),
  keyFingerprint: z.string(),
  createdAt: z.number().int(),
  /** When it was copied to the anchor folder (ISO), or null. */
  anchoredAt: z.string().nullable(),
});
export type CheckpointSummary = z.infer<typeof checkpointSummarySchema>;

/** A chain row as stored, with its record bytes (null once purged): what the start-up check recomputes. */
export const chainLinkSchema = z.object({ seq: seqSchema, leaf: bytesSchema, chain: bytesSchema, record: bytesSchema.nullable() });
export type ChainLink = z.infer<typeof chainLinkSchema>;

/** A signed checkpoint as stored: what it signs, its signature and signer, and when it was made and anchored. */
export const storedCheckpointSchema = z.object({
  size: seqSchema,
  /** The chain value of row size − 1. */
  head: bytesSchema,
  /** The Merkle tree root it signs; null for a checkpoint signed before the tree (issue 17). */
  root: bytesSchema.nullable(),
  body: z.string(),
  sig: bytesSchema,
  keyFp: z.string(),
  createdAt: z.number().int(),
  /** When it was copied to the anchor folder (ISO), or null. */
  anchoredAt: z.string().nullable(),
});
export type StoredCheckpoint = z.infer<typeof storedCheckpointSchema>;

/** What the tree upgrade of a log from before the Merkle tree built (tree-upgrade.ts): its size, root and time taken. */
export const treeBuiltSchema = z.object({ size: seqSchema, root: z.string().regex(/^[A-Za-z0-9+/]{43}=$/), ms: z.number().nonnegative() });
export type TreeBuilt = z.infer<typeof treeBuiltSchema>;

/**
 * The storage's quick check of itself at open (SQLite: PRAGMA quick_check) — 'ok' or what it found — and which of
 * the guards that keep the log append-only (triggers refusing UPDATE and DELETE) are missing.
 */
export const quickCheckSchema = z.object({ result: z.string(), triggersMissing: z.array(z.string()) });
export type QuickCheck = z.infer<typeof quickCheckSchema>;

/** A stored record's bytes parsed for display (verification always uses the bytes themselves). */
export function parseRecord(bytes: Buffer): AuditRecord {
  return auditRecordSchema.parse(JSON.parse(bytes.toString('utf8')));
}
