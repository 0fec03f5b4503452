// The encrypted side table (reference evidence-and-audit.md §5): AES-256-GCM, a fresh nonce per blob, the
// blob's SHA-256 as associated data so a ciphertext cannot be moved under another hash.
// Since audit migration 3 a blob is compressed with Brotli (RFC 7932, quality 1) before encryption when that makes
// it smaller: a bulk call's bodies and slices shrink ~7× (103 KB → 14 KB), and every 4 KB page audit.db writes costs
// the audit writer SQLCipher's page encryption at the commit and again at the WAL checkpoint (docs/benchmarks.md,
// session 12). On these bodies Brotli at quality 1 gave deflate level 1's size for ~30 % less CPU; zstd, a little
// smaller and cheaper, is experimental in Node 24. Nothing of the evidence depends on how a blob is stored: the
// record's SHA-256 and size, and the AAD, are of the plain bytes. The encoding is bound into the AAD, so a row's
// `encoding` cannot be changed without the key, and decompression runs only on bytes the tag authenticated.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import { importedKey } from './imported-key.ts';

/** How a blob's plain bytes were stored before encryption (audit_blob.encoding). */
export const BLOB_ENCODINGS = ['identity', 'brotli'] as const;
export type BlobEncoding = (typeof BLOB_ENCODINGS)[number];

export interface SealedBlob {
  nonce: Buffer;
  ciphertext: Buffer;
  encoding: BlobEncoding;
}

/**
 * Below one page a blob (a KCP or PayUp message, a visitor's IP) is stored as it is: its bytes share their pages
 * with the batch's other rows, so compressing it saves no page, and each call costs a compressor's set-up (the
 * KCP bench's audit writer spent ~25 µs more per verification with a 256-byte threshold).
 */
const COMPRESS_FROM_BYTES = 4_096;
const BROTLI_AAD_SUFFIX = Buffer.from('\nbrotli', 'latin1');

function associatedData(sha256: Buffer, encoding: BlobEncoding): Buffer {
  return encoding === 'identity' ? sha256 : Buffer.concat([sha256, BROTLI_AAD_SUFFIX]);
}

function compress(plain: Buffer): Buffer {
  return brotliCompressSync(plain, { params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_SIZE_HINT]: plain.length } });
}

/** `nonce`: 12 fresh random bytes (a batch draws all its nonces with one call); drawn here when omitted. */
export function sealBlob(key: Buffer, sha256: Buffer, plain: Buffer, nonce: Buffer = randomBytes(12)): SealedBlob {
  const compressed = plain.length >= COMPRESS_FROM_BYTES ? compress(plain) : null;
  const encoding: BlobEncoding = compressed !== null && compressed.length < plain.length ? 'brotli' : 'identity';
  const c = createCipheriv('aes-256-gcm', importedKey(key), nonce);
  c.setAAD(associatedData(sha256, encoding));
  const stored = encoding === 'brotli' ? compressed! : plain;
  return { nonce, ciphertext: Buffer.concat([c.update(stored), c.final(), c.getAuthTag()]), encoding };
}

export class BlobIntegrityError extends Error {
  readonly code = 'AUDIT_BLOB_DAMAGED';
}

/** The plain bytes of a stored blob; throws when the ciphertext, its hash or its encoding was changed. */
export function openBlob(key: Buffer, sha256: Buffer, blob: SealedBlob): Buffer {
  const { nonce, ciphertext, encoding } = blob;
  const d = createDecipheriv('aes-256-gcm', importedKey(key), nonce);
  d.setAAD(associatedData(sha256, encoding));
  d.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const stored = Buffer.concat([d.update(ciphertext.subarray(0, ciphertext.length - 16)), d.final()]);
  if (encoding === 'identity') return stored;
  const plain = brotliDecompressSync(stored);
  // Authenticated above; checked again so a fault in the codec can never hand out bytes other than the hashed ones.
  if (!createHash('sha256').update(plain).digest().equals(sha256)) {
    throw new BlobIntegrityError(`감사 로그의 암호화된 본문(sha256 ${sha256.toString('hex').slice(0, 16)}…)을 풀었더니 해시가 맞지 않습니다. 'docdesk audit verify'로 감사 로그를 점검하고 관리자에게 알리세요.`);
  }
  return plain;
}
