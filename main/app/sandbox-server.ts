// The composition root is the only place that starts the simulators (DESIGN §2); the CLI's `sandbox serve`
// reaches them through here.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { sandboxesOptionsSchema, startSandboxes } from '../sandbox/start-sandbox.ts';

export function serveSandbox(options: { ledgerPath: string; port?: number; timeScale?: number; adminPort?: number }) {
  // Options checked before anything is created, so a bad --port leaves a new data folder untouched.
  const o = sandboxesOptionsSchema.parse({ ...options, adminPort: options.adminPort ?? 0 });
  // A new data folder has no sandbox/ yet: createBackend makes it for the embedded simulators, serve has no backend.
  mkdirSync(path.dirname(o.ledgerPath), { recursive: true });
  return startSandboxes(o);
}
