// A backend on a fresh data folder, talking to a sandbox the test controls (faults, ledger) through a custom
// sandbox-kind profile — the same path as `docdesk sandbox serve` plus `docdesk profile import`.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { createBackend, type Backend } from '../../main/app/backend.ts';
import { startSandboxes, type RunningSandboxes } from '../../main/sandbox/start-sandbox.ts';

export function tempDir(prefix = 'docdesk-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A path in <dataDir>/uploads/, where the web bridge saves an upload: the contract reads input files only from
 * there or from a native dialog's answer (main/app/chosen-files.ts), so contract tests put their lists here.
 */
export function uploadPath(dataDir: string, name: string): string {
  const dir = path.join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

export async function startTestSandbox(options: { timeScale?: number } = {}): Promise<RunningSandboxes> {
  return startSandboxes({ ledgerPath: path.join(tempDir('docdesk-ledger-'), 'ledger.db'), timeScale: options.timeScale ?? 172_800 });
}

/** A custom sandbox-kind profile that points at `sandbox` (written as the JSON file an operator would import). */
export function writeSandboxProfile(
  sandbox: RunningSandboxes,
  file: string,
  options: { name: string; label?: string; timeoutMs?: number; concurrency?: number; addresses?: string[]; docsgw?: Record<string, unknown> },
): string {
  writeFileSync(
    file,
    JSON.stringify({
      name: options.name,
      ...(options.label !== undefined ? { label: options.label } : {}),
      kind: 'sandbox',
      docsgw: {
        host: sandbox.docsgw.host,
        addresses: options.addresses ?? sandbox.docsgw.addresses,
        port: sandbox.docsgw.port,
        caFile: sandbox.docsgw.caFile,
        timeoutMs: options.timeoutMs ?? 10_000,
        connectTimeoutMs: 2_000,
        rateLimitPerSec: 1000,
        concurrency: options.concurrency ?? 2,
        poll: { firstAfterSec: 5, dayOneEverySec: 5, laterEverySec: 5 },
        ...options.docsgw,
      },
    }),
  );
  return file;
}

export async function backendFor(
  sandbox: RunningSandboxes,
  options: { dataDir?: string; timeoutMs?: number; concurrency?: number; addresses?: string[]; profileName?: string; docsgw?: Record<string, unknown>; track?: boolean } = {},
): Promise<Backend> {
  const dataDir = options.dataDir ?? tempDir();
  const name = options.profileName ?? 'test-sandbox';
  const profileFile = writeSandboxProfile(sandbox, path.join(dataDir, 'profile.json'), { name, ...options });
  const setup = await createBackend({ dataDir, env: {}, access: 'read' });
  await setup.importProfile(profileFile);
  await setup.useProfile(name);
  await setup.close();
  return createBackend({ dataDir, env: {}, ...(options.track ? { track: true } : {}) });
}

/**
 * Every exchange_log row `seqs` (written by a batch's writer thread) is in the audit chain exactly once, chained
 * while the batch ran — not appended later by start-up recovery.
 */
export async function expectChainedOnce(b: Backend, seqs: number[], rows: number): Promise<void> {
  expect(seqs).toHaveLength(rows);
  const audited = await b.audit.events({ ev: 'net.', subject: seqs.map((s) => `xlog:${s}`), limit: rows + 10 });
  expect(audited.total).toBe(rows);
  expect(audited.rows.every((e) => e.record?.data['recovered'] === undefined)).toBe(true);
}
