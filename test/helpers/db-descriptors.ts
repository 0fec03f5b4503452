// This process's open descriptors of one database file (Linux /proc): how many connections hold it and how many of
// them opened it for writing — the proof of "one write connection per database" (issue 16 item 1).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

/** Descriptors pointing at `file` itself (not its -wal or -shm), and how many are open for writing. */
export function descriptorsOf(file: string): { open: number; readWrite: number } {
  const seen = { open: 0, readWrite: 0 };
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== file) continue;
      // `flags:` is octal; the access mode is its low two bits (O_RDONLY 0, O_WRONLY 1, O_RDWR 2).
      const flags = /^flags:\s+([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags === undefined) continue;
      seen.open++;
      if ((parseInt(flags, 8) & 3) !== 0) seen.readWrite++;
    } catch {
      // closed meanwhile
    }
  }
  return seen;
}
