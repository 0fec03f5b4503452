// The composition root (DESIGN §1): the one place that wires services together. The CLI, Electron IPC and the
// test bridge are thin faces over the object this returns; nothing is implemented twice.
import { enableModuleCompileCache } from './compile-cache.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';
import { startDocdeskWriter } from '../writer/docdesk-writer.ts';
import { createWriterMailingStore } from '../writer/mailing-store.ts';
import { startUpDocdesk, type StartupOutcome } from '../writer/startup-protocol.ts';
import os from 'node:os';
import path from 'node:path';
import type { Profile } from '../../shared/domain/profile.ts';
import type { SecretKey } from '../../shared/domain/secrets.ts';
import { createDocsGwClient, type DocsGwClient } from '../docsgw/client.ts';
import { writeImportErrors } from '../exports/import-errors.ts';
import { createExportsFolder } from '../exports/exports-folder.ts';
import { sweepUploads } from '../web/uploads-folder.ts';
import { exportViewSummary } from '../documents/export.ts';
import { writeSampleRecipientList } from '../imports/sample-list.ts';
import { createMailingEngine } from '../mailing/engine.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import { createVaultSecretStore, type SecretLayers, type SecretStore } from '../secrets/secret-store.ts';
import { assertNewFolderPassphrase, loadDataDirKeys } from '../secrets/data-dir-keys.ts';
import { countExchanges, exchangeRecordsOnWriter } from '../store/exchange-log.ts';
import { createMappingPresets } from '../store/mapping-presets.ts';
import { docdeskFileCurrent, openDatabase } from '../store/open-database.ts';
import { createOperatorLog, operatorActionsOnWriter } from '../store/operator-log.ts';
import { createSettingsWrites } from '../store/settings-writes.ts';
import { ensureOwnerOnlyDir } from '../store/owner-only.ts';
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID, SANDBOX_PAYUP_API_CERT_KEY } from '../sandbox/credentials.ts';
import { createBufferedExchangeSink } from '../store/buffered-exchange-sink.ts';
import { createPayupClient, type PayupClient } from '../payup/client.ts';
import { payupHostWarning } from '../payup/hosts.ts';
import { createPayupCancelService } from '../payup/service.ts';
import { createPayupStoreOnWriter } from '../payup/journal-writer.ts';
import { createKcpService } from '../kcp/service.ts';
import { createKcpStoreOnWriter } from '../kcp/journal-writer.ts';
import { SANDBOX_KCP_SITE_KEY } from '../sandbox/kcp/accounts.ts';
import { createDocumentsService } from '../documents/service.ts';
import { runDiagnostics } from '../diagnostics/run-diagnostics.ts';
import { checkFlows } from '../diagnostics/flow-check.ts';
import { createAuditFacade } from '../audit/audit-facade.ts';
import { startLandingServer, type LandingServerOptions } from '../landing/landing-server.ts';
import { createLandingFolderWatcher } from '../audit/landing-folder.ts';
import { openAuditService, type AuditService } from '../audit/audit-service.ts';
import { withAuditWriterFirst } from '../audit/open-audit-writer.ts';
import { createAuditLogRecordStore } from '../audit/log-record.ts';
import type { RenderPdf } from '../audit/bundle/report-pdf.ts';
import { operatorActor } from '../audit/producer.ts';
import { createProducerLink } from '../audit/producer-link.ts';
import { recoverUnaudited } from '../audit/recover.ts';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { ConfigError, missingCredential } from './errors.ts';
import { createMailingService } from './mailing-service.ts';
import { createDocumentActions } from './document-actions.ts';
import { createProfileRegistry } from './profiles.ts';
import { createActivityRegistry } from './activity.ts';
import { assertWithinNetworkScope } from './loopback-only.ts';
import { openProfileRuntime, type ProfileRuntime } from './profile-runtime.ts';
import { createProfileReplacer } from './profile-replace.ts';
import { applyProfileEdit } from './profile-edit.ts';
import type { ProfileEdit } from '../../shared/domain/service-settings.ts';
import { profileStampedSink } from '../http/exchange.ts';
import type { ProfileImportPreview } from '../../shared/domain/profile.ts';
import { createNetworkPlanService } from './network-plan-service.ts';
import { fileURLToPath } from 'node:url';
import { createRateLimiter } from '../mailing/rate-limiter.ts';
import { createTrackerService } from './tracker-service.ts';
import type { CliLauncher } from '../tracking/scheduler-command.ts';
import { detectSchedulerHost } from '../tracking/scheduler-host.ts';
import { createFollowUpService } from '../follow-up/service.ts';
import { createSqliteDocdeskReads } from '../reads/sqlite-docdesk-reads.ts';
import { gatewayTimeScale } from './gateway-time-scale.ts';

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
  /** Track statuses by themselves while open (the app, `docdesk web`, `docdesk track`); writer backends only. */
  track?: boolean;
  /** How the OS scheduler starts this installation's `docdesk` (default: this Node and main/cli/index.ts). */
  cliLauncher?: CliLauncher;
  /** Prints evidence reports to report.pdf (the app's window, or the machine's Chromium); none: bundles say they have no PDF. */
  renderPdf?: RenderPdf;
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
    `이 데이터 폴더는 샌드박스 전용입니다(키가 보호되지 않음). '${profileName}' 프로필은 암호로 보호된 새 데이터 폴더에서만 쓸 수 있습니다.`,
  );
}

