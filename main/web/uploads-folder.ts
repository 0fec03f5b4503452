// Where the web bridge saves what the browser uploads (POST /api/upload). The contract reads input files from here
// (main/app/chosen-files.ts), so both sides name the folder through this one function.
// An upload is a plain-text copy of a list with names, phone numbers or account numbers: it is deleted once the
// work that needed it is done (main/app/contract-handlers.ts), and anything a screen left behind (an abandoned
// wizard) is swept after a day, at start-up and before each new upload (issue 14 §7).
import { lstatSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import path from 'node:path';

export const UPLOAD_MAX_AGE_MS = 86_400_000;

export function uploadsRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'uploads');
}

/**
 * Deletes `filePath` when it is a file directly in uploads/ (by real path); anything else — a file the operator
 * picked in the native dialog, wherever it is — is theirs and stays. Returns whether it deleted.
 */
export function discardUpload(dataDir: string, filePath: string): boolean {
  let root: string;
  let real: string;
  try {
    root = realpathSync(uploadsRoot(dataDir));
    real = realpathSync(filePath);
  } catch {
    return false;
  }
  if (path.dirname(real) !== root || !lstatSync(real).isFile()) return false;
  rmSync(real, { force: true });
  return true;
}

/** Deletes whatever in uploads/ is older than `maxAgeMs`; returns how many entries went. */
export function sweepUploads(dataDir: string, o: { maxAgeMs?: number; now?: number } = {}): number {
  const root = uploadsRoot(dataDir);
  const cutoff = (o.now ?? Date.now()) - (o.maxAgeMs ?? UPLOAD_MAX_AGE_MS);
  let swept = 0;
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return 0; // no uploads yet
  }
  for (const name of names) {
    const p = path.join(root, name);
    const st = lstatSync(p, { throwIfNoEntry: false });
    if (!st || st.mtimeMs >= cutoff) continue;
    rmSync(p, { recursive: true, force: true });
    swept++;
  }
  return swept;
}
