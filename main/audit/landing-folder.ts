// The watched landing-events folder (issue 14 §6): the institution's landing page runs on its web host and writes
// its JSON Lines (landing-events.ts) into a folder this PC can read, typically a share. While the desktop app or
// `docdesk web` runs, the folder is looked at every few seconds — polled, because change notifications are
// unreliable on network shares — and every new complete line is imported into the audit chain once, as
// `docdesk audit import-landing` does (a line's SHA-256 is its identity).
//   - Per file, how far it was read (offset, line count) is kept in docdesk.db's settings, with a hash of the
//     file's first bytes: a file that shrank or was replaced is read again from its start, and the line identity
//     keeps that from adding anything twice. A crash between importing and saving the position costs the same.
//   - A file whose size and modification time did not change is not opened.
//   - Only complete lines are taken (landing-line-reader.ts), in bounded chunks, so a huge file costs bounded
//     memory and a line being written is never imported half.
//   - A bad line is reported with its file and line number (Settings, the audit log) and the rest is imported.
// The folder does not depend on the active profile (the chain is the data folder's): a profile switch leaves the
// watcher running. The backend's close stops it after the look in progress.
// The setting and the progress are written as steps on docdesk.db's writer (issue 16 step 8: `settings.put`, the
// folder's change with its operator action in the same step) and read back on the read-only connection.
import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { LandingFolderStatus, LandingImported } from '../../shared/domain/landing-folder.ts';
import type { Db } from '../store/open-database.ts';
import type { OperatorAction } from '../store/operator-log.ts';
import { parseSettingValue } from '../store/row-shapes.ts';
import type { SettingsWrites } from '../store/settings-writes.ts';
import { AuditInputError } from './audit-service.ts';
import { parseLandingLine, type LandingEvent } from './landing-events.ts';
import { readCompleteLines, START_OF_FILE } from './landing-line-reader.ts';

export const LANDING_FOLDER_SETTING = 'landingFolder';
const PROGRESS_PREFIX = 'landingFolder.file:';
/** Refused lines remembered per file (the audit log has every one). */
const KEPT_ERRORS = 20;
const HEAD_BYTES = 4096;
const DOCUMENTS_PER_EVENT = 500;

const progressSchema = z.object({
  position: z.object({ offset: z.number().int().min(0), newlines: z.number().int().min(0), inLine: z.enum(['taken', 'skipped']).nullable() }),
  /** SHA-256 of the file's first headBytes bytes, to notice a replaced file. */
  head: z.string(),
  headBytes: z.number().int().min(0),
  /** Size and modification time when the file was last read to its end: unchanged means nothing new. */
  size: z.number().int(),
  mtimeMs: z.number(),
  lines: z.number().int(),
  added: z.number().int(),
  invalid: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), message: z.string() })),
});
type Progress = z.infer<typeof progressSchema>;

export interface LandingImporter {
  importLandingEvents(
    parsed: readonly { sha: string; event: LandingEvent }[],
    source: { folder: string; file: string; lines: number; invalid: number; errors: { line: number; message: string }[] },
  ): Promise<LandingEvent[]>;
}

export interface LandingFolderOptions {
  /** Where the setting and the progress are read (the read-only connection: each read sees every committed step). */
  db: Db;
  /** Where they are written: steps on docdesk.db's writer. */
  settings: Pick<SettingsWrites, 'putSetting'>;
  audit: LandingImporter;
  /** The operator's setting change, stamped (operator-log.ts): it commits with the change, audited. */
  changeAction: (before: string | null, after: string | null) => OperatorAction;
  pollMs?: number;
  now?: () => number;
  /** Reader limits (tests use small ones). */
  reader?: { chunkBytes?: number; maxLineBytes?: number; batchLines?: number };
}

const REFUSED: Record<'too_long' | 'continued', (max: number) => string> = {
  too_long: (max) => `한 줄이 너무 깁니다(${Math.round(max / 1024)} KiB 초과). 한 줄에 이벤트 하나만 쓰세요.`,
  continued: () => '이미 끝난 줄(줄바꿈 없이 끝난 마지막 줄) 뒤에 내용이 이어졌습니다. 이벤트마다 줄바꿈(\\n)으로 끝내세요.',
};

function folderKey(folder: string): string {
  return createHash('sha256').update(folder, 'utf8').digest('hex').slice(0, 16);
}

async function headHash(filePath: string, bytes: number): Promise<string> {
  const handle = await open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
  } finally {
    await handle.close();
  }
}

