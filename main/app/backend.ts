// The composition root (DESIGN §1): the one place that wires services together. The CLI, Electron IPC and the
// test bridge are thin faces over the object this returns; nothing is implemented twice.
import { enableModuleCompileCache } from './compile-cache.ts';
import { createWalCheckpointer } from '../store/wal-checkpointer.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../../shared/domain/profile.ts';
import type { SecretKey } from '../../shared/domain/secrets.ts';
import { createDocsGwClient } from '../docsgw/client.ts';
import { writeSampleRecipientList } from '../imports/sample-list.ts';
import { createMailingEngine } from '../mailing/engine.ts';
import type { MailingGateway } from '../mailing/types.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import { createVaultSecretStore, type SecretLayers, type SecretStore } from '../secrets/secret-store.ts';
import { loadDataDirKeys } from '../secrets/data-dir-keys.ts';
import { createSqliteExchangeSink } from '../store/exchange-log.ts';
import { createMappingPresets } from '../store/mapping-presets.ts';
import { openDatabase } from '../store/open-database.ts';
import { createOperatorLog } from '../store/operator-log.ts';
import { startSandboxes, type RunningSandboxes } from '../sandbox/start-sandbox.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID, SANDBOX_PAYUP_API_CERT_KEY } from '../sandbox/credentials.ts';
import { createBufferedExchangeSink } from '../store/buffered-exchange-sink.ts';
import { createPayupClient, type PayupClient } from '../payup/client.ts';
import { payupHostWarning } from '../payup/hosts.ts';
import { createPayupCancelService } from '../payup/service.ts';
import { createKcpService } from '../kcp/service.ts';
import { SANDBOX_KCP_SITE_KEY } from '../sandbox/kcp/accounts.ts';
import { createDocumentsService } from '../documents/service.ts';
import { runDiagnostics } from '../diagnostics/run-diagnostics.ts';
import { createAuditFacade } from '../audit/audit-facade.ts';
import { startLandingServer, type LandingServerOptions } from '../landing/landing-server.ts';
import { openAuditService } from '../audit/audit-service.ts';
import { operatorActor } from '../audit/producer.ts';
import { recoverUnaudited } from '../audit/recover.ts';
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
  /**
   * Replaces the vault file as the secret store (the Electron app passes its safeStorage store, main/electron/).
   * `layers` (environment, sandbox profiles, the sandbox's public test credentials) apply as for the vault.
   */
  secretStore?: (layers: SecretLayers) => SecretStore;
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
  // Before any worker thread starts: they inherit the cache (compile-cache.ts).
  enableModuleCompileCache();
  const env = config.env ?? process.env;
  const dataDir = path.resolve(config.dataDir);
  mkdirSync(path.join(dataDir, 'sandbox'), { recursive: true });
  const keys = loadDataDirKeys(dataDir, config.passphrase);

  const lock = config.access === 'read' ? null : acquireDataDirLock(dataDir);
  const db = openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey);
  // WAL checkpoints of docdesk.db and audit.db run on a thread of their own, nudged by the writers' commits.
  const walCheckpointer = createWalCheckpointer({ onError: (err) => process.stderr.write(`${err.message}\n`) });
  const dbFile: WriterDbFile = { path: path.join(dataDir, 'docdesk.db'), key: keys.dbKey, afterCommit: () => walCheckpointer.nudge(dbFile) };
  const profiles = createProfileRegistry(db);
  const profileName = config.profile ?? profiles.activeName();
  const baseProfile = profiles.get(profileName);
  if (baseProfile.kind !== 'sandbox' && keys.protection !== 'passphrase') {
    lock?.release();
    db.close();
    throw unprotectedFolder(profileName);
  }

  const isSandboxProfile = (name: string): boolean => profiles.list().find((x) => x.name === name)?.kind === 'sandbox';
  const secretDefaults = (name: string, key: SecretKey): string | undefined => {
    if (!isSandboxProfile(name)) return undefined;
    if (key === 'payup.apiCertKey') return SANDBOX_PAYUP_API_CERT_KEY;
    if (key === 'kcp.siteKey') return SANDBOX_KCP_SITE_KEY;
    return key === 'docsgw.accessToken' ? SANDBOX_ACCESS_TOKEN : key === 'docsgw.contractUuid' ? SANDBOX_CONTRACT_UUID : undefined;
  };
  const secretLayers: SecretLayers = { env, isSandboxProfile, defaults: secretDefaults };
  const secrets = config.secretStore
    ? config.secretStore(secretLayers)
    : createVaultSecretStore({ vaultPath: path.join(dataDir, 'vault.bin'), vaultKey: keys.vaultKey, ...secretLayers });

  // A credential the clients ask for on every request, read at most once a second per key: a lookup resolves
  // the layers (environment, vault, sandbox defaults — which parse the profile list), ~2 ms each time.
  const credentialCache = new Map<string, { value: string; at: number }>();
  function credential(key: SecretKey): string {
    const slot = `${profile.name}:${key}`;
    const hit = credentialCache.get(slot);
    if (hit !== undefined && Date.now() - hit.at < 1_000) return hit.value;
    const v = secrets.get(profile.name, key);
    if (!v) throw new ConfigError('CREDENTIAL_MISSING', `'${profile.name}' 프로필의 ${key} 값이 없습니다. 'docdesk secret set ${key}'로 설정하세요.`);
    credentialCache.set(slot, { value: v, at: Date.now() });
    return v;
  }

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
    // The embedded PayUp simulator: its base URL (random port), pinned loopback address and the test CA.
    if (baseProfile.payup) {
      const pu = sandboxes.payup.info();
      profile = { ...profile, payup: { ...baseProfile.payup, baseUrl: pu.baseUrl, addresses: pu.addresses, caFile: pu.caFile } };
    }
    // The embedded KCP gateway (socket transport): its loopback address and random port.
    if (baseProfile.kcp && baseProfile.kcp.port === 0) {
      profile = { ...profile, kcp: { ...baseProfile.kcp, host: sandboxes.kcp.host, port: sandboxes.kcp.port } };
    }
  }

  // The tamper-evident audit chain (issue 4): its own encrypted audit.db; exchanges and operator actions are teed
  // into it by their producers, which throw (never drop) when the chain cannot take an event.
  const actorName = config.actor ?? `${os.userInfo().username}@${os.hostname()}`;
  const auditService = openAuditService({
    dataDir,
    auditKey: keys.auditKey,
    actor: operatorActor(actorName),
    selfCheck: config.access !== 'read',
    onError: (err) => process.stderr.write(`${err.message}\n`),
    walCheckpointer,
    // Writer processes commit the chain off the main thread (its sockets and the UI do not wait for an fsync).
    commitThread: config.access !== 'read',
  });
  const exchangeLog = createSqliteExchangeSink(db, auditService);
  const operatorLog = createOperatorLog(db, actorName, Date.now, auditService);
  // Rows a crash kept from the chain (or a folder older than the chain) are appended now (main/audit/recover.ts).
  if (lock) recoverUnaudited(db, auditService);

  // docs-gw exchange records commit inside the mailing journal step they explain (buffered-exchange-sink.ts).
  const docsgwExchanges = createBufferedExchangeSink(exchangeLog);
  let client: ReturnType<typeof createDocsGwClient> | null = null;
  function gateway(): MailingGateway {
    if (client) return client;
    // Fail early, before any document is claimed, when a credential is missing.
    credential('docsgw.accessToken');
    credential('docsgw.contractUuid');
    client = createDocsGwClient({
      profileKind: profile.kind,
      service: profile.docsgw,
      credentials: () => ({ accessToken: credential('docsgw.accessToken'), contractUuid: credential('docsgw.contractUuid') }),
      exchangeSink: docsgwExchanges,
    });
    return client;
  }

  const engine = createMailingEngine({
    db,
    gateway,
    operatorLog,
    flushExchanges: () => docsgwExchanges.flush(),
    writer: {
      file: dbFile,
      takeExchanges: () => docsgwExchanges.take(),
      chainExchange: (r, seq) => exchangeLog.chainWritten(r, seq),
    },
  });
  if (lock) engine.discardIncompleteImports();
  const recoveredUnknown = lock ? engine.recoverInFlight() : 0;

  const presets = createMappingPresets(db);
  const mailing = createMailingService({ engine, profile: () => profile, profiles, operatorLog, gateway, presets });
  const documents = createDocumentsService(db, dataDir);

  // Exchange records a journal writer thread committed (PayUp and KCP batches) join the audit chain here.
  const auditExchange = (record: ExchangeRecord, seq: number): void => exchangeLog.chainWritten(record, seq);

  // PayUp cancel (issue 5). The client is built on first use, so a profile without a payup section still opens.
  let payupClient: PayupClient | null = null;
  const payupExchanges = createBufferedExchangeSink(exchangeLog);
  const payup = createPayupCancelService({
    db,
    client: () => {
      if (payupClient) return payupClient;
      const service = profile.payup;
      if (!service) {
        throw new ConfigError('PAYUP_NOT_CONFIGURED', `'${profile.name}' 프로필에 PayUp 설정(payup 섹션: baseUrl, merchantId)이 없습니다. 프로필 JSON에 payup 섹션을 추가해 가져오세요.`);
      }
      // Read at most once a second: a batch asks for it per request, and a lookup parses the profile list.
      let cached: { value: string; at: number } | null = null;
      const apiCertKey = (): string => {
        if (cached !== null && Date.now() - cached.at < 1_000) return cached.value;
        const v = secrets.get(profile.name, 'payup.apiCertKey');
        if (!v) throw new ConfigError('CREDENTIAL_MISSING', `'${profile.name}' 프로필의 payup.apiCertKey 값이 없습니다. 'docdesk secret set payup.apiCertKey'로 설정하세요.`);
        cached = { value: v, at: Date.now() };
        return v;
      };
      apiCertKey(); // fail before anything is journalled
      payupClient = createPayupClient({ service, apiCertKey, exchangeSink: payupExchanges });
      return payupClient;
    },
    profileName: () => profile.name,
    concurrency: () => profile.payup?.concurrency ?? 4,
    operatorLog,
    actor: config.actor ?? `${os.userInfo().username}@${os.hostname()}`,
    hostWarning: () => (profile.payup ? payupHostWarning(profile.payup) : null),
    flushExchanges: () => payupExchanges.flush(),
    // Batches commit their journal steps, exchange records included, on a worker thread's own connection
    // (main/payup/journal-writer.ts); the audit chain's events for those records are appended here.
    batchWriter: {
      dbFile,
      takeExchanges: () => payupExchanges.take(),
      auditExchange,
    },
  });
  const recoveredPayupUnknown = lock ? payup.recoverInFlight() : 0;

  // KCP account verification (issue 5): the transport is chosen per call from the active profile's kcp section.
  const kcp = createKcpService({
    db,
    profile: () => profile,
    siteKey: () => secrets.get(profile.name, 'kcp.siteKey'),
    exchangeSink: exchangeLog,
    operatorLog,
    // Batches commit their journal steps on a worker thread's own connection (main/kcp/journal-writer.ts); the
    // audit chain's events for the exchange records written there are appended here.
    dbFile,
    auditExchange,
  });
  const recoveredKcpUnknown = lock ? kcp.recoverInFlight() : 0;

  return {
    dataDir,
    dataDirProtection: keys.protection,
    recoveredUnknown,
    recoveredPayupUnknown,
    recoveredKcpUnknown,
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
    /** Status grid, export to <dataDir>/exports/, dashboard (issue 3). */
    documents: {
      query: documents.query,
      export: documents.export,
      dashboard: documents.dashboard,
      /** Synthetic documents for rehearsal and screenshots: refused outside a sandbox profile. */
      insertSynthetic: (o: Parameters<typeof documents.insertSynthetic>[0]) => {
        if (profile.kind !== 'sandbox') throw new ConfigError('SANDBOX_ONLY', '합성 데이터는 샌드박스 프로필에서만 만들 수 있습니다.', 2);
        const inserted = documents.insertSynthetic({ profile: profile.name, ...o });
        // Written on the main connection, which checkpoints only at its 50,000-page back-stop: the background
        // checkpointer copies the rows, so the grid does not read them through a long WAL.
        walCheckpointer.nudge(dbFile);
        return inserted;
      },
    },
    /** Network checks of the active profile (issue 3): DNS vs pinned, TCP, TLS, KCP port. */
    diagnostics: () => runDiagnostics(profile),
    payup,
    kcp,
    samples: { writeRecipientList: writeSampleRecipientList },
    exchangeCount: () => exchangeLog.count(),
    /** Audit chain, checkpoints, verification, evidence bundles, landing events (issue 4). */
    audit: createAuditFacade(auditService, db, dataDir),
    /** The reference landing server (issue 4 §4) over this backend's docs-gw client; events go to the audit chain. */
    landing: {
      serve: (o: Omit<LandingServerOptions, 'gateway' | 'audit'>) => {
        gateway(); // builds the client (fails early on missing credentials)
        // Landing calls are outside any journal step: their exchange records are written at once, in order.
        return startLandingServer({ ...o, gateway: client!, audit: auditService, afterGatewayCall: () => docsgwExchanges.flush() });
      },
    },
    sandbox: sandboxes
      ? {
          info: sandboxes.info,
          /** Demo loop (issue 4 §4): simulated recipients read through a landing server at this URL. */
          useLandingRecipients: (landingBaseUrl: string) => sandboxes!.docsgw.useLandingRecipients(landingBaseUrl),
        }
      : null,
    async close() {
      await engine.close();
      await client?.close();
      await payupClient?.close();
      await payup.close();
      await kcp.close();
      await sandboxes?.close();
      // Records of calls that ended outside a journal step (e.g. during shutdown) are written before closing.
      docsgwExchanges.flush();
      payupExchanges.flush();
      auditService.close();
      await walCheckpointer.close();
      db.close();
      lock?.release();
    },
  };
}
export type Backend = Awaited<ReturnType<typeof createBackend>>;
