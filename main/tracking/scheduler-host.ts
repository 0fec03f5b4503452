// What the scheduler plan needs to know about this computer (scheduler-command.ts stays pure).
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SchedulerHost } from './scheduler-command.ts';

export function detectSchedulerHost(env: NodeJS.ProcessEnv = process.env): SchedulerHost {
  const runtimeDir = env.XDG_RUNTIME_DIR;
  // The user manager's private socket: `systemctl --user` can reach it (none in containers or over plain su).
  const systemdUser = process.platform === 'linux' && runtimeDir !== undefined && existsSync(path.join(runtimeDir, 'systemd', 'private'));
  return { platform: process.platform, homeDir: os.homedir(), systemdUser };
}
