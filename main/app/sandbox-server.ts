// The composition root is the only place that starts the simulators (DESIGN §2); the CLI's `sandbox serve`
// reaches them through here.
import { startSandboxes } from '../sandbox/start-sandbox.ts';

export function serveSandbox(options: { ledgerPath: string; port?: number; timeScale?: number; adminPort?: number }) {
  return startSandboxes({ ...options, adminPort: options.adminPort ?? 0 });
}
