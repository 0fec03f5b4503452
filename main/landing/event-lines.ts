// Where the landing server writes its JSON Lines (issue 14 §6). These lines are the evidence of a reading (O1/O2,
// reference evidence-and-audit.md §1), and nothing else holds them on the web host, so each line is written with
// one write() in append mode and fsync'ed before the page answers. Daily files (Korean date, landing-YYYY-MM-DD
// .jsonl) keep each file small for the DocDesk PC that imports the folder; a new file's directory entry is
// fsync'ed too.
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface EventLineWriter {
  /** Appends one line (without its '\n') and returns once it is on disk. */
  write(line: string): void;
  close(): void;
}

/** Korean calendar date of a time (UTC+9 all year: Korea has no daylight saving). */
export function koreanDate(ms: number): string {
  return new Date(ms + 9 * 3_600_000).toISOString().slice(0, 10);
}

function syncDir(dir: string): void {
  // Makes a new file's name durable. Windows cannot open a folder for this; NTFS journals the entry itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  fsyncSync(fd);
}

/** One file for every line (the in-app server's `--out FILE.jsonl`). */
export function fileLineWriter(filePath: string): EventLineWriter {
  let fd: number | null = null;
  return {
    write(line) {
      if (fd === null) {
        mkdirSync(path.dirname(filePath), { recursive: true });
        fd = openSync(filePath, 'a', 0o640);
        syncDir(path.dirname(filePath));
      }
      writeAll(fd, `${line}\n`);
    },
    close() {
      if (fd !== null) closeSync(fd);
      fd = null;
    },
  };
}

/** `<dir>/<prefix>-YYYY-MM-DD.jsonl`, a new file each Korean day. */
export function dailyLineWriter(dir: string, prefix: string, now: () => number = Date.now): EventLineWriter {
  let current: { date: string; fd: number } | null = null;
  return {
    write(line) {
      const date = koreanDate(now());
      if (current?.date !== date) {
        if (current) closeSync(current.fd);
        current = null;
        mkdirSync(dir, { recursive: true });
        const fd = openSync(path.join(dir, `${prefix}-${date}.jsonl`), 'a', 0o640);
        current = { date, fd };
        syncDir(dir);
      }
      writeAll(current.fd, `${line}\n`);
    },
    close() {
      if (current) closeSync(current.fd);
      current = null;
    },
  };
}
