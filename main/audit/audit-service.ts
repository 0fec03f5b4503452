// The audit capability as one object for the composition root (main/app/backend.ts): the separate encrypted
// audit.db, the single writer, checkpoints with the anchor folder, verification, evidence export, landing
// imports, retention purge, and the start-up self-check (reference evidence-and-audit.md §5 "Self-checks"),
// which starts by refusing a lost, replaced or rolled-back audit.db (log-continuity.ts).
import { writeFileAtomic } from '../store/atomic-file.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { deriveAuditKeys } from './audit-keys.ts';
import { openAuditStorage } from './open-audit-writer.ts';
import type { AuditEnd } from './producer-link.ts';
import { auditReadOnly, openAuditLog, type AuditLog } from './audit-log.ts';
import type { AuditSettingKey, EventQuery, StoredCheckpoint } from './audit-read-shapes.ts';
import type { AuditReads } from '../reads/audit-reads.ts';
import { exportEvidenceBundle, ExportError, type ExportSubject } from './bundle/export-bundle.ts';
import type { RenderPdf } from './bundle/report-pdf.ts';
import { verifyEvidenceBundle } from './bundle/verify-bundle.ts';
import { parseCheckpointBody, parseCheckpointFile } from './checkpoint.ts';
import type { AuditActor, AuditEventInput } from './event.ts';
import { landingAuditEvent, parseLandingLine, type LandingEvent } from './landing-events.ts';
import { readCompleteLines, START_OF_FILE } from './landing-line-reader.ts';
import {
  auditFileMissing,
  AuditLogLostError,
  compareWithSignedPoint,
  missingLogProblem,
  newestAnchoredPoint,
  publicKeysOf,
  recordPoint,
  type ContinuityProblem,
} from './log-continuity.ts';
import { nextLogRecord, type AuditLogRecord, type AuditLogRecordStore, type LogRecordChange } from './log-record.ts';
import { createFileKeyVault, type KeyVault } from './signing-key.ts';
import { startupCheck, type StartupCheck } from './startup-check.ts';
import { subjectToken, type SubjectKind } from './subject-token.ts';
import type { ExternalCheckpoint, VerifyReport } from './verify-report.ts';

export const DEFAULT_RETENTION_DAYS = 730; // 안전성 확보조치 기준 제8조①: 2 years (reference §7)
export const MIN_RETENTION_DAYS = 365;
/** From this many rows `verify` uses worker threads. */
export const PARALLEL_VERIFY_FROM = 200_000;

