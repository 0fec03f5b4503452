// Fixtures for the PayUp tests: a sandbox with PayUp that can also know the seed merchant `tester` (its sample key:
// test/fixtures/payup/seed-002-vectors.ts), and a backend whose profile points at it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { startSandboxes, type RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';
import { tempDir } from '../helpers/test-backend.ts';

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
