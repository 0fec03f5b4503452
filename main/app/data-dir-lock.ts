// One writer per data folder (DESIGN §12): a second sending process would journal the same queue twice.
//
// The lock is one the kernel releases when its holder dies, however it dies: SQLite's RESERVED lock on a small,
// empty database, docdesk.lock.db, held by a BEGIN IMMEDIATE transaction that stays open while the backend lives.
// SQLite takes it as an fcntl lock on Unix (LockFileEx on Windows), and a process holds it or not whatever PID
// namespace or host it runs in: no PID is ever checked, so no live holder is ever declared dead. The RESERVED
// byte is the single point of decision: two processes that race both may get SHARED for a moment, but the
// kernel grants RESERVED to exactly one, and the other fails at once (busy timeout 0) with SQLITE_BUSY. Nobody
// ever writes to the file, so no one goes on to PENDING/EXCLUSIVE and no reader can be starved or deadlocked.
//
// Rules that keep the lock real:
// - Only this module opens docdesk.lock.db, only through SQLite, and never on a worker thread. Closing ANY file
//   descriptor of that file drops every fcntl lock the process holds on it; SQLite guards that for its own
//   connections in the process (a refused second connection here keeps the holder's lock), not for fs.* calls.
// - Held connections are kept in a module-level set: a better-sqlite3 handle that is garbage-collected closes,
//   and its lock would go with it while the backend still runs.
// - The file is never deleted or replaced: a new inode would be a new, free lock beside a held one.
//
// Who holds it is recorded in docdesk.lock.json (data-dir-holder.ts), for the refusal's wording and to know how
// the previous writer stopped; the record is written only by the process that holds the lock.
import Database from 'better-sqlite3-multiple-ciphers';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { busyMessage, readHolder, writeHolder, type HolderRecord } from './data-dir-holder.ts';
import { ConfigError } from './errors.ts';

export const LOCK_FILE = 'docdesk.lock.db';
/** The PID file of DocDesk versions before the kernel lock; such versions neither take nor know the new lock. */
const LEGACY_PID_FILE = 'docdesk.lock';

/**
 * How the previous writer left the folder. Only 'stopped-cleanly' — a release with nothing left in flight — spares
 * the start-up recovery (IN_FLIGHT → UNKNOWN); every other case is a takeover after a writer that did not finish.
 */
export type PreviousWriter = 'stopped-cleanly' | 'stopped-with-work-in-flight' | 'died-holding' | 'no-record' | 'legacy-pid-file';

export interface DataDirLock {
  readonly previousWriter: PreviousWriter;
  /** The previous writer did not finish: work it left IN_FLIGHT must become UNKNOWN before anything else runs. */
  readonly recoveryDue: boolean;
  /** Marks the record released (`recoveryDue`: work is left for the next writer to settle), then drops the lock. */
  release(o: { recoveryDue: boolean }): void;
}

const held = new Set<Database.Database>();
/** SQLite's and Node's errors both carry a string `code`. */
const errorCodeSchema = z.object({ code: z.string() });

export interface DataDirLockOptions {
  /** The name recorded for this host and compared with the holder's (a test seam: defaults to os.hostname()). */
  hostName?: string;
}

export function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): DataDirLock {
  const hostName = options.hostName ?? os.hostname();
  const conn = new Database(path.join(dataDir, LOCK_FILE), { timeout: 0 });
  try {
    conn.exec('BEGIN IMMEDIATE');
  } catch (err) {
    conn.close(); // safe while another connection of this process holds the lock: SQLite defers the fd's close
    const code = errorCodeSchema.safeParse(err).data?.code;
    if (code === 'SQLITE_BUSY') throw new ConfigError('DATA_DIR_BUSY', busyMessage(readHolder(dataDir), hostName), 4);
    if (code === 'SQLITE_NOTADB') {
      throw new ConfigError(
        'DATA_DIR_LOCK_INVALID',
        `데이터 폴더의 잠금 파일(${LOCK_FILE})이 손상되었습니다. 이 폴더를 쓰는 DocDesk를 모두 종료한 뒤 그 파일을 지우고 다시 실행하세요.`,
        4,
      );
    }
    throw err;
  }
  held.add(conn);
  const unlock = (): void => {
    held.delete(conn);
    conn.close();
  };

  let previousWriter: PreviousWriter;
  try {
    previousWriter = takeOverLegacyPidFile(dataDir) ? 'legacy-pid-file' : howItStopped(readHolder(dataDir));
    // Before anything else touches the folder: from here on, a crash of this process reads as 'died-holding'.
    writeHolder(dataDir, { ...identity(hostName), state: 'held', recoveryDue: false });
  } catch (err) {
    unlock();
    throw err;
  }

  return {
    previousWriter,
    recoveryDue: previousWriter !== 'stopped-cleanly',
    release({ recoveryDue }) {
      if (!held.has(conn)) return;
      try {
        // Written while still holding the lock, so it can never overwrite the record of the next holder.
        writeHolder(dataDir, { ...identity(hostName), state: 'released', recoveryDue });
      } catch {
        // The record still says 'held': the next writer recovers as after a crash, which is the safe side.
      } finally {
        unlock();
      }
    },
  };
}

function identity(host: string): Pick<HolderRecord, 'version' | 'host' | 'pid' | 'processStartedAt'> {
  return { version: 1, host, pid: process.pid, processStartedAt: Math.round(performance.timeOrigin) };
}

function howItStopped(record: HolderRecord | null): PreviousWriter {
  if (record === null) return 'no-record';
  if (record.state === 'held') return 'died-holding';
  return record.recoveryDue ? 'stopped-with-work-in-flight' : 'stopped-cleanly';
}

/**
 * A `docdesk.lock` PID file left by an older DocDesk (upgrade path). That version holds no kernel lock, so its
 * PID is all there is to go on: a PID alive on this computer may be that version still running — refused; any
 * other file is what a killed older writer left, removed here and recovered after like a crash. An older
 * version running on another host or in another PID namespace cannot be seen at all, which is why every
 * computer that shares a data folder must be upgraded together.
 */
function takeOverLegacyPidFile(dataDir: string): boolean {
  const file = path.join(dataDir, LEGACY_PID_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const pid = Number(text.trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processExistsHere(pid)) {
    throw new ConfigError(
      'DATA_DIR_BUSY',
      `이전 버전의 DocDesk(프로세스 ${pid})가 이 데이터 폴더를 사용 중일 수 있습니다. 그 프로그램을 종료한 뒤 다시 실행하세요. 실행 중인 DocDesk가 없다면 ${LEGACY_PID_FILE} 파일을 지우고 다시 실행하세요.`,
      4,
    );
  }
  rmSync(file, { force: true });
  return true;
}

function processExistsHere(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return errorCodeSchema.safeParse(err).data?.code === 'EPERM';
  }
}
