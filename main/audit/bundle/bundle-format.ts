// Evidence bundle format 2 (issue 17 item 3): the subject's events only, each proven into ONE signed checkpoint by
// an RFC 9162 inclusion proof, and consistency proofs from older checkpoints (the newest one anchored off the PC) to
// that checkpoint — so a bundle's size depends on the log's size only through the proofs' O(log n) hashes.
// The files and their schemas; export-bundle.ts writes them, verify-bundle-v2.ts and verify.py read them.
// Hashes in proofs.json are lowercase hex (as sha256sum prints them); checkpoint roots stay base64 (C2SP).
import { z } from 'zod';

export const BUNDLE_FORMAT_V1 = 'docdesk-evidence/1';
export const BUNDLE_FORMAT_V2 = 'docdesk-evidence/2';
export const PROOFS_FORMAT = 'docdesk-proofs/1';

export const EVENTS_FILE = 'events.jsonl';
export const PROOFS_FILE = 'proofs.json';
export const INFO_FILE = 'bundle-info.json';
export const CHECKPOINT_DIR = 'checkpoints';
/**
 * The subject's disclosed slices of multi-document exchanges (issue 17 item 2, docs/evidence-slices.md): one JSON
 * line per slice, `sliceLineSchema`, each proven into the `data.slices.root` of the events.jsonl line of its seq.
 * Bundles exported before it was written have none; the verifiers then have nothing to check.
 */
export const SLICES_FILE = 'slices.jsonl';

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, '32바이트 16진수 해시가 아닙니다');
const checkpointName = z.string().regex(/^checkpoint-\d{12}$/, '체크포인트 파일 이름이 아닙니다');

export const bundleInfoV2Schema = z.object({
  format: z.literal(BUNDLE_FORMAT_V2),
  log_id: z.string().regex(/^[0-9a-f-]{36}$/),
  subject: z.string(),
  reason: z.string(),
  created_at: z.string(),
  /** The checkpoint every event is proven into (signed at export). */
  checkpoint: checkpointName,
  /** The newest checkpoint found in the anchor folder before the export, when there was one. */
  anchored_checkpoint: checkpointName.nullable(),
  events: z.number().int().nonnegative(),
  key_fingerprint: hex32,
  /** The documents the disclosed slices must be about (absent in bundles exported before slices.jsonl). */
  slice_subject: z
    .strictObject({ external_document_uuids: z.array(z.string().min(1)), document_binder_uuids: z.array(z.string().min(1)) })
    .optional(),
});
export type BundleInfoV2 = z.infer<typeof bundleInfoV2Schema>;

/** What a bundle's bundle-info.json says about its format (v1 bundles have no proofs.json). */
export const bundleFormatSchema = z.object({ format: z.enum([BUNDLE_FORMAT_V1, BUNDLE_FORMAT_V2]) });

export const inclusionEntrySchema = z.strictObject({
  /** Leaf index = the event's seq. */
  seq: z.number().int().nonnegative(),
  /** SHA-256(0x00 ‖ the event line's bytes). */
  leaf: hex32,
  /** PATH(seq, D[size]) of RFC 9162 §2.1.3, from the leaf up. */
  path: z.array(hex32).max(64),
});

export const consistencyEntrySchema = z.strictObject({
  /** The older checkpoint (a name in checkpoints/). */
  from: checkpointName,
  /** Whether it was read from the anchor folder (kept off the PC). */
  anchored: z.boolean(),
  /** PROOF(from size, D[checkpoint size]) of RFC 9162 §2.1.4. */
  path: z.array(hex32).max(128),
});

export const proofsSchema = z.strictObject({
  format: z.literal(PROOFS_FORMAT),
  checkpoint: checkpointName,
  /** One entry per line of events.jsonl, in the same order. */
  inclusion: z.array(inclusionEntrySchema),
  consistency: z.array(consistencyEntrySchema),
});
export type BundleProofs = z.infer<typeof proofsSchema>;

/**
 * One line of slices.jsonl: a disclosure of ../slices (seq, index, count, the slice's exact canonical text, its path)
 * plus its leaf, SHA-256(0x00 ‖ slice bytes), so a changed slice is told apart from a changed path node, as the
 * inclusion entries do for event lines.
 */
export const sliceLineSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  leaf: hex32,
  slice: z.string(),
  path: z.array(hex32).max(64),
});
export type SliceLine = z.infer<typeof sliceLineSchema>;

export const checkpointFileName = (size: number): string => `checkpoint-${String(size).padStart(12, '0')}`;
