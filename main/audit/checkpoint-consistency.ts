// An older signed checkpoint proven extended by a newer one (issue 17; RFC 9162 §2.1.4): the newer tree of the same
// log contains the older tree as its prefix. A checkpoint exported earlier — to the anchor folder, to a regulator —
// thus catches a later rewrite of the whole log by someone who holds the signing key: the rewritten log cannot
// produce a consistency proof from the root that left the PC. Used by `audit verify` for every external
// checkpoint, and by what ships proofs outside the log (evidence bundles).
import type { KeyObject } from 'node:crypto';
import { parseCheckpointBody, verifyCheckpointSignature, type CheckpointBody } from './checkpoint.ts';
import { consistencyProof, verifyConsistency } from './merkle/consistency-proof.ts';
import type { HashReader } from './merkle/hash-reader.ts';

export interface SignedCheckpoint {
  /** Where it comes from, for the messages (a file name, "체크포인트 1000"). */
  source: string;
  body: string;
  signature: Buffer;
  /** The key ID of its C2SP signature line, when read from a file. */
  keyId?: Buffer | null;
}

export type ExtensionProblemCode = 'CHECKPOINT_FORMAT' | 'CHECKPOINT_SIGNATURE' | 'CHECKPOINT_OTHER_LOG' | 'CHECKPOINT_NO_ROOT' | 'CHECKPOINT_SHRANK' | 'CHECKPOINT_INCONSISTENT';
export type ExtensionVerdict = { ok: true; older: Required<CheckpointBody>; newer: Required<CheckpointBody> } | { ok: false; code: ExtensionProblemCode; message: string };

/** The consistency proof from the tree of `olderSize` leaves to that of `newerSize`, from the log's stored hashes. */
export function checkpointConsistencyProof(read: HashReader, olderSize: number, newerSize: number): Buffer[] {
  return consistencyProof(olderSize, newerSize, read);
}

/**
 * Whether `newer` extends `older`: both parse and carry a tree root, both signatures verify with a key of
 * `publicKeys` (by fingerprint), both are of the same log (origin), the size did not go down, and `proof` proves the
 * older tree a prefix of the newer. The first failing condition is named.
 */
export function verifyCheckpointExtends(older: SignedCheckpoint, newer: SignedCheckpoint, proof: readonly Uint8Array[], publicKeys: Map<string, KeyObject>): ExtensionVerdict {
  const parsed: Required<CheckpointBody>[] = [];
  for (const c of [older, newer]) {
    let p: Required<CheckpointBody>;
    try {
      p = parseCheckpointBody(c.body);
    } catch {
      return { ok: false, code: 'CHECKPOINT_FORMAT', message: `${c.source}: 체크포인트 형식이 올바르지 않습니다.` };
    }
    const key = publicKeys.get(p.keyFp);
    if (!key || !verifyCheckpointSignature(c.body, c.signature, key, c.keyId ?? null)) {
      return { ok: false, code: 'CHECKPOINT_SIGNATURE', message: `${c.source}: 서명이 이 로그의 키로 확인되지 않습니다 (키 ${p.keyFp.slice(0, 16)}…).` };
    }
    if (!p.root) return { ok: false, code: 'CHECKPOINT_NO_ROOT', message: `${c.source}: 머클 트리 루트가 없는 이전 형식의 체크포인트라 연장 증명을 할 수 없습니다 (체인 헤드로 확인하세요).` };
    parsed.push(p);
  }
  const [o, n] = parsed as [Required<CheckpointBody>, Required<CheckpointBody>];
  if (o.logId !== n.logId) return { ok: false, code: 'CHECKPOINT_OTHER_LOG', message: `${older.source}(로그 ${o.logId})와 ${newer.source}(로그 ${n.logId})는 다른 로그의 체크포인트입니다.` };
  if (n.size < o.size) return { ok: false, code: 'CHECKPOINT_SHRANK', message: `${newer.source}(${n.size}행)가 ${older.source}(${o.size}행)보다 짧습니다: 로그가 잘렸습니다.` };
  if (!verifyConsistency(o.size, n.size, o.root!, n.root!, proof)) {
    return {
      ok: false,
      code: 'CHECKPOINT_INCONSISTENT',
      message: `${newer.source}(${n.size}행)의 트리가 ${older.source}(${o.size}행)의 트리를 앞부분으로 담고 있지 않습니다: 그 뒤에 로그가 다시 쓰였습니다.`,
    };
  }
  return { ok: true, older: o, newer: n };
}
