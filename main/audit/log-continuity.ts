// Noticing a lost audit log (issue 13). A chain only proves that the rows it holds were not changed; a deleted,
// replaced or rolled-back audit.db is a perfectly consistent chain. What catches it is a signed point kept
// elsewhere: docdesk.db's record of the log (log-record.ts) and the newest checkpoint file of the log in the
// anchor folder. At every open the log must be the same log (log id), at least as long as every signed point
// and hold the signed head at that size; otherwise the open is refused with what is missing — never a new chain.
import type { KeyObject } from 'node:crypto';
import { createPublicKey } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCheckpointFile, verifyCheckpointSignature, type CheckpointBody } from './checkpoint.ts';
import type { AuditLogRecord } from './log-record.ts';
import type { LogKey } from './audit-read-shapes.ts';
import type { AuditReads } from '../reads/audit-reads.ts';

export type ContinuityProblemCode = 'LOG_MISSING' | 'LOG_ID_DIFFERS' | 'LOG_SHORTER_THAN_SIGNED' | 'LOG_HEAD_DIFFERS';

export interface ContinuityProblem {
  code: ContinuityProblemCode;
  /** The first sequence number the problem concerns, when one applies. */
  seq: number | null;
  message: string;
}

/** A point of the log signed earlier and kept outside audit.db: where it is kept, and what it says. */
export interface SignedPoint {
  source: string;
  logId: string;
  size: number;
  head: Buffer | null;
}

export class AuditLogLostError extends Error {
  readonly code = 'AUDIT_LOG_LOST';
  readonly exitCode = 1 as const;
  readonly problems: ContinuityProblem[];
  constructor(dataDir: string, problems: ContinuityProblem[]) {
    super(
      `감사 로그를 열지 않았습니다. ${problems.map((p) => p.message).join(' ')} ` +
        '기록이 끊긴 것을 숨기지 않도록 새 감사 로그를 만들지 않았습니다. ' +
        `조치: DocDesk를 모두 닫고 백업에서 audit.db를(audit.db-wal 파일이 있으면 함께) 데이터 폴더(${dataDir})에 복원한 뒤 다시 시작하세요. ` +
        '복원할 수 없으면 이 데이터 폴더를 그대로 보존하고(복사본을 만들어 두세요) 관리자나 DocDesk 지원 담당에게 알리세요.',
    );
    this.problems = problems;
  }
}

/** An empty file is what SQLite makes of a missing one: it holds no log either. */
export function auditFileMissing(file: string): boolean {
  return !existsSync(file) || statSync(file).size === 0;
}

export function recordPoint(r: AuditLogRecord): SignedPoint {
  return { source: 'docdesk.db', logId: r.logId, size: r.size, head: r.head === null ? null : Buffer.from(r.head, 'base64') };
}

export function missingLogProblem(file: string, expected: SignedPoint): ContinuityProblem {
  return {
    code: 'LOG_MISSING',
    seq: 0,
    message: `감사 로그 파일 audit.db가 없습니다(${file}). ${expected.source}에 기록된 감사 로그: 로그 ID ${expected.logId}, 서명된 크기 ${expected.size}행.`,
  };
}

/**
 * What is wrong with the log `reads` serves against one signed point (nothing: []): the open's refusal and
 * `audit verify` make this one comparison, through AuditReads, so any store serves both.
 */
export async function compareWithSignedPoint(reads: Pick<AuditReads, 'logId' | 'size' | 'chainAt'>, file: string, expected: SignedPoint): Promise<ContinuityProblem[]> {
  const [logId, size] = await Promise.all([reads.logId(), reads.size()]);
  // The chain value at the signed size is read only when the log is long enough to hold it.
  const chainAtSigned = size >= expected.size && expected.size > 0 ? await reads.chainAt(expected.size - 1) : undefined;
  return problemsAgainst({ logId, size, chainAtSigned }, file, expected);
}

/** What a comparison with a signed point reads of the log: its id, its size, its chain value at the signed size. */
interface LogFacts {
  logId: string | undefined;
  size: number;
  /** audit_chain.chain of row `expected.size − 1` (undefined: no such row, or not read: the log is shorter). */
  chainAtSigned: Buffer | undefined;
}