export async function createBackend(config: BackendConfig) {
  // Before any worker thread starts: they inherit the cache (compile-cache.ts).
  enableModuleCompileCache();
  const env = config.env ?? process.env;
  const dataDir = path.resolve(config.dataDir);
  assertNewFolderPassphrase(dataDir, config.passphrase);
  ensureOwnerOnlyDir(dataDir);
  // The lock comes first: two writers starting on a new folder must not each create its keys.
  const lock = config.access === 'read' ? null : acquireDataDirLock(dataDir);
  let keys: ReturnType<typeof loadDataDirKeys>;
  try {
    keys = loadDataDirKeys(dataDir, config.passphrase);
  } catch (err) {
    lock?.release({ recoveryDue: lock.recoveryDue }); // nothing recovered yet: still due for the next writer
    throw err;
  }
  const dbFile: WriterDbFile = { path: path.join(dataDir, 'docdesk.db'), key: keys.dbKey };
  // docdesk.db's one writer thread: the journal steps of sends, polls, imports, PayUp and KCP batches, and the
  // WAL checkpoints after its commits (main/writer/). A writer backend starts it now: its connection migrates the
  // file and the start-up step (recovery) commits before anything else runs (main/writer/startup-protocol.ts).
  // After each commit the writer posts the exchange records and operator actions it stored straight to the audit
  // writer, over this link, which builds their events (issue 16 step 8: main/audit/producer-link.ts).
  const auditLink = createProducerLink();
  // A read backend's audit service may open without a writer; a docdesk.db step starts it first (open-audit-writer.ts).
  let auditWriterForSteps = (): void => {};
  const docdeskWriter = withAuditWriterFirst(startDocdeskWriter(dbFile, { audit: auditLink.producer }), () => auditWriterForSteps());
  let startup: StartupOutcome | null = null;
  // docdesk.db's only read-write connection is the writer's (issue 16 item 1). What the screens, the CLI and the
  // services read goes through a read-only connection (main/reads/): a WAL reader never waits for a commit and can
  // write nothing. A writer backend opens it after the start-up step migrated the file and recovered; a read backend
  // (no lock: another process may be writing) asks the writer to migrate only when the file is missing or behind,
  // so a status read on a current folder starts no thread. The grid's totals and the follow-up counts are read on
  // threads of their own.
  let readDb: ReturnType<typeof openDatabase>;
  try {
    if (lock) startup = await startUpDocdesk(docdeskWriter, { recoverInFlight: lock.recoveryDue, discardIncompleteImports: true });
    else if (!docdeskFileCurrent({ path: dbFile.path, key: keys.dbKey })) await startUpDocdesk(docdeskWriter, { recoverInFlight: false, discardIncompleteImports: false });
    readDb = openDatabase(dbFile.path, keys.dbKey, { readonly: true });
  } catch (err) {
    await docdeskWriter.close();
    lock?.release({ recoveryDue: lock.recoveryDue }); // recovery is idempotent: still due for the next writer
    throw err;
  }
  const reads = createSqliteDocdeskReads(readDb, dbFile, { countsOnThreads: true });
  // Settings, profiles and presets change as steps on the writer, each with its operator action (settings-writes.ts).
  const settingsWrites = createSettingsWrites(docdeskWriter);
  const profiles = createProfileRegistry(reads, settingsWrites);
  // A profile is admitted before anything is built from it: a sandbox-only folder takes sandbox profiles only, and
  // a sandbox (kind or folder) reaches loopback addresses only (main/app/loopback-only.ts).
  const admit = (p: Profile): void => {
    if (p.kind !== 'sandbox' && keys.protection !== 'passphrase') throw unprotectedFolder(p.name);
    assertWithinNetworkScope(p, keys.protection);
  };
  // The tamper-evident audit chain (issue 4): its own encrypted audit.db; exchanges and operator actions are teed
  // into it by their producers, which throw (never drop) when the chain cannot take an event. Opened before the
  // simulators start: a lost or replaced audit.db (docdesk.db remembers the log) is refused with nothing running.
  const actorName = config.actor ?? `${os.userInfo().username}@${os.hostname()}`;
  let auditService: AuditService;
  try {
    auditService = await openAuditService({
      dataDir,
      auditKey: keys.auditKey,
      actor: operatorActor(actorName),
      selfCheck: config.access !== 'read',
      access: config.access ?? 'write',
      onError: (err) => process.stderr.write(`${err.message}\n`),
      producer: auditLink.audit,
      logRecord: createAuditLogRecordStore(readDb, docdeskWriter),
      ...(config.renderPdf ? { renderPdf: config.renderPdf } : {}),
    });
  } catch (err) {
    await docdeskWriter.close();
    lock?.release({ recoveryDue: lock.recoveryDue }); // recovery is idempotent: still due for the next writer
    readDb.close();
    throw err;
  }

  auditWriterForSteps = () => auditService.startWriter();
  let runtime: ProfileRuntime;
  try {
    await profiles.refreshKinds();
    const baseProfile = await profiles.get(config.profile ?? (await profiles.activeName()));
    admit(baseProfile);
    runtime = await openProfileRuntime(baseProfile, { dataDir, startSimulators: config.access !== 'read' });
  } catch (err) {
    await auditService.close();
    await docdeskWriter.close();
    lock?.release({ recoveryDue: lock.recoveryDue }); // recovery is idempotent: still due for the next writer
    readDb.close();
    throw err;
  }
  /** The active profile, as every service uses it at this moment. */
  const profile = (): Profile => runtime.profile;

  const isSandboxProfile = (name: string): boolean => profiles.kindOf(name) === 'sandbox';
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
    const name = profile().name;
    const slot = `${name}:${key}`;
    const hit = credentialCache.get(slot);
    if (hit !== undefined && Date.now() - hit.at < 1_000) return hit.value;
    const v = secrets.get(name, key);
    if (!v) throw missingCredential(name, key);
    credentialCache.set(slot, { value: v, at: Date.now() });
    return v;
  }
  // Work that uses the active profile; a switch waits for none of it — it is refused while any runs.
  const activity = createActivityRegistry();

  const operatorLog = createOperatorLog(operatorActionsOnWriter(docdeskWriter), actorName, Date.now, () => profile().name);
  // Rows a crash kept from the chain (or a folder older than the chain) are appended now (main/audit/recover.ts),
  // before any step that stores one can run.
  if (lock) await recoverUnaudited(readDb, auditService);

  // docs-gw exchange records commit inside the mailing journal step they explain (buffered-exchange-sink.ts); a
  // call outside any journal step (the landing server's, a call a switch or close cut short) is a step of its own
  // on the writer. No exchange record is written on this thread's connection.
  const docsgwExchanges = createBufferedExchangeSink<ExchangeRecord>();
  const recordExchanges = exchangeRecordsOnWriter(docdeskWriter);
  const writeDocsgwExchanges = (): Promise<void> => recordExchanges(docsgwExchanges.take());
  // Gateway clients are built from the active runtime on first use and closed with it.
  let client: DocsGwClient | null = null;
  function gateway(): DocsGwClient {
    if (client) return client;
    // Fail early, before any document is claimed, when a credential is missing.
    credential('docsgw.accessToken');
    credential('docsgw.contractUuid');
    const p = profile();
    const built = createDocsGwClient({
      profileKind: p.kind,
      service: p.docsgw,
      credentials: () => ({ accessToken: credential('docsgw.accessToken'), contractUuid: credential('docsgw.contractUuid') }),
      exchangeSink: profileStampedSink(docsgwExchanges, p.name),
    });
    runtime.onClose(() => built.close());
    client = built;
    return built;
  }

  const engine = createMailingEngine({
    reads,
    gateway,
    // Every mailing write is a step on the docdesk writer (main/writer/mailing-store.ts).
    store: createWriterMailingStore({ steps: docdeskWriter, operatorLog, takeExchanges: () => docsgwExchanges.take() }),
  });
  // Uploaded lists a screen left behind (an abandoned import wizard) do not linger past a day (issue 14 §7).
  if (lock) sweepUploads(dataDir);

  // The landing-events folder the institution's web host writes to (issue 14 §6): polled only once a long-running
  // face (the desktop app, `docdesk web`) starts it; independent of the profile, so a switch leaves it running.
  const landingFolder = createLandingFolderWatcher({
    db: readDb,
    settings: settingsWrites,
    audit: auditService,
    changeAction: (before, after) => operatorLog.stamp('landing.folder', after ?? '', { before: before ?? '', after: after ?? '' }),
  });

  const presets = createMappingPresets(readDb, settingsWrites);
  // One request budget per active profile, shared by sends and status polling (the profile's rate limit).
  let budget = { profile: profile(), limiter: createRateLimiter(profile().docsgw.rateLimitPerSec) };
  const rateLimiter = () => (budget.profile === profile() ? budget : (budget = { profile: profile(), limiter: createRateLimiter(profile().docsgw.rateLimitPerSec) })).limiter;
  const mailing = createMailingService({ engine, profile, profiles, operatorLog, gateway, presets, dataDir, rateLimiter });
  // Status tracking by itself (issue 14 item 1); started below for faces that stay open (config.track).
  const tracker = await createTrackerService({
    engine,
    profile,
    profiles,
    operatorLog,
    rateLimiter,
    activity,
    dataDir,
    launcher: config.cliLauncher ?? { command: process.execPath, args: [fileURLToPath(new URL('../cli/index.ts', import.meta.url))] },
    schedulerHost: () => detectSchedulerHost(env),
  });
  const documents = createDocumentsService(reads, dataDir, docdeskWriter);
  // Read deadlines and follow-up counts (issue 14 item 2); the counts are read on a thread of their own.
  const followUp = createFollowUpService({ reads, dataDir, operatorLog, timeScaleOf: (name) => gatewayTimeScale(profiles, name) });

  // PayUp cancel (issue 5). The client is built on first use, so a profile without a payup section still opens.
  let payupClient: PayupClient | null = null;
  const payupExchanges = createBufferedExchangeSink<ExchangeRecord>();
  const writePayupExchanges = (): Promise<void> => recordExchanges(payupExchanges.take());
  const payup = createPayupCancelService({
    // Every PayUp write is a step on the docdesk writer (main/payup/journal-writer.ts); reads are read-only.
    store: createPayupStoreOnWriter(docdeskWriter, { operatorLog }),
    reads: reads.payup,
    client: () => {
      if (payupClient) return payupClient;
      const p = profile();
      const service = p.payup;
      if (!service) {
        throw new ConfigError('PAYUP_NOT_CONFIGURED', `'${p.name}' 프로필에 PayUp 설정(payup 섹션: baseUrl, merchantId)이 없습니다. 프로필 JSON에 payup 섹션을 추가해 가져오세요.`);
      }
      // Read at most once a second: a batch asks for it per request, and a lookup parses the profile list.
      let cached: { value: string; at: number } | null = null;
      const apiCertKey = (): string => {
        if (cached !== null && Date.now() - cached.at < 1_000) return cached.value;
        const v = secrets.get(p.name, 'payup.apiCertKey');
        if (!v) throw missingCredential(p.name, 'payup.apiCertKey');
        cached = { value: v, at: Date.now() };
        return v;
      };
      apiCertKey(); // fail before anything is journalled
      const built = createPayupClient({ service, apiCertKey, exchangeSink: profileStampedSink(payupExchanges, p.name) });
      runtime.onClose(() => built.close());
      payupClient = built;
      return built;
    },
    profileName: () => profile().name,
    concurrency: () => profile().payup?.concurrency ?? 4,
    actor: config.actor ?? `${os.userInfo().username}@${os.hostname()}`,
    hostWarning: () => {
      const pu = profile().payup;
      return pu ? payupHostWarning(pu) : null;
    },
    takeExchanges: () => payupExchanges.take(),
  });

  // KCP account verification (issue 5): the transport is chosen per call from the active profile's kcp section.
  const kcp = createKcpService({
    // Every KCP write is a step on the docdesk writer (main/kcp/journal-writer.ts); reads are read-only.
    store: createKcpStoreOnWriter(docdeskWriter, { operatorLog }),
    reads: reads.kcp,
    profile,
    siteKey: () => secrets.get(profile().name, 'kcp.siteKey'),
  });

  const profileListeners = new Set<(p: Profile) => void>();
  /**
   * Makes `next` the active profile at once, or not at all (DESIGN §12): refused while anything uses the current
   * one; the new runtime (simulators, clients) is built and `persist` written before the old one is closed.
   */
  async function activate(next: Profile, persist: () => Promise<unknown>): Promise<Profile> {
    admit(next);
    const active = await activity.exclusive(next.name, async () => {
      const fresh = await openProfileRuntime(next, { dataDir, startSimulators: config.access !== 'read' });
      try {
        await persist();
      } catch (err) {
        await fresh.close();
        throw err;
      }
      const old = runtime;
      runtime = fresh;
      client = null;
      payupClient = null;
      credentialCache.clear();
      // Records of the old clients' last calls are written under the profile that made them; the switch, already
      // persisted, stands if that fails (the failure is reported).
      for (const write of [writeDocsgwExchanges, writePayupExchanges]) await write().catch((err: unknown) => void process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`));
      await old.close().catch((err: unknown) => process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`));
      return fresh.profile;
    });
    for (const l of profileListeners) l(active);
    return active;
  }

  // Profile imports and Settings edits store and replace custom profiles one way (profile-replace.ts).
  const replacer = createProfileReplacer({ profiles, activeName: () => profile().name, protection: keys.protection, activate, operatorLog });

  /** A mailing is sent and polled only through the profile it was imported under (never the wrong gateway). */
  async function assertMailingProfile(mailingId: string, verb: string): Promise<void> {
    const m = await engine.summary(mailingId);
    if (!m) return; // the service reports the unknown id
    const current = profile().name;
    if (m.profile !== undefined && m.profile !== current) {
      throw new ConfigError(
        'MAILING_OTHER_PROFILE',
        `발송 건 '${m.name}'은(는) '${m.profile}' 프로필로 가져온 목록이라 현재 프로필 '${current}'(으)로는 ${verb}할 수 없습니다. '${m.profile}' 프로필로 전환하거나, 이 프로필에서 목록을 다시 가져오세요.`,
        2,
      );
    }
  }
  const mailingLabel = async (mailingId: string, what: string): Promise<string> => `발송 건 '${(await engine.summary(mailingId))?.name ?? mailingId}' ${what}`;

  // One document at a time (issue 14 item 4): fix and re-send, send to one recipient, check one status now.
  const documentActions = createDocumentActions({ engine, profile, send: (id) => mailing.send(id, { acknowledgePreReview: true }).finally(() => tracker.wake()), assertProfile: assertMailingProfile });
  if (config.track && lock) tracker.start();

  return {
    dataDir,
    dataDirProtection: keys.protection,
    // IN_FLIGHT → UNKNOWN only after a writer that did not finish (data-dir-lock.ts): never after a clean stop.
    recoveredUnknown: startup?.recoveredUnknown ?? 0,
    recoveredPayupUnknown: startup?.recoveredPayupUnknown ?? 0,
    recoveredKcpUnknown: startup?.recoveredKcpUnknown ?? 0,
    /** How the previous writer left the folder (data-dir-lock.ts); null for a read-only open. */
    previousWriter: lock?.previousWriter ?? null,
    profile,
    /** Reads of the profile list; changes go through useProfile and importProfile (audited, confirmed). */
    profiles: { list: profiles.list, get: profiles.get, setting: profiles.setting },
    /** Called after every profile change with the new active profile (the faces refresh the header badge). */
    onProfileChanged(listener: (p: Profile) => void): () => void {
      profileListeners.add(listener);
      return () => profileListeners.delete(listener);
    },
    /** What is running now with the active profile (Korean labels). */
    activities: activity.running,
    secrets: {
      set: async (key: SecretKey, value: string): Promise<void> => {
        const name = profile().name;
        secrets.set(name, key, value);
        credentialCache.clear();
        await operatorLog.record('secret.set', key, { profile: name });
      },
      clear: async (key: SecretKey): Promise<void> => {
        const name = profile().name;
        secrets.clear(name, key);
        credentialCache.clear();
        await operatorLog.record('secret.clear', key, { profile: name });
      },
      status: (key: SecretKey, profileName = profile().name) => secrets.status(profileName, key),
    },
    async useProfile(name: string): Promise<Profile> {
      const next = await profiles.get(name);
      const from = profile().name;
      if (name === from) {
        await profiles.use(name);
        return profile();
      }
      // The switch is recorded in the step that stores it, under the profile it switches to.
      return activate(next, () => profiles.use(name, operatorLog.stamp('profile.use', name, { profile: name, kind: next.kind, from })));
    },
    /** What importing this file would do; changes nothing. */
    previewProfileImport: (filePath: string): Promise<ProfileImportPreview> => replacer.preview(profiles.readFile(filePath)),
    /**
     * Imports a custom profile. Replacing one of the same name (the active one included) needs `confirmReplace`
     * = the digest previewProfileImport showed; replacing the active profile rebuilds what depends on it.
     */
    importProfile: async (filePath: string, o: { confirmReplace?: string } = {}) =>
      replacer.replace(profiles.readFile(filePath), { confirmReplace: o.confirmReplace, action: 'profile.import', detail: { file: path.basename(filePath) } }),
    /** Settings (issue 15): the active profile's lines, PayUp and KCP, through the same confirmed replace. */
    previewProfileEdit: async (edit: ProfileEdit): Promise<ProfileImportPreview> => replacer.preview(applyProfileEdit(await profiles.get(profile().name), edit)),
    editProfile: async (edit: ProfileEdit, o: { confirmReplace?: string } = {}) =>
      replacer.replace(applyProfileEdit(await profiles.get(profile().name), edit), { confirmReplace: o.confirmReplace, action: 'profile.edit' }),
    /** Institution settings (`docdesk config set`); every change is an audit event. */
    config: {
      async set(key: 'institutionName', value: string): Promise<void> {
        const before = (await profiles.setting(key)) ?? '';
        await profiles.setSetting(key, value, operatorLog.stamp('config.set', key, { before, after: value }));
      },
    },
    mailing: {
      ...mailing,
      import: (...a: Parameters<typeof mailing.import>) => activity.run(`목록 가져오기(${path.basename(a[0])})`, () => mailing.import(...a)),
      // Sending from the call on, before the reads below: a pause or cancel meanwhile stops it before its first
      // claim. The profile check runs inside the activity: from its start no switch can begin until the work settles.
      send: async (mailingId: string, o?: Parameters<typeof mailing.send>[1]) => {
        const release = engine.reserveSend(mailingId);
        try {
          return await activity.run(await mailingLabel(mailingId, '발송'), async () => {
            await assertMailingProfile(mailingId, '발송');
            tracker.wake(); // it takes a smaller share while the send runs
            return mailing.send(mailingId, o).finally(() => tracker.wake());
          });
        } finally {
          release();
        }
      },
      pollOnce: async (mailingId?: string) =>
        activity.run(mailingId ? await mailingLabel(mailingId, '상태 조회') : '상태 조회', async () => {
          if (mailingId) await assertMailingProfile(mailingId, '상태 조회');
          return mailing.pollOnce(mailingId);
        }),
      pollUntilFinal: async (mailingId: string, o: Parameters<typeof mailing.pollUntilFinal>[1]) =>
        activity.run(await mailingLabel(mailingId, '상태 조회'), async () => {
          await assertMailingProfile(mailingId, '상태 조회');
          return mailing.pollUntilFinal(mailingId, o);
        }),
      /** The validation report's errors as .xlsx under <dataDir>/exports/ (the wizard's download); audited. */
      exportErrors: async (fileName: string, errors: Parameters<typeof writeImportErrors>[2]) => {
        const filePath = writeImportErrors(dataDir, fileName, errors);
        await operatorLog.record('mailing.exportErrors', path.basename(filePath), { rows: errors.length });
        return { filePath };
      },
    },
    /** Status grid, export to <dataDir>/exports/, dashboard (issue 3). */
    documents: {
      query: documents.query,
      export: async (input: Parameters<typeof documents.export>[0]) => {
        const r = await documents.export(input);
        await operatorLog.record('documents.export', path.basename(r.filePath), { rows: r.rows, truncated: r.truncated, view: exportViewSummary(input) });
        return r;
      },
      dashboard: documents.dashboard,
      /** Synthetic documents for rehearsal and screenshots: refused outside a sandbox profile. */
      insertSynthetic: async (o: Parameters<typeof documents.insertSynthetic>[0]) => {
        const p = profile();
        if (p.kind !== 'sandbox') throw new ConfigError('SANDBOX_ONLY', '합성 데이터는 샌드박스 프로필에서만 만들 수 있습니다.', 2);
        return documents.insertSynthetic({ profile: p.name, ...o });
      },
    },
    /**
     * One document at a time (issue 14 item 4). A plan changes nothing; the confirmed actions run as activities of
     * the active profile. The operator's confirmation of one document stands for the pre-review acknowledgement: a
     * day over the 500,000 line got its form, and its acknowledgement, with the bulk send that took it there.
     */
    document: {
      planResend: documentActions.planResend,
      resend: (...a: Parameters<typeof documentActions.resend>) => activity.run(`문서 다시 보내기(${a[0]})`, () => documentActions.resend(...a)),
      planSendOne: documentActions.planSendOne,
      sendOne: (...a: Parameters<typeof documentActions.sendOne>) => activity.run('한 명에게 보내기', () => documentActions.sendOne(...a)),
      check: (ref: string) => activity.run(`문서 상태 확인(${ref})`, () => documentActions.check(ref)),
    },
    /** What is in <dataDir>/exports/, and its audited clean-up (issue 14 §7). */
    exports: createExportsFolder(dataDir, operatorLog),
    /** Network plan (issue 15): the facts, the agency's forms, the flow table and the profile the plan implies. */
    networkPlan: createNetworkPlanService({ reads, settings: settingsWrites, dataDir, operatorLog, protection: keys.protection }),
    /** Read deadlines, follow-up counts and the unread/failed export for the next channel (issue 14 item 2). */
    followUp,
    /** Network checks of the active profile (issue 3): DNS vs pinned, TCP, TLS, KCP port. */
    diagnostics: () => activity.run('연결 진단', () => runDiagnostics(profile())),
    /** Every flow of the firewall flow table, checked from this PC (issue 15 item 6). */
    networkCheck: () => activity.run('연결 흐름 점검', () => checkFlows(profile())),
    payup: {
      ...payup,
      cancel: (...a: Parameters<typeof payup.cancel>) => activity.run(`결제 취소(${a[0]})`, () => payup.cancel(...a)),
      runBatch: (...a: Parameters<typeof payup.runBatch>) => activity.run(`결제 취소 일괄 처리(${path.basename(a[0])})`, () => payup.runBatch(...a)),
    },
    kcp: {
      ...kcp,
      verify: (...a: Parameters<typeof kcp.verify>) => activity.run('계좌인증', () => kcp.verify(...a)),
      verifyBatch: (...a: Parameters<typeof kcp.verifyBatch>) => activity.run(`계좌인증 일괄 처리(${path.basename(a[0])})`, () => kcp.verifyBatch(...a)),
      resumeBatch: (...a: Parameters<typeof kcp.resumeBatch>) => activity.run(`계좌인증 일괄 처리(${a[0]})`, () => kcp.resumeBatch(...a)),
    },
    samples: { writeRecipientList: writeSampleRecipientList },
    exchangeCount: () => countExchanges(readDb),
    /** Audit chain, checkpoints, verification, evidence bundles, landing events (issue 4). */
    audit: createAuditFacade(auditService, reads, dataDir),
    /** The reference landing server (issue 4 §4) over this backend's docs-gw client; events go to the audit chain. */
    landing: {
      serve: async (o: Omit<LandingServerOptions, 'gateway' | 'audit'>) => {
        // The server holds this profile's client until it closes: no switch under it.
        const release = activity.begin('랜딩 서버');
        try {
          const gw = gateway(); // builds the client (fails early on missing credentials)
          // Landing calls are outside any journal step: their exchange records are written at once, in order.
          // A record the writer could not store is reported; the landing page goes on (its own event follows).
          const afterGatewayCall = (): Promise<void> => writeDocsgwExchanges().catch((err: unknown) => void process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`));
          const server = await startLandingServer({ ...o, gateway: gw, audit: auditService, afterGatewayCall });
          return {
            ...server,
            close: async () => {
              try {
                await server.close();
              } finally {
                release();
              }
            },
          };
        } catch (err) {
          release();
          throw err;
        }
      },
    },
    /** The watched landing-events folder: setting (audited), status, polling (issue 14 §6). */
    landingFolder,
    /** The status tracker: pause/resume (audited), its status and events, the OS scheduler entry (issue 14). */
    tracker,
    /** The embedded simulators of the active profile, when it runs them. */
    sandbox: () => {
      const running = runtime.sandboxes;
      return running
        ? {
            info: running.info,
            /** Demo loop (issue 4 §4): simulated recipients read through a landing server at this URL. */
            useLandingRecipients: (landingBaseUrl: string) => running.docsgw.useLandingRecipients(landingBaseUrl),
          }
        : null;
    },
    async close() {
      await tracker.close(); // after its round in progress is committed
      await landingFolder.stop();
      await engine.close();
      await reads.close();
      await runtime.close();
      // Records of calls that ended outside a journal step (e.g. during shutdown) are written before the writer closes.
      for (const write of [writeDocsgwExchanges, writePayupExchanges]) await write().catch((err: unknown) => void process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`));
      // The audit log closes while docdesk.db's writer still runs: its close waits for that writer's last events,
      // signs the shutdown checkpoint and records it in docdesk.db, a step on that writer.
      await auditService.close();
      await auditService.recordsWritten();
      await docdeskWriter.close(); // after every service that writes through it: their last steps commit first
      // A close that did not wait for its sends (a drain that timed out) leaves work IN_FLIGHT: the next start
      // then recovers it as after a crash. Counted after every writer thread stopped: nothing can be claimed any
      // more, so the awaits between the counts change nothing.
      const workLeft = lock ? (await engine.interruptedWork()) + (await payup.interruptedWork()) + (await kcp.interruptedWork()) : 0;
      readDb.close();
      lock?.release({ recoveryDue: workLeft > 0 });
    },
  };
}
export type Backend = Awaited<ReturnType<typeof createBackend>>;
