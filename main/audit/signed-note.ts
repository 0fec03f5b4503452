// C2SP signed-note (https://c2sp.org/signed-note), the envelope of a checkpoint file: the note text (ending in a
// newline), a blank line, then signature lines `— <key name> <base64(key ID ‖ signature)>` with U+2014 and a
// space. The Ed25519 key ID is the first 4 bytes of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ 32-byte public key).
import { createHash } from 'node:crypto';

const ED25519_TYPE = 0x01;
export const SIGNATURE_LINE_PREFIX = '\u2014 ';
/** A key name is non-empty and holds neither Unicode spaces nor '+'. */
const KEY_NAME = /^[^\s+]+$/u;

export class SignedNoteFormatError extends Error {
  readonly code = 'SIGNED_NOTE_FORMAT';
}

export function noteKeyId(keyName: string, ed25519PublicKey: Uint8Array): Buffer {
  if (!KEY_NAME.test(keyName) || ed25519PublicKey.length !== 32) throw new SignedNoteFormatError('서명 키 이름이나 공개 키가 올바르지 않습니다.');
  return createHash('sha256').update(`${keyName}\n`, 'utf8').update(Uint8Array.of(ED25519_TYPE)).update(ed25519PublicKey).digest().subarray(0, 4);
}

export function signatureLine(keyName: string, keyId: Uint8Array, signature: Uint8Array): string {
  return `${SIGNATURE_LINE_PREFIX}${keyName} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}

export interface NoteSignature {
  keyName: string;
  /** The signature line's bytes after base64: key ID ‖ signature for C2SP lines. */
  blob: Buffer;
}

/** Splits a signed note at its last blank line into the text (with its final newline) and its signature lines. */
export function splitSignedNote(note: string): { text: string; signatures: NoteSignature[] } {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new SignedNoteFormatError('서명 줄이 없습니다.');
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2).split('\n');
  if (lines.pop() !== '') throw new SignedNoteFormatError('서명 줄이 줄바꿈으로 끝나지 않습니다.');
  if (lines.length === 0 || lines.length > 100) throw new SignedNoteFormatError('서명 줄의 수가 올바르지 않습니다.');
  const signatures = lines.map((line) => {
    const m = /^\u2014 ([^\s+]+) ([A-Za-z0-9+/]+={0,2})$/u.exec(line);
    if (!m) throw new SignedNoteFormatError('서명 줄 형식이 올바르지 않습니다.');
    return { keyName: m[1]!, blob: Buffer.from(m[2]!, 'base64') };
  });
  return { text, signatures };
}
