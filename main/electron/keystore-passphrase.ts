// The database key for the desktop app, kept the same way as the secrets (DESIGN §4): a new data folder gets a
// random 256-bit passphrase that only safeStorage (the OS keystore) can unwrap; DocDesk's usual passphrase scheme
// (main/secrets/data-dir-keys.ts: scrypt → HKDF → SQLCipher key) does the rest, so the CLI and Electron share one
// format. Without a usable keystore a new folder stays sandbox-only (unprotected key file, clearly marked).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../store/atomic-file.ts';
import { keystoreProblem, type SafeStorageLike } from './safe-storage-secrets.ts';

export const KEYSTORE_FILE = 'datadir-key.safe';

export type DataDirPassphrase =
  | { kind: 'keystore'; passphrase: string }
  | { kind: 'env'; passphrase: string }
  | { kind: 'none'; reason: string | null };

export function dataDirPassphrase(dataDir: string, safeStorage: SafeStorageLike, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): DataDirPassphrase {
  // An operator who manages the passphrase (shared with the CLI) sets it in the environment.
  if (env.DOCDESK_PASSPHRASE) return { kind: 'env', passphrase: env.DOCDESK_PASSPHRASE };
  const keyFile = path.join(dataDir, KEYSTORE_FILE);
  const problem = keystoreProblem(safeStorage, platform);
  if (existsSync(keyFile)) {
    if (problem) return { kind: 'none', reason: problem };
    return { kind: 'keystore', passphrase: safeStorage.decryptString(readFileSync(keyFile)) };
  }
  // Only a brand-new folder gets a keystore passphrase; an existing folder keeps the protection it was made with.
  if (existsSync(path.join(dataDir, 'datadir.json'))) return { kind: 'none', reason: null };
  if (problem) return { kind: 'none', reason: problem };
  const passphrase = randomBytes(32).toString('base64url');
  writeFileAtomic(keyFile, safeStorage.encryptString(passphrase));
  return { kind: 'keystore', passphrase };
}
