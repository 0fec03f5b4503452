// A docs-gw sandbox in its own process (main/sandbox/start-sandbox.ts), so DocDesk and the minimal client
// compete with the simulator only for the machine, never for the same event loop.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sandboxInfoSchema, type DocsGwSandboxInfo } from '../../../main/sandbox/docsgw/admin-api.ts';

const START_SANDBOX = fileURLToPath(new URL('../../../main/sandbox/start-sandbox.ts', import.meta.url));

export type SandboxProcess = { info: DocsGwSandboxInfo; pid: number; stop(): Promise<void> };

/** Starts the sandbox on loopback and resolves once it printed its info line (60 s at most). */
export function startSandboxProcess(options: { ledgerPath: string; timeScale: number }): Promise<SandboxProcess> {
  const child = spawn(
    process.execPath,
    [START_SANDBOX, '--ledger', options.ledgerPath, '--admin-port', '0', '--time-scale', String(options.timeScale), '--address', '127.0.0.1'],
    { cwd: path.dirname(START_SANDBOX), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`sandbox did not start within 60 s: ${stderr}`));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited (code ${String(code)}) before printing its info: ${stderr}`));
    });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const info = sandboxInfoSchema.parse(JSON.parse(line));
      resolve({ info, pid: child.pid ?? -1, stop });
    });
  });
}
