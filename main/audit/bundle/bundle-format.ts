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
 * Reserved for the subject's disclosed slices of multi-document exchanges (issue 17 item 2: the request and
 * answer items of one document, with their paths to the exchange event's slice root). Not written by this
 * version; today's verifiers treat the bundle as if it were absent (it is still covered by SHA256SUMS).
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

export const checkpointFileName = (size: number): string => `checkpoint-${String(size).padStart(12, '0')}`;
