import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDataDirKeys } from '../../main/secrets/data-dir-keys.ts';
import { createVaultSecretStore } from '../../main/secrets/secret-store.ts';
import { openDatabase, DatabaseKeyError } from '../../main/store/open-database.ts';
import { LATEST_SCHEMA_VERSION } from '../../main/store/migrations.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'docdesk-store-'));

describe('data folder keys', () => {
  it('a passphrase folder needs the passphrase and rejects a wrong one at open', () => {
    const dir = tmp();
    const k1 = loadDataDirKeys(dir, 'correct horse');
    expect(k1.protection).toBe('passphrase');
    const db = openDatabase(path.join(dir, 'docdesk.db'), k1.dbKey);
    db.prepare(`INSERT INTO settings (key, value) VALUES ('x', '홍길동')`).run();
    db.close();
    expect(() => loadDataDirKeys(dir, undefined)).toThrow(/DOCDESK_PASSPHRASE/);
    const wrong = loadDataDirKeys(dir, 'wrong');
    expect(() => openDatabase(path.join(dir, 'docdesk.db'), wrong.dbKey)).toThrow(DatabaseKeyError);
    // Encrypted at rest: the plaintext never appears in the file.
    expect(readFileSync(path.join(dir, 'docdesk.db')).includes(Buffer.from('홍길동'))).toBe(false);
  });

  it('a folder made without a passphrase is sandbox-only with a marked key file', () => {
    const dir = tmp();
    const k = loadDataDirKeys(dir, undefined);
    expect(k.protection).toBe('unprotected-sandbox');
    expect(readdirSync(dir)).toContain('UNPROTECTED-sandbox-key.txt');
    expect(loadDataDirKeys(dir, undefined).dbKey.equals(k.dbKey)).toBe(true);
  });

  it('a new passphrase shorter than 10 characters is refused in Korean and nothing is written', () => {
    const dir = tmp();
    expect(() => loadDataDirKeys(dir, '123456789')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_TOO_SHORT', message: expect.stringMatching(/10자 이상.*9자/) }));
    expect(readdirSync(dir)).toEqual([]);
    // Characters, not bytes: ten Hangul syllables are ten characters.
    expect(loadDataDirKeys(dir, '가나다라마바사아자차').protection).toBe('passphrase');
  });

  it('a passphrase given for a sandbox-only folder is an error, not ignored', () => {
    const dir = tmp();
    loadDataDirKeys(dir, undefined);
    expect(() => loadDataDirKeys(dir, 'a-long-enough-passphrase')).toThrow(expect.objectContaining({ code: 'PASSPHRASE_NOT_USED', message: expect.stringMatching(/샌드박스 전용/) }));
  });
});

describe('store', () => {
  it('applies migrations once and keeps the exchange log append-only', () => {
    const dir = tmp();
    const { dbKey } = loadDataDirKeys(dir, 'test-passphrase');
    const db = openDatabase(path.join(dir, 'd.db'), dbKey);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    db.prepare(
      `INSERT INTO exchange_log (at, service, endpoint, method, host, path, address, port, status, duration_ms, failure_phase, correlation_json, record_json)
       VALUES (1, 'docsgw', 'bulkSend', 'POST', 'h', '/p', null, 443, 200, 1, null, '{}', '{}')`,
    ).run();
    expect(() => db.prepare('UPDATE exchange_log SET status = 500').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM exchange_log').run()).toThrow(/append-only/);
    db.close();
    const again = openDatabase(path.join(dir, 'd.db'), dbKey);
    expect((again.prepare('SELECT count(*) n FROM exchange_log').get() as { n: number }).n).toBe(1);
    again.close();
  });
});

describe('secret vault', () => {
  it('stores encrypted, reports only the last 4, and lets the environment override', () => {
    const dir = tmp();
    const { vaultKey } = loadDataDirKeys(dir, 'test-passphrase');
    const env: NodeJS.ProcessEnv = {};
    const store = createVaultSecretStore({ vaultPath: path.join(dir, 'vault.bin'), vaultKey, env, isSandboxProfile: (p) => p === 'sandbox' });
    store.set('prod', 'docsgw.accessToken', 'MARKER-SECRET-TOKEN-1234');
    expect(readFileSync(path.join(dir, 'vault.bin')).includes(Buffer.from('MARKER-SECRET'))).toBe(false);
    expect(store.status('prod', 'docsgw.accessToken')).toEqual({ key: 'docsgw.accessToken', set: true, source: 'vault', last4: '1234' });
    expect(store.status('other', 'docsgw.accessToken').set).toBe(false);
    env.DOCDESK_DOCSGW_ACCESS_TOKEN = 'from-env-9876';
    expect(store.get('prod', 'docsgw.accessToken')).toBe('from-env-9876');
    expect(store.status('prod', 'docsgw.accessToken').source).toBe('env');
    delete env.DOCDESK_DOCSGW_ACCESS_TOKEN;
    store.clear('prod', 'docsgw.accessToken');
    expect(store.get('prod', 'docsgw.accessToken')).toBeUndefined();
    const wrongKey = createVaultSecretStore({ vaultPath: path.join(dir, 'vault.bin'), vaultKey: Buffer.alloc(32, 1), env, isSandboxProfile: () => false });
    expect(() => wrongKey.get('prod', 'docsgw.accessToken')).toThrow();
  });

  it('a sandbox profile takes no credential from the environment, whatever the shell holds', () => {
    const dir = tmp();
    const { vaultKey } = loadDataDirKeys(dir, undefined);
    const env: NodeJS.ProcessEnv = { DOCDESK_DOCSGW_ACCESS_TOKEN: 'shell-token-1111', DOCDESK_PAYUP_API_CERT_KEY: 'shell-key-2222' };
    const store = createVaultSecretStore({
      vaultPath: path.join(dir, 'vault.bin'),
      vaultKey,
      env,
      isSandboxProfile: (p) => p === 'sandbox',
      defaults: (p, k) => (p === 'sandbox' && k === 'docsgw.accessToken' ? 'public-sandbox-token' : undefined),
    });
    expect(store.get('sandbox', 'docsgw.accessToken')).toBe('public-sandbox-token');
    expect(store.status('sandbox', 'docsgw.accessToken')).toMatchObject({ source: 'sandbox-default' });
    expect(store.status('sandbox', 'payup.apiCertKey')).toMatchObject({ set: false, source: 'none' });
    store.set('sandbox', 'payup.apiCertKey', 'stored-key-3333');
    expect(store.get('sandbox', 'payup.apiCertKey')).toBe('stored-key-3333');
    // A test or production profile still takes them (automation).
    expect(store.status('prod', 'docsgw.accessToken')).toMatchObject({ source: 'env', last4: '1111' });
  });
});
