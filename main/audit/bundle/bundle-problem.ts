// What a bundle verifier refuses, by code: the same codes in verify.py (printed as `FAIL <code>: …`) and in
// `docdesk audit verify-bundle` (JSON `problems[].code`), so a test can hold both to the same verdict.
export type BundleProblemCode =
  | 'BUNDLE_FORMAT'
  | 'SUMS_FORMAT'
  | 'SUMS_FILE_MISSING'
  | 'SUMS_MISMATCH'
  | 'SUMS_UNLISTED'
  | 'CHECKPOINT_FORMAT'
  | 'CHECKPOINT_OTHER_LOG'
  | 'EVENT_FORMAT'
  | 'EVENT_MISSING'
  | 'EVENT_CHANGED'
  | 'EVENT_UNPROVEN'
  | 'INCLUSION_PROOF'
  | 'CONSISTENCY_PROOF'
  | 'ANCHOR_UNREADABLE'
  | 'ANCHOR_OTHER_LOG'
  | 'ANCHOR_NOT_PROVEN'
  | 'ANCHOR_DIFFERS'
  // Only in process (Ed25519 is not in Python's standard library; VERIFY.md checks these with openssl):
  | 'SUMS_SIGNATURE'
  | 'CHECKPOINT_SIGNATURE'
  | 'KEY_UNREADABLE'
  | 'KEY_FINGERPRINT'
  // Format 1 bundles (the hash-chain segment):
  | 'CHAIN';

export interface BundleProblem {
  code: BundleProblemCode;
  message: string;
}

/** A problem that stops the checks that depend on it (an unreadable file, a checkpoint of another log). */
export class BundleRefusal extends Error {
  readonly code: BundleProblemCode;
  constructor(code: BundleProblemCode, message: string) {
    super(message);
    this.code = code;
  }
}
