// How the tree functions get stored hashes: by stored index (stored-hash-index.ts), many at once. Every
// computation is split into plan (which indexes), read, and compute, so a synchronous store (SQLite) and an
// asynchronous one (a later PostgreSQL store: plan, await its read, compute) serve the same pure code.

/** The hashes at `indexes`, in that order (32 bytes each). A store that lacks one throws. */
export type HashReader = (indexes: readonly number[]) => Uint8Array[];

export class MissingHashError extends Error {
  readonly code = 'MERKLE_HASH_MISSING';
}