function problemsAgainst(log: LogFacts, file: string, expected: SignedPoint): ContinuityProblem[] {
  const { logId, size } = log;
  if (logId === undefined) return [missingLogProblem(file, expected)];
  if (logId !== expected.logId) {
    return [
      {
        code: 'LOG_ID_DIFFERS',
        seq: 0,
        message: `audit.db(${file})는 다른 감사 로그입니다: 로그 ID ${logId}. ${expected.source}에 기록된 로그 ID는 ${expected.logId}(서명된 크기 ${expected.size}행)입니다.`,
      },
    ];
  }
  if (size < expected.size) {
    return [
      {
        code: 'LOG_SHORTER_THAN_SIGNED',
        seq: size,
        message: `audit.db(${file})가 서명된 크기 ${expected.size}행보다 짧습니다(${expected.source}): ${size}행뿐이며 순번 ${size}–${expected.size - 1}의 기록이 없습니다.`,
      },
    ];
  }
  if (expected.size > 0 && expected.head !== null) {
    if (!log.chainAtSigned?.equals(expected.head)) {
      return [
        {
          code: 'LOG_HEAD_DIFFERS',
          seq: expected.size - 1,
          message: `audit.db(${file})의 순번 ${expected.size - 1}까지의 체인이 ${expected.source}의 서명된 헤드와 다릅니다: 로그가 바뀌었거나 다시 만들어졌습니다.`,
        },
      ];
    }
  }
  return [];
}

/** The log's keys (AuditReads.keys) as public keys by fingerprint. */
export function publicKeysOf(keys: readonly Pick<LogKey, 'fp' | 'publicDer'>[]): Map<string, KeyObject> {
  return new Map(keys.map((k) => [k.fp, createPublicKey({ key: k.publicDer, format: 'der', type: 'spki' })]));
}

/** A checkpoint file of the log, read from the anchor folder and verified with one of the log's keys. */
export interface AnchoredCheckpoint {
  source: string;
  body: string;
  signature: Buffer;
  keyId: Buffer | null;
  parsed: Required<CheckpointBody>;
}

/**
 * The newest checkpoint file of log `logId` in the anchor folder whose signature verifies with one of the log's
 * keys and whose size is at most `maxSize`, or null (no folder, unreachable, nothing anchored yet). File names end
 * in the zero-padded size (audit-log.ts anchorFileName), so the newest is the last name that holds a valid
 * checkpoint; a file that does not parse or verify is left to `audit verify`, which reports it — a start-up refusal
 * rests on signed facts only.
 */
export function newestAnchoredCheckpoint(folder: string, logId: string, keys: Map<string, KeyObject>, maxSize = Number.MAX_SAFE_INTEGER): AnchoredCheckpoint | null {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return null;
  }
  const prefix = `docdesk-checkpoint-${logId.slice(0, 8)}-`;
  const candidates = names.filter((n) => n.startsWith(prefix) && n.endsWith('.txt')).sort();
  for (let i = candidates.length - 1; i >= 0; i--) {
    const source = path.join(folder, candidates[i]!);
    try {
      const { body, signature, keyId, parsed } = parseCheckpointFile(readFileSync(source, 'utf8'));
      const key = keys.get(parsed.keyFp);
      if (parsed.logId !== logId || parsed.size > maxSize || !key || !verifyCheckpointSignature(body, signature, key, keyId)) continue;
      return { source, body, signature, keyId, parsed };
    } catch {
      continue;
    }
  }
  return null;
}

/** The newest anchored checkpoint as a signed point of the log (see newestAnchoredCheckpoint). */
export function newestAnchoredPoint(folder: string, logId: string, keys: Map<string, KeyObject>): SignedPoint | null {
  const cp = newestAnchoredCheckpoint(folder, logId, keys);
  return cp ? { source: `외부 보관 체크포인트 ${cp.source}`, logId, size: cp.parsed.size, head: cp.parsed.head } : null;
}
