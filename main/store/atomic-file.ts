import { closeSync, fsyncSync, openSync, renameSync, writeSync } from 'node:fs';

/** Write-then-rename so a crash never leaves a half-written file behind. */
export function writeFileAtomic(filePath: string, data: string | Buffer, mode = 0o600): void {
  const tmp = `${filePath}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, filePath);
}
