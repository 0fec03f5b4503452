// Secrets: environment overrides first (test and production profiles only), then what is stored, then (sandbox
// only) public test defaults. A sandbox profile ignores DOCDESK_* credentials, so `docdesk demo` and the sandbox
// behave the same whatever the operator's shell holds (issue 13 item 7). The CLI and tests store in an AES-256-GCM
// vault file unlocked by the data folder's key; Electron stores with safeStorage
// (main/electron/safe-storage-secrets.ts). Both are a SecretSlots backend under the one layering below.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { SECRET_ENV, type SecretKey, type SecretStatus } from '../../shared/domain/secrets.ts';
import { writeFileAtomic } from '../store/atomic-file.ts';

export interface SecretStore {
  /** The value, for the service that needs it. Never returned across the contract. */
  get(profile: string, key: SecretKey): string | undefined;
  set(profile: string, key: SecretKey, value: string): void;
  clear(profile: string, key: SecretKey): void;
  status(profile: string, key: SecretKey): SecretStatus;
}

/** Where stored values live, slot = `<profile>:<key>`. `get` answers undefined for a value it cannot read. */
export interface SecretSlots {
  get(slot: string): string | undefined;
  set(slot: string, value: string): void;
  clear(slot: string): void;
}

export interface SecretLayers {
  env?: NodeJS.ProcessEnv;
  /** Sandbox profiles take no credential from the environment. */
  isSandboxProfile: (profile: string) => boolean;
  /** Values used when nothing is set, e.g. the sandbox's public test credentials. */
  defaults?: (profile: string, key: SecretKey) => string | undefined;
}

export function createSecretStore(slots: SecretSlots, layers: SecretLayers): SecretStore {
  const env = layers.env ?? process.env;
  const slot = (profile: string, key: SecretKey) => `${profile}:${key}`;

  function resolve(profile: string, key: SecretKey): { value: string | undefined; source: SecretStatus['source'] } {
    const fromEnv = layers.isSandboxProfile(profile) ? undefined : env[SECRET_ENV[key]];
    if (fromEnv) return { value: fromEnv, source: 'env' };
    const stored = slots.get(slot(profile, key));
    if (stored) return { value: stored, source: 'vault' };
    const fallback = layers.defaults?.(profile, key);
    if (fallback) return { value: fallback, source: 'sandbox-default' };
    return { value: undefined, source: 'none' };
  }

  return {
    get: (profile, key) => resolve(profile, key).value,
    set(profile, key, value) {
      if (!value.trim()) throw new Error('비어 있는 값은 저장할 수 없습니다.');
      slots.set(slot(profile, key), value.trim());
    },
    clear: (profile, key) => slots.clear(slot(profile, key)),
    status(profile, key) {
      const { value, source } = resolve(profile, key);
      return { key, set: value !== undefined, source, last4: value ? value.slice(-4) : null };
    },
  };
}

const vaultSchema = z.record(z.string(), z.string());

/** The CLI's vault: one AES-256-GCM blob (iv ‖ tag ‖ ciphertext) of all slots. */
export function createVaultSecretStore(options: { vaultPath: string; vaultKey: Buffer } & SecretLayers): SecretStore {
  function read(): Record<string, string> {
    if (!existsSync(options.vaultPath)) return {};
    const blob = readFileSync(options.vaultPath);
    const decipher = createDecipheriv('aes-256-gcm', options.vaultKey, blob.subarray(0, 12));
    decipher.setAuthTag(blob.subarray(12, 28));
    const plain = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]);
    return vaultSchema.parse(JSON.parse(plain.toString('utf8')));
  }
  function write(entries: Record<string, string>): void {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', options.vaultKey, iv);
    const ct = Buffer.concat([cipher.update(JSON.stringify(entries), 'utf8'), cipher.final()]);
    writeFileAtomic(options.vaultPath, Buffer.concat([iv, cipher.getAuthTag(), ct]));
  }
  return createSecretStore(
    {
      get: (slot) => read()[slot],
      set(slot, value) {
        const entries = read();
        entries[slot] = value;
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
