// One sending backend per data folder: a second process would double-journal the same queue. A lock left by a
// killed process (kill -9) is taken over, and that is exactly when IN_FLIGHT documents become UNKNOWN.
import { openSync, closeSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDataDirLock(dataDir: string): { release(): void; tookOverFromPid: number | null } {
  const file = path.join(dataDir, 'docdesk.lock');
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        tookOverFromPid: null,
        release: () => {
          try {
            if (readFileSync(file, 'utf8') === String(process.pid)) unlinkSync(file);
          } catch {
            /* already gone */
          }
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new ConfigError('DATA_DIR_BUSY', `다른 DocDesk(프로세스 ${pid})가 이 데이터 폴더를 사용 중입니다. 그 작업이 끝난 뒤 다시 실행하세요.`, 4);
      }
      unlinkSync(file); // stale: its owner is gone
    }
  }
  throw new ConfigError('DATA_DIR_BUSY', '데이터 폴더 잠금을 얻지 못했습니다.', 4);
}
