import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Write-then-rename so a crash never leaves a half-written file behind. */
export function writeFileAtomic(filePath: string, data: string | Buffer, mode = 0o600): void {
  const tmp = `${filePath}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    // open's mode applies only to a file it creates: a temp file left by a crashed run keeps its old mode.
    if (process.platform !== 'win32') fchmodSync(fd, mode);
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, filePath);
}
