// Per-thread CPU of the benches (test/bench/lib/thread-cpu.ts): a worker started after nameWorkerThreads() — through
// a static import of node:worker_threads, as DocDesk's modules start theirs — is found under the name of its module
// with the CPU it spent, and the main thread under `main`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { cpuByThread, nameWorkerThreads, snapshotThreads } from '../bench/lib/thread-cpu.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'docdesk-thread-cpu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.runIf(process.platform === 'linux')('CPU per thread of the bench process', () => {
  it('labels a worker by its module and counts the CPU it spent', { timeout: 30_000 }, async () => {
    nameWorkerThreads();
    const moduleDir = path.join(dir, 'store');
    const file = path.join(moduleDir, 'busy.worker.mjs');
    mkdirSync(moduleDir);
    // Spins ~200 ms of CPU, then waits to be ended, so the thread is still alive at the second snapshot.
    writeFileSync(file, `import { parentPort } from 'node:worker_threads';\nconst end = Date.now() + 200; while (Date.now() < end);\nparentPort.postMessage('spun');\nsetInterval(() => {}, 1000);\n`);
    const before = snapshotThreads();
    const worker = new Worker(pathToFileURL(file));
    try {
      await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      const threads = cpuByThread(before, snapshotThreads());
      const busy = threads.find((t) => t.label === 'store/busy.worker');
      expect(busy?.us ?? 0).toBeGreaterThan(100_000);
      expect(threads.map((t) => t.label)).toContain('main');
      expect(threads.filter((t) => t.label === 'WorkerThread')).toEqual([]);
    } finally {
      await worker.terminate();
    }
  });
});
