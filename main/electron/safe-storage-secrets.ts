// Secrets for the desktop app (DESIGN §4, §12): each value encrypted with Electron's safeStorage (DPAPI on Windows,
// the login keyring on Linux) in <dataDir>/secrets.safe.json. Environment overrides and the sandbox's public test
// credentials work as in the vault store (main/secrets/secret-store.ts), which this replaces for Electron.
// When the OS cannot encrypt (no keyring, or Chromium's plain-text fallback) nothing is stored, and the error
// says why in Korean.
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { createSecretStore, type SecretLayers, type SecretStore } from '../secrets/secret-store.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';

/** The part of Electron's safeStorage this store uses (an interface, so tests can pass a stand-in). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  getSelectedStorageBackend?(): string;
}

export class KeystoreUnavailableError extends Error {
  readonly code = 'KEYSTORE_UNAVAILABLE';
  readonly exitCode = 4 as const;
}

/** Why safeStorage cannot protect a secret here, in Korean; null when it can. */
export function keystoreProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safeStorage.isEncryptionAvailable()) {
    return platform === 'linux'
      ? '운영체제 키 저장소(GNOME 키링 또는 KWallet)를 사용할 수 없어 비밀 값을 안전하게 저장할 수 없습니다. 데스크톱 세션에서 키링을 잠금 해제한 뒤 다시 시도하세요.'
      : '운영체제의 암호화 저장소를 사용할 수 없어 비밀 값을 안전하게 저장할 수 없습니다. Windows 사용자 계정으로 로그인했는지 확인하세요.';
  }
  // Chromium falls back to a hard-coded key on Linux without a keyring: that is obfuscation, not protection.
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') {
    return '키링이 없어 운영체제가 평문에 가까운 방식(basic_text)으로만 암호화할 수 있습니다. 비밀 값을 저장하지 않았습니다. GNOME 키링 또는 KWallet을 설치·잠금 해제한 뒤 다시 시도하세요.';
  }
  return null;
}

const fileSchema = z.object({ version: z.literal(1), entries: z.record(z.string(), z.string()) });

export function createSafeStorageSecretStore(options: { filePath: string; safeStorage: SafeStorageLike; platform?: NodeJS.Platform } & SecretLayers): SecretStore {
  function read(): Record<string, string> {
    if (!existsSync(options.filePath)) return {};
    return fileSchema.parse(JSON.parse(readFileSync(options.filePath, 'utf8'))).entries;
  }
  function write(entries: Record<string, string>): void {
    writeFileAtomic(options.filePath, JSON.stringify({ version: 1, entries }));
  }
  return createSecretStore(
    {
      get(slot) {
        const blob = read()[slot];
        if (!blob) return undefined;
        // A value this OS account cannot decrypt (copied folder, changed keyring) counts as not set.
        if (keystoreProblem(options.safeStorage, options.platform)) return undefined;
        try {
          return options.safeStorage.decryptString(Buffer.from(blob, 'base64'));
        } catch {
          return undefined;
        }
      },
      set(slot, value) {
        const problem = keystoreProblem(options.safeStorage, options.platform);
        if (problem) throw new KeystoreUnavailableError(problem);
        const entries = read();
        entries[slot] = options.safeStorage.encryptString(value).toString('base64');
        write(entries);
      },
      clear(slot) {
        const entries = read();
        delete entries[slot];
        write(entries);
      },
    },
    options,
  );
}
