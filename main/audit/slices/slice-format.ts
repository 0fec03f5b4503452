// One document's part of a multi-document exchange (issue 17 item 2; docs/evidence-slices.md): the request item and
// the answer item that concern one external id / binder uuid, with a salt, as canonical JSON (RFC 8785, ../jcs.ts).
// The exchange event commits to every slice as a leaf of a small RFC 9162 tree; `data.slices` holds its root and size.
import { z } from 'zod';

export const SLICE_VERSION = 1;

/** The stored and disclosed form: these members, canonicalised; request/response are the gateway's items as sent and received. */
export const sliceSchema = z.strictObject({
  v: z.literal(SLICE_VERSION),
  // Unguessable per slice (like the record salt, reference evidence-and-audit.md §4): a withheld slice's leaf, which
  // a disclosed path may carry, cannot be confirmed by guessing a recipient's fields.
  salt: z.string().regex(/^[A-Za-z0-9_-]{22}$/),
  external_document_uuid: z.string().min(1).optional(),
  document_binder_uuid: z.string().min(1).optional(),
  // Present even when empty (null): a slice names both sides of the exchange.
  request: z.json(),
  response: z.json(),
});
export type Slice = z.infer<typeof sliceSchema>;

const hex32 = z.string().regex(/^[0-9a-f]{64}$/);

/** What an exchange event's `data.slices` commits to: the slice tree's root (hex) and leaf count. */
export const sliceCommitmentSchema = z.strictObject({ root: hex32, count: z.number().int().positive() });
export type SliceCommitment = z.infer<typeof sliceCommitmentSchema>;

/** The documents a disclosure is about (an evidence bundle's subject). */
export interface SliceSubject {
  externalIds: readonly string[];
  binderUuids: readonly string[];
}

/** One disclosed slice: `slice` is its exact canonical JSON text, `path` its RFC 9162 inclusion proof (hex, leaf upwards). */
export const sliceDisclosureSchema = z.strictObject({
  seq: z.number().int().nonnegative(),
  index: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  slice: z.string(),
  path: z.array(z.string()),
});
export type SliceDisclosure = z.infer<typeof sliceDisclosureSchema>;

export function sliceConcerns(slice: Pick<Slice, 'external_document_uuid' | 'document_binder_uuid'>, subject: SliceSubject): boolean {
  return (
    (slice.external_document_uuid !== undefined && subject.externalIds.includes(slice.external_document_uuid)) ||
    (slice.document_binder_uuid !== undefined && subject.binderUuids.includes(slice.document_binder_uuid))
  );
}

/** The members of an exchange record that commit to its slices: `data.slices` and the blob reference `data.blobs.slices`. */
export const eventSlicesSchema = z.looseObject({
  seq: z.number().int().nonnegative(),
  data: z.looseObject({
    slices: sliceCommitmentSchema.optional(),
    blobs: z.looseObject({ slices: z.looseObject({ sha256: hex32, size: z.number().int().nonnegative() }).optional() }).optional(),
  }),
});