export class AuditInputError extends Error {
  readonly code: string;
  readonly exitCode = 2 as const;
  readonly details: unknown;
  constructor(code: string, message: string, details?: unknown) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export interface AuditServiceOptions {
  dataDir: string;
  auditKey: Buffer;
  actor: AuditActor;
  /** Run the start-up self-check (writer processes only). */
  selfCheck?: boolean;
  /**
   * 'read': a read backend (no data-folder lock: the app may be writing audit.db). It opens the file read-only and
   * starts no writer unless the file needs one to open (missing, a migration, the tree upgrade: open-audit-writer.ts);
   * opened so, it writes nothing of its own — no checkpoint, key, record in docdesk.db — and refuses every write
   * (AUDIT_READ_ONLY). `startWriter()` starts the writer for docdesk.db's steps only.
   */
  access?: 'write' | 'read';
  keyVault?: KeyVault;
  now?: () => number;
  checkpointEvery?: number;
  onError?: (err: Error) => void;
  /**
   * The audit writer's end of the link to docdesk.db's writer (producer-link.ts): the exchange records and operator
   * actions that writer commits reach the chain through it.
   */
  producer?: AuditEnd;
  /**
   * docdesk.db's record of the log (log-record.ts): compared with audit.db before anything is written to it, and
   * kept up to date with every signed checkpoint and the anchor folder. Without it (tools, tests of the chain
   * alone) only the anchor folder is compared.
   */
  logRecord?: AuditLogRecordStore;
  /** Prints each bundle's report.html to report.pdf (bundle/report-pdf.ts); without it bundles have no PDF. */
  renderPdf?: RenderPdf;
  /** Wraps the reads the services go through (tests: an implementation that answers later, as a server database does). */
  wrapReads?: (sqlite: AuditReads) => AuditReads;
}

/** docdesk.db's record and the anchor folder's newest signed checkpoint, each against the log `reads` serves. */
async function continuityProblems(reads: AuditReads, dbFile: string, remembered: AuditLogRecord | null, storedFolder: string | null): Promise<ContinuityProblem[]> {
  if (remembered) {
    const problems = await compareWithSignedPoint(reads, dbFile, recordPoint(remembered));
    if (problems.length) return problems;
  }
  const logId = await reads.logId();
  // docdesk.db keeps the folder too: a lost or replaced audit.db does not take the anchor's address with it.
  const anchorFolder = remembered?.anchorFolder ?? storedFolder;
  const anchored = anchorFolder && logId ? newestAnchoredPoint(anchorFolder, logId, publicKeysOf(await reads.keys())) : null;
  return anchored ? compareWithSignedPoint(reads, dbFile, anchored) : [];
}

function withProblems(report: VerifyReport, problems: ContinuityProblem[]): VerifyReport {
  const seqs = [report.firstBadSeq, ...problems.map((p) => p.seq)].filter((s): s is number => s !== null);
  return { ...report, ok: false, firstBadSeq: seqs.length ? Math.min(...seqs) : null, problems: [...report.problems, ...problems] };
}

export async function openAuditService(o: AuditServiceOptions) {
  const keys = deriveAuditKeys(o.auditKey);
  const dbFile = path.join(o.dataDir, 'audit.db');
  // Before SQLite would create an empty file in its place: a remembered log that is gone is refused, not replaced.
  const remembered = o.logRecord?.read() ?? null;
  if (remembered && auditFileMissing(dbFile)) throw new AuditLogLostError(o.dataDir, [missingLogProblem(dbFile, recordPoint(remembered))]);
  // One writer per file (issue 16 item 1): the audit writer's thread owns the only read-write connection; this
  // thread reads on a read-only one (open-audit-writer.ts). A read backend starts no writer when none is needed.
  const keyVault = o.keyVault ?? createFileKeyVault(path.join(o.dataDir, 'audit-signing-key.bin'), keys.signingWrapKey);
  const storage = openAuditStorage({ path: dbFile, key: keys.dbKey }, keys.blobKey, keyVault, {
    ...(o.access ? { access: o.access } : {}),
    ...(o.producer ? { producer: { ...o.producer, hmacKey: keys.hmacKey } } : {}),
  });
  const { committer, store, readOnly } = storage;
  // Everything the service and its log read of audit.db (main/reads/audit-reads.ts; issue 16 item 2).
  const reads = o.wrapReads ? o.wrapReads(storage.reads) : storage.reads;
  /** Refuses a write before anything is done when the log was opened read-only. */
  const writable = (what: string): void => {
    if (readOnly) throw auditReadOnly(what);
  };
  const setMeta = (k: AuditSettingKey, v: string | null): void => {
    void store.setMeta(k, v);
    store.settle();
  };
  const closeConnections = (): void => {
    void reads.close();
    storage.close();
  };
  /**
   * The folder the log copies every checkpoint to, as audit.db holds it: read at open and kept here, since only this
   * service sets it (one writing process per data folder; a read backend's log anchors nothing).
   */
  let anchorFolder: string | null;
  let check: StartupCheck | null = null;
  let latestAtOpen: StoredCheckpoint | null;
  try {
    [anchorFolder, latestAtOpen] = await Promise.all([reads.setting('anchor_folder').then((f) => f ?? null), reads.latestCheckpoint()]);
    // Before the log registers a key, starts a chain or appends anything: a lost log is refused, not continued.
    const problems = await continuityProblems(reads, dbFile, remembered, anchorFolder);
    if (problems.length) throw new AuditLogLostError(o.dataDir, problems);
    if (o.selfCheck) check = await startupCheck(reads);
  } catch (err) {
    closeConnections();
    throw err;
  }

  // The record only lags (it is a lower bound); the next checkpoint or start brings it up to date.
  const recordFailed = (err: unknown): void => o.onError?.(new Error(`docdesk.db에 감사 로그 기록을 남기지 못했습니다: ${err instanceof Error ? err.message : String(err)}`));
  const recordWrites = new Set<Promise<void>>();

  /**
   * Brings docdesk.db's record up to the log: its id, a newer signed point, the anchor folder. Never backwards.
   * A step on docdesk.db's writer, posted only when the record as read now would change (a read backend that
   * changes nothing starts no writer); `recordsWritten` waits for the steps under way.
   */
  function remember(logId: string, change: { signed?: { size: number; head: Buffer }; anchorFolder?: string | null }): void {
    // Read-only: the process that writes the log keeps the record (this one may run beside it).
    if (!o.logRecord || readOnly) return;
    const next: LogRecordChange = {
      logId,
      ...(change.signed ? { signed: { size: change.signed.size, head: change.signed.head.toString('base64') } } : {}),
      ...(change.anchorFolder !== undefined ? { anchorFolder: change.anchorFolder } : {}),
      at: new Date((o.now ?? Date.now)()).toISOString(),
    };
    try {
      if (nextLogRecord(o.logRecord.read(), next) === null) return;
    } catch (err) {
      recordFailed(err);
      return;
    }
    const write: Promise<void> = o.logRecord
      .record(next)
      .catch(recordFailed)
      .finally(() => recordWrites.delete(write));
    recordWrites.add(write);
  }

  let log: AuditLog;
  try {
    log = await openAuditLog({
      reads,
      keyVault,
      ...(o.now ? { now: o.now } : {}),
      ...(o.checkpointEvery ? { checkpointEvery: o.checkpointEvery } : {}),
      anchorFolder: () => anchorFolder,
      ...(o.onError ? { onError: o.onError } : {}),
      checkpointOnClose: o.selfCheck === true,
      readOnly,
      committer,
      store,
      onCheckpoint: (cp) => remember(cp.logId, { signed: cp }),
    });
  } catch (err) {
    closeConnections();
    throw err;
  }
  // A new log, a folder from before the record existed (adopted here, once) or a record a crash left behind; a
  // checkpoint the log signs from now on is remembered as it is signed (onCheckpoint).
  remember(log.logId, { ...(latestAtOpen ? { signed: latestAtOpen } : {}), anchorFolder });
  if (check) log.append({ ev: 'audit.integrity', data: { kind: 'startup', ok: check.ok, quick_check: check.quickCheck, triggers_missing: check.triggersMissing, first_bad_seq: check.firstBadSeq } });

  const hmac = (kind: SubjectKind, value: string) => subjectToken(keys.hmacKey, kind, value);

  function externalCheckpoints(files: string[], folder: string | undefined): ExternalCheckpoint[] {
    const out: ExternalCheckpoint[] = [];
    const all = [...files];
    if (folder && existsSync(folder)) for (const f of readdirSync(folder).sort()) if (f.startsWith('docdesk-checkpoint-') && f.endsWith('.txt')) all.push(path.join(folder, f));
    for (const f of all) {
      try {
        const { body, signature, keyId } = parseCheckpointFile(readFileSync(f, 'utf8'));
        out.push({ source: f, body, signature, keyId });
      } catch (err) {
        throw new AuditInputError('CHECKPOINT_FILE', `체크포인트 파일을 읽을 수 없습니다: ${f} (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    return out;
  }

  // Lines appended by an import and not yet committed: with the committed index, what any importer checks, so two
  // importers (the watched folder, an upload) never add one line twice while a commit is on its way. A line is
  // claimed here before the index is read, so an importer that reads meanwhile skips it.
  const landingPending = new Set<string>();
  /**
   * Appends the landing events whose line is neither in the chain nor on its way, then `closing` (an event about
   * the import), and resolves once all of it is committed — on the commit thread: the main thread does not wait.
   */
  async function appendLandingEvents(parsed: readonly { sha: string; event: LandingEvent }[], closing?: (added: number) => AuditEventInput): Promise<LandingEvent[]> {
    const fresh = parsed.filter((p) => {
      if (landingPending.has(p.sha)) return false;
      landingPending.add(p.sha);
      return true;
    });
    let indexed: Set<string>;
    try {
      indexed = new Set(await reads.indexedKeys(fresh.map((p) => `landing:${p.sha}`)));
    } catch (err) {
      for (const p of fresh) landingPending.delete(p.sha);
      throw err;
    }
    const events: AuditEventInput[] = [];
    const claimed: string[] = [];
    const added: LandingEvent[] = [];
    for (const p of fresh) {
      if (indexed.has(`landing:${p.sha}`)) {
        landingPending.delete(p.sha);
        continue;
      }
      claimed.push(p.sha);
      events.push(landingAuditEvent(p.event, p.sha));
      added.push(p.event);
    }
    if (closing) events.push(closing(added.length));
    const last = events.pop();
    for (const e of events) log.append(e);
    // A failed commit leaves the lines queued (and claimed): they are committed by the next commit that succeeds.
    if (last) await log.appendDurable(last);
    for (const sha of claimed) landingPending.delete(sha);
    return added;
  }

  /** A signed checkpoint as `audit checkpoint` answers, written to `outFile` (and that export logged) if given. */
  function checkpointAnswer(cp: StoredCheckpoint, outFile: string | undefined) {
    let file: string | null = null;
    if (outFile) {
      file = path.resolve(outFile);
      writeFileAtomic(file, log.checkpointFile(cp));
      log.append({ ev: 'export.checkpoint', actor: o.actor, data: { size: cp.size, file: path.basename(file) } });
      log.flush();
    }
    return {
      size: cp.size,
      head: cp.head.toString('base64'),
      root: cp.root?.toString('base64') ?? null,
      keyFingerprint: cp.keyFp,
      time: parseCheckpointBody(cp.body).time,
      file,
      anchoredAt: cp.anchoredAt,
    };
  }

  return {
    logId: log.logId,
    startup: check,
    /** Resolves once docdesk.db's record of the log has every change made so far (its steps committed). */
    recordsWritten: async (): Promise<void> => void (await Promise.all([...recordWrites])),
    /** Starts the audit writer for docdesk.db's steps (their operator actions and exchange records); a no-op once it runs. */
    startWriter: (): void => storage.startWriter(),
    append: (e: AuditEventInput) => log.append(e),
    appendDurable: (e: AuditEventInput) => log.appendDurable(e),
    /**
     * Commits everything appended so far (at once: it throws what a commit failed with); the promise resolves once the
     * checkpoints that made due, and any asked for before, are signed.
     */
    flush: (): Promise<void> => {
      log.flush();
      return log.checkpointsSigned();
    },
    hmac,
    hmacKey: keys.hmacKey,
    // No flush: recovery asks only after maxIndexed() flushed, about keys it has not appended itself.
    indexedKeys: (keys: readonly string[]): Promise<string[]> => reads.indexedKeys(keys),
    maxIndexed: (prefix: string): Promise<number> => {
      log.flush();
      return reads.maxIndexed(prefix);
    },
    /** Rows in the chain as committed now (what is still queued is not counted). */
    size: (): Promise<number> => reads.size(),
    key: () => {
      const k = log.key();
      return { fingerprint: k.fingerprint, publicKeyPem: k.publicKeyPem };
    },
    rotateKey: (reason: string): Promise<{ oldFp: string; newFp: string }> => {
      writable('서명 키 교체');
      return log.rotateKey(reason);
    },

    /**
     * The whole chain, every checkpoint, triggers and integrity; result logged as audit.integrity. Large logs
     * are recomputed in worker threads over disjoint ranges (main/reads/sqlite-audit-verify.ts explains why that is equivalent).
     */
    async verify(options: { checkpointFiles?: string[]; onProgress?: (done: number) => void; workers?: number } = {}): Promise<VerifyReport> {
      writable('감사 로그 검증(결과를 감사 로그에 기록)');
      log.flush();
      const vo = {
        publicKeys: publicKeysOf(await reads.keys()),
        logId: log.logId,
        external: externalCheckpoints(options.checkpointFiles ?? [], await reads.setting('anchor_folder')),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      };
      const workers = options.workers ?? ((await reads.size()) >= PARALLEL_VERIFY_FROM ? undefined : 1);
      const chainReport = await reads.verify({ ...vo, ...(workers ? { workers } : {}) });
      // The anchor folder's files are among the external checkpoints above; docdesk.db's record is compared here.
      const record = o.logRecord?.read() ?? null;
      const lost = record ? await compareWithSignedPoint(reads, dbFile, recordPoint(record)) : [];
      const report = lost.length ? withProblems(chainReport, lost) : chainReport;
      log.append({ ev: 'audit.integrity', actor: o.actor, data: { kind: 'full', ok: report.ok, size: report.size, first_bad_seq: report.firstBadSeq, problems: report.problems.map((p) => p.code) } });
      log.flush();
      return report;
    },

    /** Signs (or reuses) a checkpoint over every durable row; optionally writes the checkpoint file. Refused at once when read-only. */
    checkpoint(outFile?: string) {
      writable('체크포인트 서명');
      return log.checkpoint('manual').then((cp) => checkpointAnswer(cp, outFile));
    },
    checkpoints: () => reads.checkpoints(),
    events: (q: EventQuery) => {
      log.flush(); // what the operator searches includes everything appended so far
      return reads.events(q);
    },

    export(subject: ExportSubject, reason: string, outDir: string) {
      writable('증거 번들 내보내기(감사 로그에 기록)');
      return reads.setting('anchor_folder').then((anchorFolder) =>
        exportEvidenceBundle(
          { reads, log, hmacKey: keys.hmacKey, blobKey: keys.blobKey, anchorFolder: anchorFolder ?? null, ...(o.now ? { now: o.now } : {}), ...(o.renderPdf ? { renderPdf: o.renderPdf } : {}) },
          { subject, reason, outDir, exporter: o.actor },
        ),
      );
    },
    verifyBundle: (dir: string, expectedFingerprint?: string) => verifyEvidenceBundle(dir, expectedFingerprint ? { expectedFingerprint } : {}),

    settings: async (): Promise<{ anchorFolder: string | null; retentionDays: number }> => {
      const [anchorFolder, days] = await Promise.all([reads.setting('anchor_folder'), reads.setting('retention_days')]);
      return { anchorFolder: anchorFolder ?? null, retentionDays: Number(days ?? DEFAULT_RETENTION_DAYS) };
    },
    /** Refused at once when read-only; resolves once the checkpoint that anchors the log there is signed. */
    setAnchorFolder(folder: string | null): Promise<void> {
      writable('앵커 폴더 설정');
      const value = folder ? path.resolve(folder) : null;
      setMeta('anchor_folder', value);
      anchorFolder = value;
      log.append({ ev: 'config.audit.anchor_folder', actor: o.actor, data: { folder: value } });
      return log.checkpoint('anchor folder set').then(() => remember(log.logId, { anchorFolder: value }));
    },
    setRetentionDays(days: number) {
      writable('보존 기간 설정');
      if (!Number.isInteger(days) || days < MIN_RETENTION_DAYS) throw new AuditInputError('RETENTION_TOO_SHORT', `보존 기간은 ${MIN_RETENTION_DAYS}일(1년) 이상이어야 합니다(안전성 확보조치 기준 제8조①).`);
      setMeta('retention_days', String(days));
      log.append({ ev: 'config.audit.retention', actor: o.actor, data: { days } });
      log.flush();
    },

    /** Deletes record bytes and side-table blobs older than the retention period; leaf and chain stay (reference §4). */
    async purgeExpired(): Promise<{ lo: number; hi: number } | null> {
      writable('보존 기간이 지난 기록 삭제');
      log.flush();
      const days = Number((await reads.setting('retention_days')) ?? DEFAULT_RETENTION_DAYS);
      const cutoff = new Date((o.now ?? Date.now)() - days * 86_400_000).toISOString();
      // Rows appended meanwhile are newer than the cutoff: the range read stays what the purge may delete.
      const range = await reads.recordsBefore(cutoff);
      if (!range) return null;
      const { lo, hi } = range;
      void store.purge({ lo, hi, grantedAt: (o.now ?? Date.now)() });
      store.settle();
      log.append({ ev: 'audit.purge', actor: o.actor, data: { lo, hi, retention_days: days, basis: '개인정보 보호법 제21조; 개인정보의 안전성 확보조치 기준 제8조①' } });
      log.flush();
      return { lo, hi };
    },

    /**
     * Imports a landing-page JSON Lines file; each line at most once. Every line is checked before any is written
     * (one bad line: nothing imported, the first 100 refusals named by line). Read twice in bounded chunks
     * (landing-line-reader.ts), so a large file costs bounded memory.
     */
    async importLanding(filePath: string): Promise<{ lines: number; added: number; duplicates: number }> {
      writable('랜딩 이벤트 가져오기');
      const errors: { line: number; message: string }[] = [];
      let refused = 0;
      const reading = { final: true } as const;
      for await (const batch of readCompleteLines(filePath, START_OF_FILE, reading)) {
        const bad = [
          ...batch.refused.map((r) => ({ line: r.line, message: r.reason === 'too_long' ? '한 줄이 너무 깁니다(64 KiB 초과)' : '줄이 이어서 쓰였습니다' })),
          ...batch.lines.flatMap((l) => {
            const r = parseLandingLine(l.text);
            return r.ok ? [] : [{ line: l.line, message: r.message }];
          }),
        ].sort((a, b) => a.line - b.line);
        refused += bad.length;
        errors.push(...bad.slice(0, Math.max(0, 100 - errors.length)));
      }
      if (refused > 0) {
        throw new AuditInputError('LANDING_FILE_INVALID', `랜딩 이벤트 파일에 잘못된 줄이 ${refused}개 있습니다(첫 오류: ${errors[0]!.line}행 — ${errors[0]!.message}). 아무것도 가져오지 않았습니다.`, errors);
      }
      let lines = 0;
      let added = 0;
      for await (const batch of readCompleteLines(filePath, START_OF_FILE, reading)) {
        const parsed = batch.lines.map((l) => parseLandingLine(l.text)).filter((r) => r.ok);
        lines += parsed.length;
        added += (await appendLandingEvents(parsed)).length;
      }
      await log.appendDurable({ ev: 'op.audit.import_landing', actor: o.actor, data: { file: path.basename(filePath), lines, added } });
      return { lines, added, duplicates: lines - added };
    },

    /**
     * Adds the checked landing lines not yet in the chain (a line's SHA-256 is its identity), with an
     * `audit.landing_folder.import` event about them; resolves with the events added once they are committed.
     */
    async importLandingEvents(
      parsed: readonly { sha: string; event: LandingEvent }[],
      source: { folder: string; file: string; lines: number; invalid: number; errors: { line: number; message: string }[] },
    ): Promise<LandingEvent[]> {
      writable('랜딩 이벤트 가져오기');
      return appendLandingEvents(parsed, (added) => ({
        ev: 'audit.landing_folder.import',
        data: { folder: source.folder, file: source.file, lines: source.lines, added, duplicates: parsed.length - added, invalid: source.invalid, errors: source.errors },
      }));
    },

    /** Signs the shutdown checkpoint (writer processes), then closes the connections. */
    async close(): Promise<void> {
      try {
        await log.close();
      } finally {
        closeConnections();
      }
    },
  };
}
export type AuditService = Awaited<ReturnType<typeof openAuditService>>;
export { ExportError };
export type { ExportSubject };
