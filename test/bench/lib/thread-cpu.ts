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
import { emitFigure } from './figures.ts';
import { scaleNote } from './scale.ts';

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

/** A thread of DocDesk's own (a worker, labelled `folder/module`), as opposed to main, V8 and libuv threads. */
const isDocDeskWorker = (label: string): boolean => label.includes('/');

/** CPU µs of the client side (main, V8 and libuv threads; DocDesk's idle workers left out) between two snapshots. */
export function clientCpuUs(before: ThreadSnapshot, after: ThreadSnapshot): number {
  return cpuByThread(before, after)
    .filter((t) => !isDocDeskWorker(t.label))
    .reduce((sum, t) => sum + t.us, 0);
}

/**
 * Issue 16: CPU per item (a document, a verification), per thread of DocDesk's process during one phase, as figures
 * `<phase>.cpu_us_per_<item>[<thread>]` and `[process]`. The limit of each is what the durable minimal client spends
 * per item on all of its threads together: a thread of DocDesk that alone costs more cannot be overlapped into a
 * ratio ≥ 1 on a machine the simulator shares.
 */
export function emitThreadCpuFigures(
  bench: string,
  phase: string,
  item: 'doc' | 'verification' | 'cancel',
  threads: { label: string; us: number }[],
  items: number,
  ctx: { what: string; durableUsPerItem: number; minimalUsPerItem: number; simulatorUsPerItem: number },
): void {
  const perItem = (us: number): number => Math.round((us / items) * 10) / 10;
  const limit = Math.round(ctx.durableUsPerItem * 10) / 10;
  const unit = `µs/${item}`;
  const shown = threads.filter((t) => perItem(t.us) >= 0.5);
  const hidden = threads.filter((t) => perItem(t.us) < 0.5);
  for (const t of shown) {
    emitFigure({
      bench,
      figure: `${phase}.cpu_us_per_${item}[${t.label}]`,
      value: perItem(t.us),
      unit,
      limit,
      comparison: '<=',
      detail: `thread ${t.label} of the DocDesk process over ${ctx.what} (/proc/self/task/*/schedstat)${scaleNote()}`,
    });
  }
  emitFigure({
    bench,
    figure: `${phase}.cpu_us_per_${item}[process]`,
    value: perItem(threads.reduce((sum, t) => sum + t.us, 0)),
    unit,
    limit,
    comparison: '<=',
    detail:
      `every thread of the DocDesk process during ${ctx.what} (${shown.map((t) => `${t.label} ${perItem(t.us)}`).join(', ')}; below 0.5 µs: ` +
      `${hidden.map((t) => t.label).join(', ') || 'none'}); limit: the durable minimal client's ${ctx.durableUsPerItem.toFixed(1)} ${unit} on its threads ` +
      `(bare minimal ${ctx.minimalUsPerItem.toFixed(1)}); the simulator process spent ${ctx.simulatorUsPerItem.toFixed(1)} ${unit} meanwhile${scaleNote()}`,
  });
}
