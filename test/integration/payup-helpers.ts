// Fixtures for the PayUp tests: the seed's sample key (read from seed 002, never committed: reference B4), a
// sandbox with PayUp that also knows the seed merchant `tester`, and a backend whose profile points at it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { startSandboxes, type RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { tempDir } from '../helpers/test-backend.ts';

const SEED_NAME = '002_e0fd6d60431aa118.txt';

/** The seed file: DOCDESK_SEEDS_DIR, else ../shared/seeds next to the repository (where the issue points). */
export function seed002Path(): string {
  const dir = process.env.DOCDESK_SEEDS_DIR ?? path.resolve(import.meta.dirname, '../../../shared/seeds');
  return path.join(dir, SEED_NAME);
}

export type SeedVectors = {
  key: string;
  order: { input: string; merchantId: string; orderNumber: string; amount: string; timestamp: string; signature: string };
  cancel: { input: string; merchantId: string; transactionId: string; signature: string };
};

/** Parses both "생성할 데이터 값 / Signature" samples of seed 002. */
export function seedVectors(): SeedVectors {
  const file = seed002Path();
  if (!existsSync(file)) throw new Error(`seed 002 not found at ${file}: set DOCDESK_SEEDS_DIR to the folder holding ${SEED_NAME}`);
  const text = readFileSync(file, 'utf8');
  const samples = [...text.matchAll(/생성할 데이터 값 :\s*\n\s*\n?\s*(\S+)\s*\n\s*\n?\s*Signature:\s*\n\s*\n?\s*([0-9a-f]{64})/g)];
  const order = samples.find((m) => (m[1] ?? '').split('|').length === 5);
  const cancel = samples.find((m) => (m[1] ?? '').split('|').length === 3);
  if (!order?.[1] || !order[2] || !cancel?.[1] || !cancel[2]) throw new Error('seed 002: signature samples not found');
  const [om, on, oa, ok, ot] = order[1].split('|') as [string, string, string, string, string];
  const [cm, ct, ck] = cancel[1].split('|') as [string, string, string];
  if (ok !== ck) throw new Error('seed 002: the two samples use different keys');
  return {
    key: ck,
    order: { input: order[1], merchantId: om, orderNumber: on, amount: oa, timestamp: ot, signature: order[2] },
    cancel: { input: cancel[1], merchantId: cm, transactionId: ct, signature: cancel[2] },
  };
}

export async function startPayupTestSandbox(merchants: Record<string, string> = {}): Promise<RunningSandboxes> {
  return startSandboxes({ ledgerPath: path.join(tempDir('docdesk-ledger-'), 'ledger.db'), payupMerchants: merchants });
}

export function payupProfileJson(sandbox: RunningSandboxes, o: { name?: string; merchantId?: string; timeoutMs?: number; concurrency?: number } = {}): Record<string, unknown> {
  const pu = sandbox.payup.info();
  return {
    name: o.name ?? 'payup-test',
    kind: 'sandbox',
    docsgw: { host: sandbox.docsgw.host, addresses: sandbox.docsgw.addresses, port: sandbox.docsgw.port, caFile: sandbox.docsgw.caFile },
    payup: {
      baseUrl: pu.baseUrl,
      merchantId: o.merchantId ?? pu.merchantId,
      addresses: pu.addresses,
      caFile: pu.caFile,
      timeoutMs: o.timeoutMs ?? 5_000,
      concurrency: o.concurrency ?? 4,
    },
  };
}

/** A data folder whose active profile points at `sandbox` (docs-gw + PayUp); returns the open backend. */
export async function payupBackend(
  sandbox: RunningSandboxes,
  o: { dataDir?: string; env?: NodeJS.ProcessEnv; merchantId?: string; timeoutMs?: number; concurrency?: number } = {},
): Promise<Backend> {
  const dataDir = o.dataDir ?? tempDir('docdesk-payup-');
  await preparePayupDataDir(sandbox, dataDir, o);
  return createBackend({ dataDir, env: o.env ?? {} });
}

export async function preparePayupDataDir(sandbox: RunningSandboxes, dataDir: string, o: { merchantId?: string; timeoutMs?: number; concurrency?: number } = {}): Promise<void> {
  const profileFile = path.join(dataDir, 'payup-profile.json');
  const json = payupProfileJson(sandbox, o);
  writeFileSync(profileFile, JSON.stringify(json));
  const setup = await createBackend({ dataDir, env: {}, access: 'read' });
  try {
    await setup.importProfile(profileFile);
    await setup.useProfile(String(json.name));
  } finally {
    await setup.close();
  }
}
