// The composition root (DESIGN §1): the one place that wires services together. The CLI, Electron IPC and the
// test bridge are thin faces over the object this returns; nothing is implemented twice.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../../shared/domain/profile.ts';
import type { SecretKey } from '../../shared/domain/secrets.ts';
import { createDocsGwClient } from '../docsgw/client.ts';
import { writeSampleRecipientList } from '../imports/sample-list.ts';
import { createMailingEngine } from '../mailing/engine.ts';
import type { MailingGateway } from '../mailing/types.ts';
import { createVaultSecretStore } from '../secrets/secret-store.ts';
import { loadDataDirKeys } from '../secrets/data-dir-keys.ts';
import { createSqliteExchangeSink } from '../store/exchange-log.ts';
import { createMappingPresets } from '../store/mapping-presets.ts';
import { openDatabase } from '../store/open-database.ts';
import { createOperatorLog } from '../store/operator-log.ts';
import { startSandboxes, type RunningSandboxes } from '../sandbox/start-sandbox.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID } from '../sandbox/credentials.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { ConfigError } from './errors.ts';
import { createMailingService } from './mailing-service.ts';
import { createProfileRegistry } from './profiles.ts';

export interface BackendConfig {
  dataDir: string;
  passphrase?: string;
  /** Overrides the data folder's active profile for this run. */
  profile?: string;
  /** 'read' opens without taking the writer lock (status, list, show). */
  access?: 'write' | 'read';
  env?: NodeJS.ProcessEnv;
  actor?: string;
}

/** DOCDESK_DATA_DIR, else the OS application-data folder. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DOCDESK_DATA_DIR) return path.resolve(env.DOCDESK_DATA_DIR);
  if (process.platform === 'win32') return path.join(env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), 'DocDesk');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Application Support', 'DocDesk');
  return path.join(env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'docdesk');
}

function unprotectedFolder(profileName: string): ConfigError {
  return new ConfigError(
    'DATA_DIR_UNPROTECTED',
    `이 데이터 폴더는 샌드박스 전용입니다(키가 보호되지 않음). '${profileName}' 프로필을 쓰려면 DOCDESK_PASSPHRASE를 설정하고 새 데이터 폴더(--data-dir)를 만드세요.`,
  );
}

export async function createBackend(config: BackendConfig) {
  const env = config.env ?? process.env;
  const dataDir = path.resolve(config.dataDir);
  mkdirSync(path.join(dataDir, 'sandbox'), { recursive: true });
  const keys = loadDataDirKeys(dataDir, config.passphrase);

  const lock = config.access === 'read' ? null : acquireDataDirLock(dataDir);
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey);
  const profiles = createProfileRegistry(db);
  const profileName = config.profile ?? profiles.activeName();
  const baseProfile = profiles.get(profileName);
  if (baseProfile.kind !== 'sandbox' && keys.protection !== 'passphrase') {
    lock?.release();
    db.close();
    throw unprotectedFolder(profileName);
  }

  const secrets = createVaultSecretStore({
    vaultPath: path.join(dataDir, 'vault.bin'),
    vaultKey: keys.vaultKey,
    env,
    defaults: (name, key) => {
      const p = profiles.list().find((x) => x.name === name);
      if (p?.kind !== 'sandbox') return undefined;
      return key === 'docsgw.accessToken' ? SANDBOX_ACCESS_TOKEN : key === 'docsgw.contractUuid' ? SANDBOX_CONTRACT_UUID : undefined;
    },
  });

  // A sandbox profile with port 0 runs the simulators in this process, on a ledger kept in the data folder.
  let sandboxes: RunningSandboxes | null = null;
  let profile: Profile = baseProfile;
  if (baseProfile.kind === 'sandbox' && baseProfile.docsgw.port === 0 && config.access !== 'read') {
    sandboxes = await startSandboxes({
      ledgerPath: path.join(dataDir, 'sandbox', 'ledger.db'),
      addresses: baseProfile.docsgw.addresses.length ? baseProfile.docsgw.addresses : undefined,
      timeScale: baseProfile.sandbox?.timeScale ?? 1,
    });
    profile = { ...baseProfile, docsgw: { ...baseProfile.docsgw, addresses: sandboxes.docsgw.addresses, port: sandboxes.docsgw.port, caFile: sandboxes.docsgw.caFile } };
  }

  const exchangeLog = createSqliteExchangeSink(db);
  const operatorLog = createOperatorLog(db, config.actor ?? `${os.userInfo().username}@${os.hostname()}`);

  let client: ReturnType<typeof createDocsGwClient> | null = null;
  function gateway(): MailingGateway {
    if (client) return client;
    const credential = (key: SecretKey) => {
      const v = secrets.get(profile.name, key);
      if (!v) throw new ConfigError('CREDENTIAL_MISSING', `'${profile.name}' 프로필의 ${key} 값이 없습니다. 'docdesk secret set ${key}'로 설정하세요.`);
      return v;
    };
    // Fail early, before any document is claimed, when a credential is missing.
    credential('docsgw.accessToken');
    credential('docsgw.contractUuid');
    client = createDocsGwClient({
      profileKind: profile.kind,
      service: profile.docsgw,
      credentials: () => ({ accessToken: credential('docsgw.accessToken'), contractUuid: credential('docsgw.contractUuid') }),
      exchangeSink: exchangeLog,
    });
    return client;
  }

  const engine = createMailingEngine({ db, gateway, operatorLog });
  const recoveredUnknown = lock ? engine.recoverInFlight() : 0;

  const presets = createMappingPresets(db);
  const mailing = createMailingService({ engine, profile: () => profile, profiles, operatorLog, gateway, presets });

  return {
    dataDir,
    dataDirProtection: keys.protection,
    recoveredUnknown,
    profile: () => profile,
    profiles,
    secrets: {
      set: (key: SecretKey, value: string) => {
        secrets.set(profile.name, key, value);
        operatorLog.record('secret.set', key, { profile: profile.name });
      },
      clear: (key: SecretKey) => {
        secrets.clear(profile.name, key);
        operatorLog.record('secret.clear', key, { profile: profile.name });
      },
      status: (key: SecretKey, profileName = profile.name) => secrets.status(profileName, key),
    },
    useProfile: (name: string) => {
      if (profiles.get(name).kind !== 'sandbox' && keys.protection !== 'passphrase') throw unprotectedFolder(name);
      const p = profiles.use(name);
      operatorLog.record('profile.use', name, { kind: p.kind });
      return p;
    },
    mailing,
    samples: { writeRecipientList: writeSampleRecipientList },
    exchangeCount: () => exchangeLog.count(),
    sandbox: sandboxes ? { info: sandboxes.info } : null,
    async close() {
      await client?.close();
      await sandboxes?.close();
      db.close();
      lock?.release();
    },
  };
}
export type Backend = Awaited<ReturnType<typeof createBackend>>;
