// Folders and files that hold personal data or keys (the data folder, exports/, uploads/, evidence bundles) are
// readable by their owner only on POSIX (0700 / 0600), so another account on a shared PC cannot read them.
// Windows has no such mode bits (the user profile's ACLs apply), so nothing is changed there.
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';

export const OWNER_ONLY_DIR_MODE = 0o700;
export const OWNER_ONLY_FILE_MODE = 0o600;

const POSIX = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) owner-only, and tightens it when it already exists with group or other
 * bits: a folder made by an older version, or by hand, would otherwise stay readable by everyone.
 */
export function ensureOwnerOnlyDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: OWNER_ONLY_DIR_MODE });
  if (POSIX) {
    const st = statSync(dir);
    // Only our own folder: another account's folder (a shared --data-dir) is its owner's to change.
    if ((st.mode & 0o077) !== 0 && st.uid === process.getuid?.()) chmodSync(dir, OWNER_ONLY_DIR_MODE);
  }
  return dir;
}

/** A new file readable by its owner only (the mode applies when the file is created, so pass a fresh path). */
export function writeOwnerOnlyFile(filePath: string, data: string | Buffer): void {
  writeFileSync(filePath, data, { mode: OWNER_ONLY_FILE_MODE, flag: 'wx' });
}
