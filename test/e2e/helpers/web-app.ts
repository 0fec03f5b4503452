// Starts the real `docdesk web` as a child process on a temp data folder (embedded sandbox, loopback only) and
// reads its one JSON line {url, port, token, dataDir}. ASYNC spawn: the test process keeps running its own work.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { hermeticEnv } from '../../helpers/hermetic-env.ts';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
const startedSchema = z.object({ url: z.string().startsWith('http://127.0.0.1:'), port: z.number().int(), token: z.string().min(16), dataDir: z.string() }).loose();

export type WebApp = {
  url: string;
  token: string;
  port: number;
  dataDir: string;
  output(): string;
  /** Whether the process is still running (a request must never end it). */
  running(): boolean;
  /** SIGTERM (SIGKILL after 15 s); resolves with the exit code (null when killed by a signal). */
  stop(): Promise<number | null>;
  /** Kills the process without any chance to clean up (crash tests); the data folder stays. */
  kill9(): Promise<void>;
};

export async function startWeb(options: { args?: string[]; env?: NodeJS.ProcessEnv; dataDir?: string; startTimeoutMs?: number } = {}): Promise<WebApp> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'docdesk-e2e-'));
  const child: ChildProcess = spawn(process.execPath, ['main/cli/index.ts', 'web', '--json', '--data-dir', dataDir, ...(options.args ?? [])], {
    cwd: root,
    env: hermeticEnv(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running = () => child.exitCode === null && child.signalCode === null;

  const stop = async (): Promise<number | null> => {
    if (running()) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    }
    if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    return child.exitCode;
  };

  try {
    const started = await new Promise<z.infer<typeof startedSchema>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`docdesk web did not start in time.\n${err}`)), options.startTimeoutMs ?? 120_000);
      child.stdout?.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        for (const line of out.split('\n')) {
          const text = line.trim();
          if (!text.startsWith('{')) continue;
          try {
            const parsed = startedSchema.safeParse(JSON.parse(text));
            if (parsed.success) {
              clearTimeout(timer);
              resolve(parsed.data);
              return;
            }
          } catch {
            // not complete yet
          }
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`docdesk web exited (${code}) before it was ready.\n${err}`));
      });
    });
    const kill9 = async (): Promise<void> => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
    };
    return { url: started.url, token: started.token, port: started.port, dataDir, output: () => out + err, running, stop, kill9 };
  } catch (e) {
    await stop();
    throw e;
  }
}
