// `docdesk audit verify` (reference evidence-and-audit.md §5 "Self-checks", §6): PRAGMA integrity_check, the
// guard triggers present in sqlite_schema, the whole chain recomputed from the stored bytes, every checkpoint
// signature and head, and any checkpoint held outside the database (an exported file or the anchor folder) —
// which is what catches a tail cut or a chain rebuilt after the checkpoint left the PC.
import type { KeyObject } from 'node:crypto';
import { createHash } from 'node:crypto';
import { AUDIT_TRIGGERS, type AuditDb } from './audit-db.ts';
import { parseCheckpointBody, verifyCheckpointSignature } from './checkpoint.ts';

export type VerifyProblemCode =
  | 'INTEGRITY_CHECK'
  | 'TRIGGER_MISSING'
  | 'SEQ_GAP'
  | 'RECORD_MISSING'
  | 'LEAF_MISMATCH'
  | 'CHAIN_MISMATCH'
  | 'CHECKPOINT_SIGNATURE'
  | 'CHECKPOINT_HEAD'
  | 'CHECKPOINT_BEYOND_LOG'
  | 'CHECKPOINT_FORMAT'
  | 'CHECKPOINT_UNKNOWN_KEY';

export interface VerifyProblem {
  code: VerifyProblemCode;
  /** The first sequence number affected, when one applies. */
  seq: number | null;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  size: number;
  firstBadSeq: number | null;
  integrity: string;
  triggersMissing: string[];
  checkpointsChecked: number;
  externalCheckpointsChecked: number;
  problems: VerifyProblem[];
}

export interface ExternalCheckpoint {
  source: string;
  body: string;
  signature: Buffer;
}

const LEAF = Buffer.from([0x00]);
const LINK = Buffer.from([0x01]);

