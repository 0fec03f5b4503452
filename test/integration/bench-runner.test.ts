// test/bench/run.ts as `npm run bench` runs it: every *.bench.ts of a folder in its own process, figures
// collected from stdout (other output ignored), a table and one JSON summary line; exit 1 only for a crash.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { z } from 'zod';
import { figureSchema } from '../bench/lib/figures.ts';
import { hermeticEnv } from '../helpers/hermetic-env.ts';

const RUNNER = path.resolve(import.meta.dirname, '../bench/run.ts');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docdesk-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const summarySchema = z.object({ summary: z.literal('docdesk-bench'), met: z.number(), notMet: z.number(), crashed: z.array(z.string()), figures: z.array(figureSchema) });

const fig = (figure: string, value: number, ok: boolean) =>
  JSON.stringify({ bench: 't', figure, value, unit: 'ms', limit: 50, comparison: '<=', ok, detail: `d-${figure}` });

function write(dir: string, name: string, body: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, name), body);
}

function runRunner(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUNNER, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: hermeticEnv() });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastJson = (stdout: string) => summarySchema.parse(JSON.parse(stdout.trim().split('\n').pop() ?? ''));

it('collects figures from every bench file, prints the table and exits 1 when one crashed', { timeout: 60_000 }, async () => {
  const dir = path.join(tmp, 'mixed');
  write(dir, 'a-good.bench.ts', `console.log('warming up'); console.log('{"other":"json"}'); console.log(${JSON.stringify(fig('fast', 10, true))}); console.error('progress on stderr');`);
  write(dir, 'b-crash.bench.ts', `console.log(${JSON.stringify(fig('slow', 80, false))}); process.exit(3);`);
  write(dir, 'helper.ts', `throw new Error('not a bench file: never run');`);
  // The cache folder the runner shares with bench files must exist while they run.
  write(dir, 'c-cache.bench.ts', `import fs from 'node:fs'; if (!fs.existsSync(process.env.DOCDESK_BENCH_CACHE ?? '/nonexistent')) process.exit(9);`);

  const r = await runRunner(['--dir', dir]);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('fast: 10 ms (limit <= 50) → 5.00× limit OK');
  expect(r.stdout).toContain('slow: 80 ms (limit <= 50) → 0.63× limit NOT MET');
  expect(r.stdout).toContain('d-fast');
  expect(r.stdout).toMatch(/b-crash\.bench\.ts \(\d+ s\) — CRASHED \(exit 3\)/);
  expect(r.stderr).toContain('progress on stderr');
  const summary = lastJson(r.stdout);
  expect(summary.crashed).toEqual(['b-crash.bench.ts']);
  expect(summary.figures.map((f) => f.figure)).toEqual(['fast', 'slow']);
  expect([summary.met, summary.notMet]).toEqual([1, 1]);
});

it('exits 0 when figures miss their limits but nothing crashed, and filters files by name', { timeout: 60_000 }, async () => {
  const dir = path.join(tmp, 'filtered');
  write(dir, 'keep.bench.ts', `console.log(${JSON.stringify(fig('missed', 70, false))});`);
  write(dir, 'skip.bench.ts', 'process.exit(5);');
  const r = await runRunner(['--dir', dir, 'keep']);
  expect(r.code).toBe(0);
  const summary = lastJson(r.stdout);
  expect(summary.crashed).toEqual([]);
  expect(summary.figures.map((f) => [f.figure, f.ok])).toEqual([['missed', false]]);
});

it('kills a bench file that overruns its time and reports it as crashed', { timeout: 60_000 }, async () => {
  const dir = path.join(tmp, 'hang');
  write(dir, 'hang.bench.ts', 'setInterval(() => {}, 1000);');
  const r = await runRunner(['--dir', dir, '--timeout-sec', '2']);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('TIMED OUT');
  expect(lastJson(r.stdout).crashed).toEqual(['hang.bench.ts']);
});
