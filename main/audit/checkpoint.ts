// Checkpoint text (reference evidence-and-audit.md §6, the shape of C2SP tlog-checkpoint):
//   docdesk-audit/<log-id>\n<size>\n<base64 head>\ntime <RFC 3339 UTC>\nkey <fingerprint>\n
// signed with Ed25519 over exactly these bytes (crypto.sign(null, …): the algorithm must be null for Ed25519).
// A checkpoint FILE (`docdesk audit checkpoint --out`, the anchor folder) is the body, a blank line and one
// signature line `— docdesk-audit <base64 signature>` (the C2SP signed-note layout).
import { sign, verify, type KeyObject } from 'node:crypto';

export const CHECKPOINT_ORIGIN = 'docdesk-audit';

export interface CheckpointBody {
  logId: string;
  size: number;
  head: Buffer;
  time: string;
  keyFp: string;
}

export class CheckpointFormatError extends Error {
  readonly code = 'AUDIT_CHECKPOINT_FORMAT';
}

export function formatCheckpointBody(c: CheckpointBody): string {
  return `${CHECKPOINT_ORIGIN}/${c.logId}\n${c.size}\n${c.head.toString('base64')}\ntime ${c.time}\nkey ${c.keyFp}\n`;
}

export function parseCheckpointBody(text: string): CheckpointBody {
  const m = /^docdesk-audit\/([0-9a-f-]{36})\n(0|[1-9]\d*)\n([A-Za-z0-9+/]{43}=)\ntime (\S+)\nkey ([0-9a-f]{64})\n$/.exec(text);
  if (!m) throw new CheckpointFormatError('체크포인트 형식이 올바르지 않습니다.');
  const size = Number(m[2]);
  if (!Number.isSafeInteger(size)) throw new CheckpointFormatError('체크포인트 크기가 올바르지 않습니다.');
  return { logId: m[1]!, size, head: Buffer.from(m[3]!, 'base64'), time: m[4]!, keyFp: m[5]! };
}

export function signCheckpoint(body: string, privateKey: KeyObject): Buffer {
  return sign(null, Buffer.from(body, 'utf8'), privateKey);
}

export function verifyCheckpointSignature(body: string, signature: Buffer, publicKey: KeyObject): boolean {
  try {
    return verify(null, Buffer.from(body, 'utf8'), publicKey, signature);
  } catch {
    return false;
  }
}

const SIG_PREFIX = `— ${CHECKPOINT_ORIGIN} `;

export function formatCheckpointFile(body: string, signature: Buffer): string {
  return `${body}\n${SIG_PREFIX}${signature.toString('base64')}\n`;
}

export function parseCheckpointFile(text: string): { body: string; signature: Buffer; parsed: CheckpointBody } {
  const normalized = text.replace(/\r\n/g, '\n');
  const split = normalized.lastIndexOf(`\n\n${SIG_PREFIX}`);
  if (split < 0) throw new CheckpointFormatError('체크포인트 파일에 서명 줄이 없습니다.');
  const body = normalized.slice(0, split + 1);
  const sigLine = normalized.slice(split + 2).trim();
  const signature = Buffer.from(sigLine.slice(SIG_PREFIX.length), 'base64');
  if (signature.length !== 64) throw new CheckpointFormatError('체크포인트 서명 길이가 올바르지 않습니다.');
  return { body, signature, parsed: parseCheckpointBody(body) };
}
