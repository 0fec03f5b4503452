// Checkpoint files are C2SP signed notes (issue 17 item 1): the signature line layout and key ID checked against
// the published example of Go's golang.org/x/mod/sumdb/note (note_test.go, TestSign / TestOpen: the key
// "PeterNeumann", its key ID c74f20a3 and the exact signed bytes), then the checkpoint text with the tree root.
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatCheckpointBody, formatCheckpointFile, parseCheckpointBody, parseCheckpointFile, signCheckpoint, verifyCheckpointSignature } from '../../main/audit/checkpoint.ts';
import { noteKeyId, signatureLine, splitSignedNote } from '../../main/audit/signed-note.ts';
import { keyFingerprint } from '../../main/audit/signing-key.ts';

// From golang.org/x/mod/sumdb/note/note_test.go: skey "PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖ seed)>",
// vkey "PeterNeumann+c74f20a3+<base64(0x01 ‖ public key)>".
const SKEY_B64 = 'AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const VKEY_B64 = 'ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const SIGNED = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

describe('C2SP signed-note (Go sumdb/note published example)', () => {
  const seed = Buffer.from(SKEY_B64, 'base64').subarray(1);
  const pub = Buffer.from(VKEY_B64, 'base64').subarray(1);
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, pub]), format: 'der', type: 'spki' });

  it('key ID, signature line and the whole signed note are byte for byte the published ones', () => {
    expect(noteKeyId('PeterNeumann', pub).toString('hex')).toBe('c74f20a3');
    const sig = signCheckpoint(TEXT, privateKey);
    expect(`${TEXT}\n${signatureLine('PeterNeumann', noteKeyId('PeterNeumann', pub), sig)}`).toBe(SIGNED);
  });

  it('the published note splits into its text and one signature that verifies', () => {
    const note = splitSignedNote(SIGNED);
    expect(note.text).toBe(TEXT);
    expect(note.signatures).toHaveLength(1);
    const { keyName, blob } = note.signatures[0]!;
    expect(keyName).toBe('PeterNeumann');
    expect(blob.subarray(0, 4).toString('hex')).toBe('c74f20a3');
    expect(verifyCheckpointSignature(TEXT, blob.subarray(4), publicKey)).toBe(true);
    // Malformed notes (the cases of TestOpen): no blank line, no final newline, a bad name.
    expect(() => splitSignedNote(TEXT)).toThrow();
    expect(() => splitSignedNote(SIGNED.slice(0, -1))).toThrow();
    expect(() => splitSignedNote(`${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`)).toThrow();
  });
});

describe('checkpoint text with the tree root', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const logId = randomUUID();
  const head = Buffer.alloc(32, 7);
  const root = Buffer.alloc(32, 9);
  const body = formatCheckpointBody({ logId, size: 1234, head, root, time: '2026-12-04T00:00:00.000Z', keyFp: keyFingerprint(publicKey) });

  it('is a tlog checkpoint: origin, size, base64 root, then the chain head and our lines as extension lines', () => {
    expect(body).toBe(`docdesk-audit/${logId}\n1234\n${root.toString('base64')}\nchain ${head.toString('base64')}\ntime 2026-12-04T00:00:00.000Z\nkey ${keyFingerprint(publicKey)}\n`);
    expect(parseCheckpointBody(body)).toMatchObject({ logId, size: 1234, head, root });
    // A checkpoint signed before the tree keeps its reading: the third line is the head, no root.
    const old = formatCheckpointBody({ logId, size: 10, head, time: '2026-01-01T00:00:00.000Z', keyFp: keyFingerprint(publicKey) });
    expect(old).toBe(`docdesk-audit/${logId}\n10\n${head.toString('base64')}\ntime 2026-01-01T00:00:00.000Z\nkey ${keyFingerprint(publicKey)}\n`);
    expect(parseCheckpointBody(old)).toMatchObject({ size: 10, head, root: null });
  });

  it('its file is a signed note whose key name is the origin; a line of another log or key is refused', () => {
    const sig = signCheckpoint(body, privateKey);
    const file = formatCheckpointFile(body, sig, publicKey);
    const origin = `docdesk-audit/${logId}`;
    expect(file.startsWith(`${body}\n— ${origin} `)).toBe(true);
    const read = parseCheckpointFile(file);
    expect(read.body).toBe(body);
    expect(read.signature.equals(sig)).toBe(true);
    expect(verifyCheckpointSignature(read.body, read.signature, publicKey, read.keyId)).toBe(true);
    // The same signature under another log's name is not this checkpoint's signature line.
    expect(() => parseCheckpointFile(file.replace(`— ${origin} `, `— docdesk-audit/${randomUUID()} `))).toThrow(/서명 줄이 없습니다/);
    // Another key's ID on the line: refused even though the signature bytes are right.
    const other = generateKeyPairSync('ed25519').publicKey;
    const foreign = formatCheckpointFile(body, sig, other);
    const readForeign = parseCheckpointFile(foreign);
    expect(verifyCheckpointSignature(readForeign.body, readForeign.signature, publicKey, readForeign.keyId)).toBe(false);
  });
});