export function verifyAuditDatabase(
  db: AuditDb,
  options: { publicKeys: Map<string, KeyObject>; logId: string | undefined; external?: ExternalCheckpoint[]; onProgress?: (done: number) => void },
): VerifyReport {
  const problems: VerifyProblem[] = [];
  const integrityRows = db.pragma('integrity_check') as { integrity_check: string }[];
  const integrity = integrityRows.map((r) => r.integrity_check).join('; ');
  if (integrity !== 'ok') problems.push({ code: 'INTEGRITY_CHECK', seq: null, message: `SQLite 무결성 검사 실패: ${integrity}` });

  const present = new Set((db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'trigger'`).pluck().all() as string[]));
  const triggersMissing = AUDIT_TRIGGERS.filter((t) => !present.has(t));
  for (const t of triggersMissing) problems.push({ code: 'TRIGGER_MISSING', seq: null, message: `보호 트리거가 없습니다: ${t}` });

  const purged = db.prepare('SELECT lo, hi FROM purge_grant ORDER BY lo').all() as { lo: number; hi: number }[];
  const isPurged = (seq: number) => purged.some((g) => seq >= g.lo && seq <= g.hi);

  // Recompute everything from the stored bytes; remember the chain at each checkpoint size to compare heads.
  const cps = db.prepare('SELECT size, head, body, sig, key_fp FROM audit_checkpoint ORDER BY size').all() as {
    size: number;
    head: Buffer;
    body: string;
    sig: Buffer;
    key_fp: string;
  }[];
  const external = (options.external ?? []).map((e) => {
    try {
      return { ...e, parsed: parseCheckpointBody(e.body) };
    } catch {
      problems.push({ code: 'CHECKPOINT_FORMAT', seq: null, message: `체크포인트 형식 오류: ${e.source}` });
      return null;
    }
  });
  const wanted = new Set<number>([...cps.map((c) => c.size), ...external.flatMap((e) => (e ? [e.parsed.size] : []))]);
  const headAt = new Map<number, Buffer>();

  const rows = db.prepare('SELECT c.seq, c.leaf, c.chain, r.record FROM audit_chain c LEFT JOIN audit_record r ON r.seq = c.seq ORDER BY c.seq').raw();
  let expected = 0;
  let prev: Buffer = Buffer.alloc(32);
  let chainBroken = false;
  for (const row of rows.iterate() as IterableIterator<[number, Buffer, Buffer, Buffer | null]>) {
    const [seq, leaf, chain, record] = row;
    if (!chainBroken) {
      if (seq !== expected) {
        problems.push({ code: 'SEQ_GAP', seq: expected, message: `순번 ${expected}의 행이 없습니다 (다음 행은 ${seq}).` });
        chainBroken = true;
      } else {
        let leafUsed = leaf;
        if (record) {
          const computed = createHash('sha256').update(LEAF).update(record).digest();
          if (!computed.equals(leaf)) {
            problems.push({ code: 'LEAF_MISMATCH', seq, message: `순번 ${seq}의 기록 내용이 해시와 다릅니다 (변조).` });
            chainBroken = true;
          }
          leafUsed = computed;
        } else if (!isPurged(seq)) {
          problems.push({ code: 'RECORD_MISSING', seq, message: `순번 ${seq}의 기록이 삭제되었습니다 (보존 기간 파기 아님).` });
          chainBroken = true;
        }
        if (!chainBroken) {
          const computedChain = createHash('sha256').update(LINK).update(prev).update(leafUsed).digest();
          if (!computedChain.equals(chain)) {
            problems.push({ code: 'CHAIN_MISMATCH', seq, message: `순번 ${seq}의 체인 해시가 맞지 않습니다 (행 순서 변경 또는 변조).` });
            chainBroken = true;
          }
          prev = computedChain;
        }
      }
    }
    expected = seq + 1;
    if (wanted.has(expected)) headAt.set(expected, chainBroken ? Buffer.alloc(0) : Buffer.from(prev));
    if ((expected & 0xffff) === 0) options.onProgress?.(expected);
  }
  const size = expected;

  function checkOne(source: string, size: number, head: Buffer, body: string, sig: Buffer, keyFp: string): void {
    const seq = size - 1;
    const pub = options.publicKeys.get(keyFp);
    if (!pub) problems.push({ code: 'CHECKPOINT_UNKNOWN_KEY', seq, message: `${source}: 알 수 없는 서명 키(${keyFp.slice(0, 16)}…)` });
    else if (!verifyCheckpointSignature(body, sig, pub)) problems.push({ code: 'CHECKPOINT_SIGNATURE', seq, message: `${source}: 서명이 올바르지 않습니다 (크기 ${size}).` });
    if (size > size_) {
      problems.push({ code: 'CHECKPOINT_BEYOND_LOG', seq: size_, message: `${source}: 체크포인트는 ${size}행을 보증하지만 로그에는 ${size_}행뿐입니다 — 순번 ${size_}부터 잘려 나갔습니다.` });
      return;
    }
    const computed = headAt.get(size);
    if (computed && computed.length === 32 && !computed.equals(head)) {
      problems.push({ code: 'CHECKPOINT_HEAD', seq, message: `${source}: 순번 ${seq}까지의 체인이 체크포인트와 다릅니다.` });
    }
  }
  const size_ = size;
  for (const c of cps) {
    let parsedOk = true;
    try {
      const p = parseCheckpointBody(c.body);
      if (p.size !== c.size || !p.head.equals(c.head) || p.keyFp !== c.key_fp || (options.logId && p.logId !== options.logId)) parsedOk = false;
    } catch {
      parsedOk = false;
    }
    if (!parsedOk) problems.push({ code: 'CHECKPOINT_FORMAT', seq: c.size - 1, message: `체크포인트(크기 ${c.size})의 본문이 저장된 값과 다릅니다.` });
    checkOne(`체크포인트 ${c.size}`, c.size, c.head, c.body, c.sig, c.key_fp);
  }
  for (const e of external) {
    if (!e) continue;
    if (options.logId && e.parsed.logId !== options.logId) {
      problems.push({ code: 'CHECKPOINT_FORMAT', seq: null, message: `${e.source}: 다른 로그의 체크포인트입니다.` });
      continue;
    }
    checkOne(e.source, e.parsed.size, e.parsed.head, e.body, e.signature, e.parsed.keyFp);
  }

  const seqs = problems.map((p) => p.seq).filter((s): s is number => s !== null);
  return {
    ok: problems.length === 0,
    size,
    firstBadSeq: seqs.length ? Math.min(...seqs) : null,
    integrity,
    triggersMissing: [...triggersMissing],
    checkpointsChecked: cps.length,
    externalCheckpointsChecked: external.filter(Boolean).length,
    problems,
  };
}
