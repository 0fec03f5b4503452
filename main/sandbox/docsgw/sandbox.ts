// The simulated KakaoPay docs-gw (DESIGN §9; main/sandbox/README.md): HTTPS with the test CA on every
// address, all six endpoints, deterministic per-recipient outcomes, status progression in virtual time,
// single-use tokens, fault injection, a persistent SQLite ledger and an optional loopback admin API.
import { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID, SANDBOX_DOCSGW_HOST } from '../credentials.ts';
import { SANDBOX_CA_FILE } from '../tls/paths.ts';
import type { DocsGwSandboxInfo } from './admin-api.ts';
import { startAdminServer, type AdminServer } from './admin-server.ts';
import { createFaultBook, sandboxFaultsSchema, type SandboxFaults } from './faults.ts';
import { openDocument, type GatewayContext } from './gateway.ts';
import { startLandingRecipients, type LandingRecipients } from './recipient-simulator.ts';
import { openDocsGwLedger, type DocsGwLedgerReader } from './ledger.ts';
import { startGatewayListeners, type GatewayListeners } from './server.ts';
import type { SingleSendForm } from './validate.ts';

export type DocsGwSandboxOptions = {
  /** Addresses to listen on, same port on each (default 127.0.0.1 and 127.0.0.2: two "IDCs"). */
  addresses?: string[];
  /** 0 = a random free port (default). */
  port?: number;
  /** SQLite ledger file; created if missing, kept across restarts. */
  ledgerPath: string;
  /** Virtual seconds per real second for new documents (default 1). */
  timeScale?: number;
  accessToken?: string;
  contractUuid?: string;
  /** Starts the plain-HTTP admin API on 127.0.0.1 at this port (0 = random); no admin API when omitted. */
  adminPort?: number;
  /** Accepted single-send body form (reference §4.1); default 'document' (wrapped only). */
  singleSendForm?: SingleSendForm;
};

export type DocsGwSandbox = {
  host: string;
  port: number;
  addresses: string[];
  caFile: string;
  adminUrl: string | null;
  accessToken: string;
  contractUuid: string;
  timeScale: number;
  info(): DocsGwSandboxInfo;
  /** Replaces the active faults (see faults.ts); resolves once refused addresses stopped/started listening. */
  setFaults(faults: SandboxFaults): Promise<void>;
  clearFaults(): Promise<void>;
  faults(): SandboxFaults;
  ledger: DocsGwLedgerReader;
  /** A recipient authenticates in KakaoTalk: fresh single-use token + the landing URL KakaoPay would open. */
  openDocument(binderUuid: string): { token: string; url: string };
  /** The sandbox clock (ms UTC): real time plus every advanceClock() so far (persisted in the ledger). */
  now(): number;
  /**
   * From now on, ordinary recipients read through the landing page at `landingBaseUrl` (the demo's loop,
   * issue 4 §4) instead of the sandbox reading their documents by itself.
   */
  useLandingRecipients(landingBaseUrl: string): LandingRecipients;
  /** Moves the sandbox clock forward (demo "fast forward", tests); returns the new now(). */
  advanceClock(ms: number): number;
  close(): Promise<void>;
};

export { SANDBOX_ACCESS_TOKEN, SANDBOX_CONTRACT_UUID, SANDBOX_DOCSGW_HOST } from '../credentials.ts';

const CLOCK_OFFSET_KEY = 'clock_offset_ms';

export async function startDocsGwSandbox(opts: DocsGwSandboxOptions): Promise<DocsGwSandbox> {
  const addresses = opts.addresses ?? ['127.0.0.1', '127.0.0.2'];
  if (addresses.length === 0) throw new Error('샌드박스 주소가 하나 이상 필요합니다.');
  const timeScale = opts.timeScale ?? 1;
  if (!(timeScale > 0)) throw new Error('timeScale은 0보다 커야 합니다.');
  const accessToken = opts.accessToken ?? SANDBOX_ACCESS_TOKEN;
  const contractUuid = opts.contractUuid ?? SANDBOX_CONTRACT_UUID;

  const ledger = openDocsGwLedger(opts.ledgerPath);
  let offsetMs = Number(ledger.getMeta(CLOCK_OFFSET_KEY) ?? '0') || 0;
  const now = (): number => Date.now() + offsetMs;
  const ctx: GatewayContext = { ledger, now, accessToken, contractUuid, timeScale, singleSendForm: opts.singleSendForm ?? 'document' };
  const faults = createFaultBook();
  let closed = false;

  let listeners: GatewayListeners;
  try {
    listeners = await startGatewayListeners({ addresses, port: opts.port ?? 0, ctx, faults, isClosed: () => closed });
  } catch (err) {
    ledger.close();
    throw err;
  }

  let admin: AdminServer | null = null;
  let recipients: LandingRecipients | null = null;
  const sandbox: DocsGwSandbox = {
    host: SANDBOX_DOCSGW_HOST,
    port: listeners.port,
    addresses: [...addresses],
    caFile: SANDBOX_CA_FILE,
    adminUrl: null,
    accessToken,
    contractUuid,
    timeScale,
    info: () => ({
      host: SANDBOX_DOCSGW_HOST,
      port: listeners.port,
      addresses: [...addresses],
      caFile: SANDBOX_CA_FILE,
      adminUrl: admin?.url ?? null,
      ledgerPath: opts.ledgerPath,
      timeScale,
    }),
    async setFaults(f) {
      const parsed = sandboxFaultsSchema.parse(f);
      const unknown = (parsed.refuseAddresses ?? []).filter((a) => !addresses.includes(a));
      if (unknown.length > 0) throw new Error(`샌드박스가 쓰지 않는 주소입니다: ${unknown.join(', ')} (사용 중: ${addresses.join(', ')})`);
      faults.set(parsed);
      await listeners.applyRefusals(faults.refusedAddresses());
    },
    async clearFaults() {
      faults.clear();
      await listeners.applyRefusals([]);
    },
    faults: () => faults.current(),
    ledger,
    openDocument: (binderUuid) => openDocument(ctx, binderUuid),
    useLandingRecipients(landingBaseUrl) {
      void recipients?.stop();
      recipients = startLandingRecipients(ctx, landingBaseUrl);
      const r = recipients;
      ctx.landingRecipients = true;
      ctx.onAccepted = (binder) => setImmediate(() => r.add(binder));
      return r;
    },
    now,
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError('advanceClock: ms must be ≥ 0');
      offsetMs += ms;
      ledger.setMeta(CLOCK_OFFSET_KEY, String(offsetMs));
      return now();
    },
    async close() {
      if (closed) return;
      closed = true;
      await recipients?.stop();
      await admin?.close();
      await listeners.close();
      ledger.close();
    },
  };

  if (opts.adminPort !== undefined) {
    try {
      admin = await startAdminServer(sandbox, opts.adminPort);
    } catch (err) {
      await sandbox.close();
      throw err;
    }
    sandbox.adminUrl = admin.url;
  }
  return sandbox;
}
