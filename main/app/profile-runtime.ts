// Everything that depends on the active profile and must be rebuilt when it changes (DESIGN §12): the profile as
// the services see it (a sandbox profile's addresses, ports and CA filled in by the simulators it started), the
// embedded simulators themselves, and the gateway clients built from it on first use. A switch builds the new
// runtime completely before the old one is closed, so a failed start leaves the old profile in place.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Profile } from '../../shared/domain/profile.ts';
import { startSandboxes, type RunningSandboxes } from '../sandbox/start-sandbox.ts';

export type ProfileRuntime = {
  /** The profile as every service uses it. */
  readonly profile: Profile;
  readonly sandboxes: RunningSandboxes | null;
  /** Closers of what was built from this runtime (gateway clients); run by close(), newest first. */
  onClose(closer: () => Promise<void>): void;
  close(): Promise<void>;
};

/**
 * A sandbox profile with docs-gw port 0 runs the simulators in this process, on a ledger kept in the data folder;
 * read-only opens (status, list) never start them.
 */
export async function openProfileRuntime(base: Profile, o: { dataDir: string; startSimulators: boolean }): Promise<ProfileRuntime> {
  let sandboxes: RunningSandboxes | null = null;
  let profile = base;
  if (base.kind === 'sandbox' && base.docsgw.port === 0 && o.startSimulators) {
    mkdirSync(path.join(o.dataDir, 'sandbox'), { recursive: true, mode: 0o700 });
    sandboxes = await startSandboxes({
      ledgerPath: path.join(o.dataDir, 'sandbox', 'ledger.db'),
      addresses: base.docsgw.addresses.length ? base.docsgw.addresses : undefined,
      timeScale: base.sandbox?.timeScale ?? 1,
    });
    profile = { ...base, docsgw: { ...base.docsgw, addresses: sandboxes.docsgw.addresses, port: sandboxes.docsgw.port, caFile: sandboxes.docsgw.caFile } };
    // The embedded PayUp simulator: its base URL (random port), pinned loopback address and the test CA.
    if (base.payup) {
      const pu = sandboxes.payup.info();
      profile = { ...profile, payup: { ...base.payup, baseUrl: pu.baseUrl, addresses: pu.addresses, caFile: pu.caFile } };
    }
    // The embedded KCP gateway (socket transport): its loopback address and random port.
    if (base.kcp && base.kcp.port === 0) {
      profile = { ...profile, kcp: { ...base.kcp, host: sandboxes.kcp.host, port: sandboxes.kcp.port } };
    }
  }
  const closers: (() => Promise<void>)[] = [];
  let closed = false;
  const running = sandboxes;
  return {
    profile,
    sandboxes: running,
    onClose: (closer) => void closers.push(closer),
    async close() {
      if (closed) return;
      closed = true;
      for (const c of closers.reverse()) await c();
      await running?.close();
    },
  };
}
