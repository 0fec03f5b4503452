// Temp folders and sample recipient lists for one bench process. run.ts may share a cache folder of sample
// lists (DOCDESK_BENCH_CACHE) so the same deterministic file is written once per run, not once per bench.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSampleRecipientList } from '../../../main/imports/sample-list.ts';

export type Workspace = {
  dir: string;
  /** A fresh sub-folder of the workspace. */
  sub(name: string): string;
  /** Path of the sample list with `rows` rows (seed fixed), written on first use. */
  sampleList(rows: number): Promise<string>;
  cleanup(): void;
};

export const SAMPLE_SEED = 20_260_101;

export function createWorkspace(bench: string): Workspace {
  const dir = mkdtempSync(path.join(os.tmpdir(), `docdesk-bench-${bench}-`));
  const cache = process.env['DOCDESK_BENCH_CACHE'] ?? path.join(dir, 'samples');
  mkdirSync(cache, { recursive: true });
  const cleanupOnExit = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', cleanupOnExit);
  return {
    dir,
    sub(name) {
      const p = path.join(dir, name);
      mkdirSync(p, { recursive: true });
      return p;
    },
    async sampleList(rows) {
      const file = path.join(cache, `sample-${rows}-${SAMPLE_SEED}.xlsx`);
      if (!existsSync(file)) {
        // Written under a temporary name and renamed, so a crashed writer never leaves a truncated list behind.
        const partial = path.join(cache, `partial-${process.pid}-${rows}.xlsx`);
        await writeSampleRecipientList(partial, { rows, seed: SAMPLE_SEED });
        renameSync(partial, file);
      }
      return file;
    },
    cleanup() {
      process.removeListener('exit', cleanupOnExit);
      cleanupOnExit();
    },
  };
}

/** Progress text for humans; stderr so the protocol lines on stdout stay clean. */
export function log(bench: string, message: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)} ${bench}] ${message}\n`);
}

export const mb = (kb: number): number => Math.round(kb / 1024);
