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

export function runCli(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: hermeticEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.stdin.end(options.input ?? '');
    child.on('exit', (code) => {
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
