// Checkpoint text (reference evidence-and-audit.md §6; C2SP tlog-checkpoint). Since issue 17 the third line is the
// RFC 9162 tree root and the chain head an extension line, so a checkpoint is a tlog checkpoint any CT-style
// verifier reads, and every fact an older verifier checked is still there:
//   docdesk-audit/<log-id>\n<size>\n<base64 tree root>\nchain <base64 head>\ntime <RFC 3339 UTC>\nkey <fingerprint>\n
// Checkpoints signed before the tree stay as they were, and verify as they did:
//   docdesk-audit/<log-id>\n<size>\n<base64 head>\ntime <RFC 3339 UTC>\nkey <fingerprint>\n
// Signed with Ed25519 over exactly these bytes (crypto.sign(null, …): the algorithm must be null for Ed25519).
// A checkpoint FILE (`docdesk audit checkpoint --out`, the anchor folder) is a C2SP signed note: the body, a blank
// line and `— docdesk-audit/<log-id> <base64(key ID ‖ signature)>` (signed-note.ts); files of old checkpoints
// keep their old line `— docdesk-audit <base64 signature>`.
import { sign, verify, type KeyObject } from 'node:crypto';
import { noteKeyId, signatureLine, SignedNoteFormatError, splitSignedNote } from './signed-note.ts';
import { rawPublicKey } from './signing-key.ts';

export const CHECKPOINT_ORIGIN = 'docdesk-audit';

export interface CheckpointBody {
  logId: string;
  size: number;
  /** The chain head: chain value of row size − 1. */
  head: Buffer;
  /** The Merkle tree root of the first `size` leaves; null in checkpoints signed before the tree. */
  root?: Buffer | null;
  time: string;
  keyFp: string;
}

export class CheckpointFormatError extends Error {
  readonly code = 'AUDIT_CHECKPOINT_FORMAT';
}

/** The origin line (and C2SP key name) of a log's checkpoints. */
export const checkpointOrigin = (logId: string): string => `${CHECKPOINT_ORIGIN}/${logId}`;

export function formatCheckpointBody(c: CheckpointBody): string {
  const tail = `time ${c.time}\nkey ${c.keyFp}\n`;
  if (c.root) return `${checkpointOrigin(c.logId)}\n${c.size}\n${c.root.toString('base64')}\nchain ${c.head.toString('base64')}\n${tail}`;
  return `${checkpointOrigin(c.logId)}\n${c.size}\n${c.head.toString('base64')}\n${tail}`;
}

const B64 = '[A-Za-z0-9+/]{43}=';
const BODY = new RegExp(`^docdesk-audit\\/([0-9a-f-]{36})\\n(0|[1-9]\\d*)\\n(${B64})\\n(?:chain (${B64})\\n)?time (\\S+)\\nkey ([0-9a-f]{64})\\n$`);

export function parseCheckpointBody(text: string): Required<CheckpointBody> {
  const m = BODY.exec(text);
  if (!m) throw new CheckpointFormatError('체크포인트 형식이 올바르지 않습니다.');
  const size = Number(m[2]);
  if (!Number.isSafeInteger(size)) throw new CheckpointFormatError('체크포인트 크기가 올바르지 않습니다.');
  const third = Buffer.from(m[3]!, 'base64');
  // With a `chain` line the third line is the tree root; without, it is the chain head (before issue 17).
  const withRoot = m[4] !== undefined;
  return { logId: m[1]!, size, head: withRoot ? Buffer.from(m[4]!, 'base64') : third, root: withRoot ? third : null, time: m[5]!, keyFp: m[6]! };
}

export function signCheckpoint(body: string, privateKey: KeyObject): Buffer {
  return sign(null, Buffer.from(body, 'utf8'), privateKey);
}

/**
 * Whether `signature` over `body` verifies with `publicKey` — and, for a signature read from a C2SP signature line,
 * whether its key ID is that key's under the body's origin (another log's or another key's line is refused).
 */
export function verifyCheckpointSignature(body: string, signature: Buffer, publicKey: KeyObject, keyId?: Buffer | null): boolean {
  try {
    if (keyId) {
      const origin = body.slice(0, body.indexOf('\n'));
      if (!noteKeyId(origin, rawPublicKey(publicKey)).equals(keyId)) return false;
    }
    return verify(null, Buffer.from(body, 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

const OLD_KEY_NAME = CHECKPOINT_ORIGIN;

/** The checkpoint file: a C2SP signed note for checkpoints with a tree root, the old single line otherwise. */
export function formatCheckpointFile(body: string, signature: Buffer, publicKey: KeyObject): string {
  const parsed = parseCheckpointBody(body);
  if (!parsed.root) return `${body}\n\u2014 ${OLD_KEY_NAME} ${signature.toString('base64')}\n`;
  const origin = checkpointOrigin(parsed.logId);
  return `${body}\n${signatureLine(origin, noteKeyId(origin, rawPublicKey(publicKey)), signature)}`;
}

/** Reads a checkpoint file: the body, the 64-byte signature and, from a C2SP line, its key ID. */
export function parseCheckpointFile(text: string): { body: string; signature: Buffer; keyId: Buffer | null; parsed: Required<CheckpointBody> } {
  let note;
  try {
    note = splitSignedNote(text.replace(/\r\n/g, '\n').replace(/\s*$/, '\n'));
  } catch (err) {
    throw new CheckpointFormatError(err instanceof SignedNoteFormatError ? `체크포인트 파일: ${err.message}` : '체크포인트 파일에 서명 줄이 없습니다.');
  }
  const parsed = parseCheckpointBody(note.text);
  const origin = checkpointOrigin(parsed.logId);
  const own = parsed.root ? note.signatures.find((s) => s.keyName === origin) : note.signatures.find((s) => s.keyName === OLD_KEY_NAME);
  if (!own) throw new CheckpointFormatError(`체크포인트 파일에 이 로그(${origin})의 서명 줄이 없습니다.`);
  const keyId = parsed.root ? own.blob.subarray(0, 4) : null;
  const signature = parsed.root ? own.blob.subarray(4) : own.blob;
  if (signature.length !== 64) throw new CheckpointFormatError('체크포인트 서명 길이가 올바르지 않습니다.');
  return { body: note.text, signature, keyId, parsed };
}
