// The audit writer's named steps besides the chain's batches (issue 16 item 1): every other write to audit.db — a
// signed checkpoint, its anchoring, a signing key, a setting in audit_meta, the retention purge and the end of the
// one-off tree upgrade (the writer builds the tree when it opens the file, before it answers anything) — runs here, on the audit writer's connection (audit-commit.worker.ts), the only one that writes
// the file. The main thread signs (it holds the key) and posts what to store; each step is checked with zod where
// it crosses the thread and runs in one immediate transaction. A refusal travels as a step refusal (code, exit code,
// Korean message: store/step-refusal.ts) and reaches the caller as that error.
import { z } from 'zod';
import type { AuditDb } from './audit-db.ts';
import { clearTreeUpgrade } from './tree-upgrade.ts';
import { parseMetaValue } from './audit-rows.ts';
import type { StepRefusal } from '../store/step-refusal.ts';

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'bytes');
const hash = bytes.refine((b) => b.length === 32, '32 bytes');

/** Settings the log keeps in audit_meta; `log_id` is written once, at genesis. */
export const auditMetaKeySchema = z.enum(['log_id', 'anchor_folder', 'retention_days']);
export type AuditMetaKey = z.infer<typeof auditMetaKeySchema>;

export const auditWriterStepSchema = z.discriminatedUnion('step', [
  /** The writer opened and migrated audit.db: the main thread may open its read-only connection. */
  z.object({ step: z.literal('open') }),
  z.object({
    step: z.literal('recordCheckpoint'),
    size: z.number().int().positive(),
    head: hash,
    root: hash,
    body: z.string().min(1),
    sig: bytes,
    keyFp: z.string().min(1),
    createdAt: z.number().int(),
  }),
  z.object({ step: z.literal('anchorCheckpoint'), size: z.number().int().positive(), at: z.iso.datetime() }),
  z.object({ step: z.literal('registerKey'), fp: z.string().min(1), publicDer: bytes, createdAt: z.number().int() }),
  z.object({ step: z.literal('setMeta'), key: auditMetaKeySchema, value: z.string().min(1).nullable() }),
  z.object({ step: z.literal('purge'), lo: z.number().int().positive(), hi: z.number().int().positive(), grantedAt: z.number().int() }),
  /** The upgrade's event is in the chain: the mark goes. */
  z.object({ step: z.literal('finishTreeUpgrade') }),
]);
export type AuditWriterStep = z.infer<typeof auditWriterStepSchema>;

/** A refusal the caller can act on (step-refusal.ts shape): thrown inside a step, answered as such. */
export class AuditStepRefusal extends Error {
  readonly exitCode = 1 as const;
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

const toBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** The writer's handlers over its connection; each call is one step, committed before it returns. */
export function createAuditWriterSteps(db: AuditDb): (s: AuditWriterStep) => void {
  const insCheckpoint = db.prepare('INSERT OR IGNORE INTO audit_checkpoint (size, head, root, body, sig, key_fp, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const setAnchored = db.prepare('UPDATE audit_checkpoint SET anchored_at = ? WHERE size = ?');
  const insKey = db.prepare('INSERT OR IGNORE INTO audit_key (fp, public_der, created_at) VALUES (?, ?, ?)');
  const getMeta = db.prepare('SELECT value FROM audit_meta WHERE key = ?').pluck();
  const delMeta = db.prepare('DELETE FROM audit_meta WHERE key = ?');
  const putMeta = db.prepare('INSERT INTO audit_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  const insGrant = db.prepare('INSERT INTO purge_grant (lo, hi, granted_at) VALUES (?, ?, ?)');
  const delBlobs = db.prepare('DELETE FROM audit_blob WHERE seq BETWEEN ? AND ?');
  const delRecords = db.prepare('DELETE FROM audit_record WHERE seq BETWEEN ? AND ?');
  const delSubjects = db.prepare('DELETE FROM audit_subject WHERE seq BETWEEN ? AND ?');

  const setMeta = (key: AuditMetaKey, value: string | null): void => {
    // The log's identity is made once: a second genesis would split one folder's log in two.
    if (key === 'log_id') {
      const existing = parseMetaValue(getMeta.get('log_id'));
      if (existing !== undefined && existing !== value) throw new AuditStepRefusal('AUDIT_LOG_ID_EXISTS', `감사 로그에 이미 로그 ID(${existing})가 있어 바꾸지 않았습니다. 데이터 폴더를 그대로 두고 관리자나 지원 담당에게 알리세요.`);
    }
    if (value === null) delMeta.run(key);
    else putMeta.run(key, value);
  };

  const run = db.transaction((s: AuditWriterStep): void => {
    switch (s.step) {
      case 'open':
        return;
      case 'recordCheckpoint':
        insCheckpoint.run(s.size, toBuffer(s.head), toBuffer(s.root), s.body, toBuffer(s.sig), s.keyFp, s.createdAt);
        return;
      case 'anchorCheckpoint':
        setAnchored.run(s.at, s.size);
        return;
      case 'registerKey':
        insKey.run(s.fp, toBuffer(s.publicDer), s.createdAt);
        return;
      case 'setMeta':
        setMeta(s.key, s.value);
        return;
      case 'purge':
        if (s.lo > s.hi) throw new AuditStepRefusal('AUDIT_PURGE_RANGE', `삭제 범위가 올바르지 않습니다(${s.lo}–${s.hi}). 아무것도 지우지 않았습니다.`);
        // The grant first: the triggers let a record or blob go only inside a granted range (audit-db.ts).
        insGrant.run(s.lo, s.hi, s.grantedAt);
        delBlobs.run(s.lo, s.hi);
        delRecords.run(s.lo, s.hi);
        delSubjects.run(s.lo, s.hi);
        return;
      case 'finishTreeUpgrade':
        clearTreeUpgrade(db);
        return;
    }
  });
  return (s) => run.immediate(s);
}

/** The writer's answer to a step: done, or why not (a refusal the caller rethrows as its own error). */
export type AuditStepAnswer = { done: true } | { error: string; refusal: StepRefusal };

/** Our own refusals (AuditStepRefusal, TreeUpgradeError, AuditDatabaseError) carry an AUDIT_ code and a Korean message. */
const ownCode = (err: unknown): string | null => {
  const code = err instanceof Error && 'code' in err ? err.code : undefined;
  return typeof code === 'string' && code.startsWith('AUDIT_') ? code : null;
};

/** Runs one step posted to the writer (already parsed), or answers the open failure every step shares. */
export function answerStep(opened: { run: (s: AuditWriterStep) => void } | { error: string; code: string; exitCode: StepRefusal['exitCode'] }, s: AuditWriterStep): AuditStepAnswer {
  if ('error' in opened) return { error: opened.error, refusal: { code: opened.code, exitCode: opened.exitCode } };
  try {
    opened.run(s);
    return { done: true };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const code = ownCode(err);
    // A refusal of our own already says what to do; anything else (SQLITE_FULL, a lock) is the disk or the file.
    if (code) return { error: why, refusal: { code, exitCode: 1 } };
    return { error: `감사 로그에 기록하지 못했습니다(${s.step}): ${why}. 디스크 공간과 데이터 폴더 권한을 확인한 뒤 다시 시도하세요.`, refusal: { code: 'AUDIT_UNAVAILABLE', exitCode: 1 } };
  }
}
