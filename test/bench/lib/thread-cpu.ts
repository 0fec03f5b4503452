// CPU time per thread of this process over one phase of a benchmark (Linux /proc/self/task/<tid>/schedstat: the
// first field is the nanoseconds the thread ran). Worker threads are named after the module they run, so a figure
// can say "writer/docdesk-writer" instead of "WorkerThread": DocDesk starts its workers without a name, and Node
// names an OS thread after the `name` option of `new Worker` (truncated to 15 bytes), so the bench gives each
// worker a short name and remembers which module it stands for.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as WorkerThreads from 'node:worker_threads';

const require = createRequire(import.meta.url);
/** Short OS thread name (`w<n>`) → the module the worker runs, e.g. `writer/docdesk-writer.worker`. */
const workerModules = new Map<string, string>();
let naming = false;

function moduleLabel(file: string | URL): string {
  const p = file instanceof URL ? fileURLToPath(file) : file;
  return `${path.basename(path.dirname(p))}/${path.basename(p).replace(/\.[cm]?[jt]s$/, '')}`;
}

/**
 * Makes every `new Worker(...)` started from now on (by any module: ESM imports of node:worker_threads are live
 * bindings, refreshed by syncBuiltinESMExports) carry a short thread name the per-thread figures can resolve.
 * Only the name changes; nothing the worker does.
 */
export function nameWorkerThreads(): void {
  if (naming) return;
  naming = true;
  const threads: typeof WorkerThreads = require('node:worker_threads');
  const Original = threads.Worker;
  class NamedWorker extends Original {
    constructor(file: string | URL, options: WorkerThreads.WorkerOptions = {}) {
      const name = `w${workerModules.size + 1}`;
      workerModules.set(name, options.eval === true ? 'eval' : moduleLabel(file));
      super(file, { ...options, name: options.name ?? name });
    }
  }
  threads.Worker = NamedWorker;
  syncBuiltinESMExports();
}

/** Nanoseconds each live thread has run, by thread id, with the thread's label. */
export type ThreadSnapshot = Map<string, { label: string; ns: number }>;

/** The thread's label: `main`, the module of a named worker, or a group of V8 / libuv helper threads. */
function threadLabel(tid: string, comm: string): string {
  if (tid === String(process.pid)) return 'main';
  const worker = workerModules.get(comm);
  if (worker !== undefined) return worker;
  if (comm === 'V8Worker') return 'V8 helpers (GC, compiler)';
  if (comm.startsWith('libuv-worker')) return 'libuv pool';
  return comm;
}

export function snapshotThreads(): ThreadSnapshot {
  const out: ThreadSnapshot = new Map();
  let tids: string[];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out; // not Linux: no per-thread figures
  }
  for (const tid of tids) {
    try {
      const comm = readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      const ns = Number(readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      out.set(tid, { label: threadLabel(tid, comm), ns });
    } catch {
      // the thread ended between the listing and the read: its time is lost, as for any thread gone before `after`
    }
  }
  return out;
}

/**
 * CPU microseconds per thread label between two snapshots (threads with the same label summed; a thread born in
 * between counts from zero, one that ended in between is missing), largest first.
 */
export function cpuByThread(before: ThreadSnapshot, after: ThreadSnapshot): { label: string; us: number }[] {
  const sums = new Map<string, number>();
  for (const [tid, a] of after) {
    const ns = a.ns - (before.get(tid)?.ns ?? 0);
    sums.set(a.label, (sums.get(a.label) ?? 0) + ns / 1000);
  }
  return [...sums].map(([label, us]) => ({ label, us })).sort((x, y) => y.us - x.us);
}
