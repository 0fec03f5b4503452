// `npm run bench`: runs every test/bench/*.bench.ts as its own child process (one after another, so figures
// never compete with each other), collects the protocol lines they print (lib/figures.ts), prints a table of
// figures as ratios to their limits, then one JSON summary line. Exit 0 even when a figure misses its limit
// (benchmarks never fail CI, DESIGN §11); exit 1 only when a bench file crashed or overran its time.
//   npm run bench                      all bench files
//   npm run bench -- mailing import    only files whose name contains one of the words
//   node test/bench/run.ts --dir D     bench files of another folder (used by the runner's own test)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { formatFigure, parseFigureLine, type Figure } from './lib/figures.ts';

/** A bench file that runs longer than this is killed and reported as crashed (the whole run stays bounded). */
const DEFAULT_FILE_TIMEOUT_MS = 10 * 60_000;

export type BenchFileResult = { file: string; figures: Figure[]; exitCode: number | null; signal: string | null; timedOut: boolean; elapsedMs: number };

function runBenchFile(file: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<BenchFileResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: path.dirname(file) });
    const figures: Figure[] = [];
    let timedOut = false;
    createInterface({ input: child.stdout }).on('line', (line) => {
      const f = parseFigureLine(line);
      if (f === null) return; // anything that is not a figure is ignored (protocol)
      figures.push(f);
      process.stderr.write(`  ${formatFigure(f)}\n`);
    });
    // Progress text of the bench goes to our stderr as it comes: a long run shows it is alive.
    child.stderr.pipe(process.stderr, { end: false });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    const done = (exitCode: number | null, signal: string | null): void => {
      clearTimeout(timer);
      resolve({ file, figures, exitCode, signal, timedOut, elapsedMs: Date.now() - started });
    };
    child.once('error', () => done(null, 'spawn-error'));
    child.once('close', (code, signal) => done(code, signal));
  });
}

export function crashed(r: BenchFileResult): boolean {
  return r.timedOut || r.exitCode !== 0;
}

function table(results: BenchFileResult[]): string {
  const lines: string[] = ['', 'Benchmarks (issue 2 figures; ratios measured in this run on this machine):'];
  for (const r of results) {
    const status = crashed(r) ? (r.timedOut ? ' — TIMED OUT' : ` — CRASHED (${r.signal ?? `exit ${String(r.exitCode)}`})`) : '';
    lines.push(`${path.basename(r.file)} (${(r.elapsedMs / 1000).toFixed(0)} s)${status}`);
    for (const f of r.figures) {
      lines.push(`  ${formatFigure(f)}`);
      if (f.detail !== undefined) lines.push(`      ${f.detail}`);
    }
    if (r.figures.length === 0) lines.push('  (no figures)');
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { dir: { type: 'string' }, 'timeout-sec': { type: 'string' } } });
  const dir = path.resolve(values.dir ?? here);
  const timeoutMs = values['timeout-sec'] !== undefined ? Number(values['timeout-sec']) * 1000 : DEFAULT_FILE_TIMEOUT_MS;
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)))
    .sort()
    .map((f) => path.join(dir, f));
  if (files.length === 0) {
    process.stderr.write(`벤치마크 파일(*.bench.ts)이 없습니다: ${dir}\n`);
  }

  // Sample recipient lists are deterministic: written once per run and shared by every bench file.
  const cache = mkdtempSync(path.join(os.tmpdir(), 'docdesk-bench-cache-'));
  const env = { ...process.env, DOCDESK_BENCH_CACHE: cache };
  const started = Date.now();
  const results: BenchFileResult[] = [];
  try {
    for (const file of files) {
      process.stderr.write(`\n▶ ${path.basename(file)}\n`);
      results.push(await runBenchFile(file, env, timeoutMs));
    }
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }

  process.stdout.write(`${table(results)}\n\n`);
  const figures = results.flatMap((r) => r.figures);
  const summary = {
    summary: 'docdesk-bench',
    date: new Date().toISOString(),
    elapsedMs: Date.now() - started,
    machine: { cpus: os.cpus().length, totalMemMb: Math.round(os.totalmem() / 2 ** 20), node: process.version },
    met: figures.filter((f) => f.ok).length,
    notMet: figures.filter((f) => !f.ok).length,
    crashed: results.filter(crashed).map((r) => path.basename(r.file)),
    figures,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return summary.crashed.length > 0 ? 1 : 0;
}

if (import.meta.main) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
