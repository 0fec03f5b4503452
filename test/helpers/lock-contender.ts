// A process that contends for a data folder's writer lock on command (test/integration/data-dir-lock.test.ts).
// Run with the pinned Node (type stripping): stdin lines are JSON commands, stdout lines JSON answers.
import readline from 'node:readline';
import { z } from 'zod';
import { acquireDataDirLock, type DataDirLock } from '../../main/app/data-dir-lock.ts';

const commandSchema = z.discriminatedUnion('op', [
  // startAt (ms UTC): spin until then, so that two contenders start at the same instant.
  z.object({ op: z.literal('acquire'), dataDir: z.string(), startAt: z.number().optional(), hostName: z.string().optional() }),
  z.object({ op: z.literal('release') }),
]);
const errorSchema = z.object({ code: z.string(), message: z.string() });

const say = (answer: Record<string, unknown>): void => void process.stdout.write(`${JSON.stringify(answer)}\n`);

let lock: DataDirLock | null = null;
say({ ready: true, pid: process.pid });
for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = commandSchema.parse(JSON.parse(line));
  if (command.op === 'release') {
    lock?.release({ recoveryDue: false });
    lock = null;
    say({ released: true });
    continue;
  }
  while (command.startAt !== undefined && performance.timeOrigin + performance.now() < command.startAt) {
    // busy-wait: a timer would wake each contender at a different moment
  }
  try {
    lock = acquireDataDirLock(command.dataDir, { hostName: command.hostName });
    say({ won: true, previousWriter: lock.previousWriter ?? null });
  } catch (err) {
    const e = errorSchema.safeParse(err);
    if (e.success && e.data.code === 'DATA_DIR_BUSY') say({ won: false, code: e.data.code, message: e.data.message });
    else say({ crashed: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
}
