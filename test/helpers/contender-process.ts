// Drives test/helpers/lock-contender.ts in a child process on the pinned Node (process.execPath), optionally
// under a wrapper command (e.g. `unshare --pid --fork …`, another PID namespace).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { z } from 'zod';
import { hermeticEnv } from './hermetic-env.ts';

export const CONTENDER = path.resolve(import.meta.dirname, 'lock-contender.ts');

const answerSchema = z.object({
  ready: z.boolean().optional(),
  pid: z.number().optional(),
  won: z.boolean().optional(),
  previousWriter: z.string().nullable().optional(),
  code: z.string().optional(),
  message: z.string().optional(),
  crashed: z.string().optional(),
  released: z.boolean().optional(),
});
export type ContenderAnswer = z.infer<typeof answerSchema>;

export type ContenderCommand = { op: 'acquire'; dataDir: string; startAt?: number; hostName?: string } | { op: 'release' };

export interface Contender {
  /** The PID the contender sees for itself (in a PID namespace of its own, not one this process knows). */
  pid: number;
  child: ChildProcess;
  send(command: ContenderCommand): void;
  next(): Promise<ContenderAnswer>;
  exited: Promise<number | null>;
}

/** `argv` runs the contender: [execPath, script] unless a wrapper builds its own command line. */
export async function startContender(argv: string[] = [process.execPath, CONTENDER]): Promise<Contender> {
  const [command, ...args] = argv;
  if (command === undefined) throw new Error('no command');
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env: hermeticEnv() });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const queued: ContenderAnswer[] = [];
  const waiting: ((a: ContenderAnswer) => void)[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const answer = answerSchema.parse(JSON.parse(line));
    const w = waiting.shift();
    if (w) w(answer);
    else queued.push(answer);
  });
  const next = (): Promise<ContenderAnswer> =>
    new Promise((resolve, reject) => {
      const q = queued.shift();
      if (q) return resolve(q);
      waiting.push(resolve);
      void exited.then((code) => reject(new Error(`contender exited (${code}): ${stderr}`)));
    });
  const ready = await next();
  if (ready.ready !== true || ready.pid === undefined) throw new Error(`contender did not start: ${JSON.stringify(ready)} ${stderr}`);
  return { pid: ready.pid, child, send: (c) => void child.stdin!.write(`${JSON.stringify(c)}\n`), next, exited };
}

/** SIGKILL, as a crash or `kill -9` would end it; resolves once it is gone. */
export async function killHard(c: Contender): Promise<void> {
  c.child.kill('SIGKILL');
  await c.exited;
}
