// CPU time spent by this process and by a child (the sandbox) over one phase of a benchmark: the figures'
// detail says where the machine's cores went (on a 2-core machine the simulator competes with DocDesk).
import { readFileSync } from 'node:fs';

/** utime + stime of `pid` in milliseconds (Linux /proc; 0 elsewhere). */
function processCpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14 and 15 of /proc/<pid>/stat (1-based) are utime and stime in clock ticks (100 per second on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

export type CpuPhase = { stop(): { selfMs: number; otherMs: number; wallMs: number; text: string } };

/** Starts measuring; `stop()` returns the CPU milliseconds of this process and of `otherPid` since the start. */
export function startCpuPhase(otherPid: number): CpuPhase {
  const self0 = process.cpuUsage();
  const other0 = processCpuMs(otherPid);
  const wall0 = performance.now();
  return {
    stop() {
      const self = process.cpuUsage(self0);
      const selfMs = (self.user + self.system) / 1000;
      const otherMs = processCpuMs(otherPid) - other0;
      const wallMs = performance.now() - wall0;
      const pct = (ms: number): string => `${Math.round((ms / wallMs) * 100)}%`;
      return { selfMs, otherMs, wallMs, text: `CPU: client ${pct(selfMs)}, sandbox ${pct(otherMs)} of one core` };
    },
  };
}
