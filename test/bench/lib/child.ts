// Runs a bench helper script in its own Node process (the pinned Node 24: process.execPath) and returns the
// last JSON line it printed on stdout. Used where a figure needs a process of its own (peak memory).
import { spawn } from 'node:child_process';

export function runJsonChild(script: string, args: string[], options: { timeoutMs: number }): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const last = stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (code !== 0 || last === undefined) {
        reject(new Error(`${script} ended with ${signal ?? `code ${String(code)}`}: ${stderr.trim()}`));
        return;
      }
      resolve(JSON.parse(last) as unknown);
    });
  });
}
