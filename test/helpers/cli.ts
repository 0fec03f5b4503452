// Runs the `docdesk` CLI as a child process on the pinned Node, asynchronously: a sandbox running in the test
// process must keep serving while the CLI talks to it.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { hermeticEnv } from './hermetic-env.ts';

export const CLI = path.resolve(import.meta.dirname, '../../main/cli/index.ts');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last stdout line parsed as JSON (the `--json` result), or {}. */
  json: Record<string, unknown>;
}

export type CliOptions = {
  input?: string;
  /** Added to the hermetic environment (test/helpers/hermetic-env.ts: no DOCDESK_* of the caller's shell). */
  env?: NodeJS.ProcessEnv;
  /** Node options before the script (e.g. `--import` a preload). */
  nodeArgs?: string[];
  /** The child is killed after this long (its code is then null). */
  timeoutMs?: number;
};

export function runCli(args: string[], options: CliOptions = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: hermeticEnv(options.env) });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdin.end(options.input ?? '');
    child.on('exit', (code) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').at(-1);
      let json: Record<string, unknown> = {};
      try {
        if (last) json = JSON.parse(last) as Record<string, unknown>;
      } catch {
        json = {};
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}
