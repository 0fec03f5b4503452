// The safeStorage secret store and the keystore-held database passphrase, with a stand-in for Electron's
// safeStorage (the interface main/electron/ uses): refusals say why in Korean, and the database key round-trips.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createBackend } from '../../main/app/backend.ts';
import { dataDirPassphrase, KEYSTORE_FILE } from '../../main/electron/keystore-passphrase.ts';
import { createSafeStorageSecretStore, keystoreProblem, type SafeStorageLike } from '../../main/electron/safe-storage-secrets.ts';

function fakeSafeStorage(o: { available?: boolean; backend?: string } = {}): SafeStorageLike & { available: boolean } {
  return {
    available: o.available ?? true,
    isEncryptionAvailable() {
      return this.available;
    },
    getSelectedStorageBackend: () => o.backend ?? 'gnome_libsecret',
    encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((c) => c ^ 0x5a)),
    decryptString: (b) => Buffer.from(b.map((c) => c ^ 0x5a)).toString('utf8'),
  };
}
const dir = () => mkdtempSync(path.join(os.tmpdir(), 'docdesk-keystore-'));

it('refuses to store a secret without a usable keystore, saying why in Korean, and stores nothing', () => {
  const filePath = path.join(dir(), 'secrets.safe.json');
  const unavailable = createSafeStorageSecretStore({ filePath, safeStorage: fakeSafeStorage({ available: false }), env: {}, isSandboxProfile: () => false, platform: 'linux' });
  expect(() => unavailable.set('p', 'docsgw.accessToken', 'token-1234')).toThrow(/키링/);
  const basic = createSafeStorageSecretStore({ filePath, safeStorage: fakeSafeStorage({ backend: 'basic_text' }), env: {}, isSandboxProfile: () => false, platform: 'linux' });
  expect(() => basic.set('p', 'docsgw.accessToken', 'token-1234')).toThrow(/basic_text/);
  expect(existsSync(filePath)).toBe(false);
  expect(keystoreProblem(fakeSafeStorage({ available: false }), 'win32')).toMatch(/Windows/);
  expect(keystoreProblem(fakeSafeStorage({ backend: 'basic_text' }), 'win32')).toBeNull();
});

it('keeps values encrypted at rest, reports status as last 4 only, honours env overrides and clears', () => {
  const filePath = path.join(dir(), 'secrets.safe.json');
  const store = createSafeStorageSecretStore({ filePath, safeStorage: fakeSafeStorage(), env: {}, isSandboxProfile: () => false, defaults: (_p, k) => (k === 'kcp.siteKey' ? 'SANDBOX-SITE-KEY' : undefined) });
  store.set('prod', 'docsgw.accessToken', 'PLAINTEXT-TOKEN-abcd');
  expect(readFileSync(filePath, 'utf8')).not.toContain('PLAINTEXT-TOKEN');
  expect(store.get('prod', 'docsgw.accessToken')).toBe('PLAINTEXT-TOKEN-abcd');
  expect(store.status('prod', 'docsgw.accessToken')).toEqual({ key: 'docsgw.accessToken', set: true, source: 'vault', last4: 'abcd' });
  expect(store.status('prod', 'kcp.siteKey')).toMatchObject({ set: true, source: 'sandbox-default' });
  store.clear('prod', 'docsgw.accessToken');
  expect(store.status('prod', 'docsgw.accessToken')).toMatchObject({ set: false, source: 'none', last4: null });
  const env = createSafeStorageSecretStore({ filePath, safeStorage: fakeSafeStorage(), env: { DOCDESK_DOCSGW_ACCESS_TOKEN: 'from-env-9999' }, isSandboxProfile: (p) => p === 'sandbox' });
  expect(env.status('prod', 'docsgw.accessToken')).toMatchObject({ source: 'env', last4: '9999' });
  expect(env.status('sandbox', 'docsgw.accessToken')).toMatchObject({ set: false, source: 'none' });
});

it('gives a new data folder a keystore-held passphrase that opens the same encrypted database again', async () => {
  const dataDir = dir();
  const safe = fakeSafeStorage();
  const first = dataDirPassphrase(dataDir, safe, {});
  expect(first.kind).toBe('keystore');
  const keyFile = readFileSync(path.join(dataDir, KEYSTORE_FILE));
  expect(keyFile.toString('utf8')).not.toContain(first.kind === 'keystore' ? first.passphrase : 'x');
  const b1 = await createBackend({ dataDir, passphrase: first.kind === 'keystore' ? first.passphrase : undefined, env: {}, access: 'read' });
  expect(b1.dataDirProtection).toBe('passphrase');
  await b1.close();
  const again = dataDirPassphrase(dataDir, safe, {});
  expect(again).toEqual(first);
  const b2 = await createBackend({ dataDir, passphrase: again.kind === 'keystore' ? again.passphrase : undefined, env: {}, access: 'read' });
  expect(b2.dataDirProtection).toBe('passphrase');
  await b2.close();

  // Keystore gone (another OS account): the folder is not opened with a guess, and the reason is given.
  safe.available = false;
  expect(dataDirPassphrase(dataDir, safe, {}, 'linux')).toMatchObject({ kind: 'none', reason: expect.stringMatching(/키링/) });
  // A brand-new folder without a keystore stays sandbox-only; the operator's own passphrase always wins.
  expect(dataDirPassphrase(dir(), safe, {}, 'linux')).toMatchObject({ kind: 'none' });
  expect(dataDirPassphrase(dir(), safe, { DOCDESK_PASSPHRASE: 'operator-pass' })).toEqual({ kind: 'env', passphrase: 'operator-pass' });
});