function describeFsError(err: unknown): string {
  const code = (err as { code?: unknown }).code;
  if (code === 'ENOENT') return '폴더가 없습니다(공유 폴더 연결이 끊겼거나 이름이 바뀌었을 수 있습니다)';
  if (code === 'EACCES' || code === 'EPERM') return '폴더를 읽을 권한이 없습니다';
  if (code === 'ENOTDIR') return '폴더가 아닙니다';
  return `폴더를 읽지 못했습니다(${typeof code === 'string' ? code : err instanceof Error ? err.message : String(err)})`;
}

export function createLandingFolderWatcher(o: LandingFolderOptions) {
  const pollMs = o.pollMs ?? 5_000;
  const now = o.now ?? Date.now;
  const maxLineBytes = o.reader?.maxLineBytes ?? 64 * 1024;
  // Each batch is checked and appended on the main thread in one stretch (~0.2 ms a line): small batches keep
  // the screens responsive while a large file is taken in.
  const reader = { batchLines: 100, ...o.reader };
  const getSetting = o.db.prepare('SELECT value FROM settings WHERE key = ?').pluck();

  const listeners = new Set<(r: LandingImported) => void>();
  const files = new Map<string, LandingFolderStatus['files'][number]>();
  let lastScanAt: number | null = null;
  let lastError: string | null = null;
  let running = false;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let scanning: Promise<void> | null = null;

  const folder = (): string | null => parseSettingValue(getSetting.get(LANDING_FOLDER_SETTING)) ?? null;
  const progressKey = (dir: string, name: string) => `${PROGRESS_PREFIX}${folderKey(dir)}:${name}`;
  function loadProgress(dir: string, name: string): Progress | null {
    const raw = parseSettingValue(getSetting.get(progressKey(dir, name)));
    if (raw === undefined) return null;
    try {
      const parsed = progressSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null; // unreadable: read again from the start (nothing is added twice)
    } catch {
      return null;
    }
  }
  const saveProgress = (dir: string, name: string, p: Progress): Promise<void> => o.settings.putSetting(progressKey(dir, name), JSON.stringify(p));

  /** Where to continue in this file, or its start when it shrank or its first bytes are not what was read. */
  async function resumeAt(filePath: string, size: number, p: Progress | null): Promise<Progress> {
    const fresh: Progress = { position: START_OF_FILE, head: '', headBytes: 0, size: -1, mtimeMs: -1, lines: 0, added: 0, invalid: 0, errors: [] };
    if (!p || size < p.position.offset) return fresh;
    if (p.headBytes > 0 && (await headHash(filePath, p.headBytes)) !== p.head) return fresh;
    return p;
  }

  async function scanFile(dir: string, name: string, found: LandingImported): Promise<void> {
    const filePath = path.join(dir, name);
    const st = await stat(filePath);
    if (!st.isFile()) return;
    const stored = loadProgress(dir, name);
    if (stored && stored.size === st.size && stored.mtimeMs === st.mtimeMs) {
      files.set(name, { name, lines: stored.lines, added: stored.added, invalid: stored.invalid, errors: stored.errors });
      return;
    }
    let p = await resumeAt(filePath, st.size, stored);
    let complete = true;
    for await (const batch of readCompleteLines(filePath, p.position, reader)) {
      const valid: { sha: string; event: LandingEvent }[] = [];
      const invalid: { line: number; message: string }[] = batch.refused.map((r) => ({ line: r.line, message: REFUSED[r.reason](maxLineBytes) }));
      for (const l of batch.lines) {
        const r = parseLandingLine(l.text);
        if (r.ok) valid.push(r);
        else invalid.push({ line: l.line, message: r.message });
      }
      invalid.sort((a, b) => a.line - b.line);
      let added: LandingEvent[] = [];
      const lines = batch.lines.length + batch.refused.length;
      if (lines > 0) added = await o.audit.importLandingEvents(valid, { folder: dir, file: name, lines, invalid: invalid.length, errors: invalid.slice(0, KEPT_ERRORS) });
      p = { ...p, position: batch.position, lines: p.lines + lines, added: p.added + added.length, invalid: p.invalid + invalid.length, errors: [...p.errors, ...invalid].slice(0, KEPT_ERRORS) };
      if (p.headBytes < HEAD_BYTES && p.position.offset > p.headBytes) {
        p.headBytes = Math.min(HEAD_BYTES, p.position.offset);
        p.head = await headHash(filePath, p.headBytes);
      }
      await saveProgress(dir, name, p);
      found.added += added.length;
      found.invalid += invalid.length;
      for (const e of added) {
        for (const id of [e.external_document_uuid, e.document_binder_uuid]) {
          if (id && found.documents.length < DOCUMENTS_PER_EVENT && !found.documents.includes(id)) found.documents.push(id);
        }
      }
      if (stopping) {
        complete = false;
        break;
      }
    }
    // Read to the size seen at the start: unchanged size and time from now on mean nothing new.
    if (complete) await saveProgress(dir, name, { ...p, size: st.size, mtimeMs: st.mtimeMs });
    files.set(name, { name, lines: p.lines, added: p.added, invalid: p.invalid, errors: p.errors });
  }

  async function scanOnce(): Promise<LandingImported> {
    const found: LandingImported = { source: 'folder', added: 0, invalid: 0, documents: [] };
    const dir = folder();
    if (dir === null) return found;
    let names: string[];
    try {
      names = (await readdir(dir, { withFileTypes: true }))
        .filter((d) => (d.isFile() || d.isSymbolicLink()) && !d.name.startsWith('.') && /\.jsonl$/i.test(d.name))
        .map((d) => d.name)
        .sort();
    } catch (err) {
      lastError = `랜딩 이벤트 폴더 ${dir}: ${describeFsError(err)}. 연결을 확인하면 다음 확인 때 이어서 가져옵니다.`;
      lastScanAt = now();
      return found;
    }
    const problems: string[] = [];
    for (const name of names) {
      if (stopping) break;
      try {
        await scanFile(dir, name, found);
      } catch (err) {
        // One unreadable file (locked, removed meanwhile) does not keep the others from being read.
        problems.push(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    lastError = problems.length > 0 ? `읽지 못한 파일이 있습니다 — ${problems.slice(0, 3).join('; ')}. 다음 확인 때 다시 시도합니다.` : null;
    lastScanAt = now();
    if (found.added > 0 || found.invalid > 0) for (const l of listeners) l(found);
    return found;
  }

  /** One look at the folder now; a look already under way is waited for and then another one made. */
  async function scanNow(): Promise<LandingImported> {
    while (scanning) await scanning;
    const run = scanOnce();
    scanning = run.then(
      () => undefined,
      () => undefined,
    );
    try {
      return await run;
    } finally {
      scanning = null;
    }
  }

  function schedule(delay: number): void {
    if (!running || stopping) return;
    timer = setTimeout(() => {
      timer = null;
      void scanNow()
        .catch((err: unknown) => {
          lastError = err instanceof Error ? err.message : String(err);
        })
        .finally(() => schedule(pollMs));
    }, delay);
    timer.unref();
  }

  function status(): LandingFolderStatus {
    const dir = folder();
    return {
      folder: dir,
      watching: running && dir !== null,
      pollSeconds: pollMs / 1000,
      lastScanAt,
      lastError,
      files: [...files.values()].sort((a, b) => b.name.localeCompare(a.name)).slice(0, 100),
    };
  }

  return {
    folder,
    status,
    scanNow,
    /** Sets (or, with null, clears) the folder after checking it can be read; audited. */
    async setFolder(next: string | null): Promise<LandingFolderStatus> {
      const before = folder();
      let value: string | null = null;
      if (next !== null) {
        if (!path.isAbsolute(next)) throw new AuditInputError('LANDING_FOLDER_INVALID', `랜딩 이벤트 폴더는 절대 경로로 입력하세요(예: \\\\서버\\공유\\landing 또는 /mnt/landing): ${next}`);
        value = path.resolve(next);
        try {
          if (!(await stat(value)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
          await readdir(value);
        } catch (err) {
          throw new AuditInputError('LANDING_FOLDER_INVALID', `랜딩 이벤트 폴더로 쓸 수 없습니다: ${value} — ${describeFsError(err)}. 경로와 공유 폴더 연결, 권한을 확인하세요.`);
        }
      }
      if (value === before) return status();
      await o.settings.putSetting(LANDING_FOLDER_SETTING, value, o.changeAction(before, value));
      files.clear();
      lastError = null;
      lastScanAt = null;
      if (running && value !== null) {
        if (timer) clearTimeout(timer);
        schedule(0);
      }
      return status();
    },
    /** Starts polling (the long-running faces: the desktop app, `docdesk web`). */
    start(): void {
      if (running) return;
      running = true;
      stopping = false;
      schedule(0);
    },
    /** Stops polling; waits for the look in progress to save where it stopped. */
    async stop(): Promise<void> {
      stopping = true;
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      while (scanning) await scanning;
    },
    onImported(listener: (r: LandingImported) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
export type LandingFolderWatcher = ReturnType<typeof createLandingFolderWatcher>;
