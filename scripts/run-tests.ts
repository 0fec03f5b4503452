// `npm test`: lint (with the import rules), type-check every tsconfig project, then unit + integration tests.
// Ends with the line `N passed, N failed[, N skipped]` that CI reads (each check counts as one test).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const root = path.resolve(import.meta.dirname, '..');
let passed = 0;
let failed = 0;
let skipped = 0;

function run(label: string, cmd: string, args: string[]): boolean {
  console.log(`\n▶ ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  return r.status === 0;
}

function check(label: string, cmd: string, args: string[]): void {
  if (run(label, cmd, args)) passed++;
  else {
    failed++;
    console.log(`✖ ${label} failed`);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
check('lint', npx, ['eslint', '.']);
for (const project of ['tsconfig.shared.json', 'tsconfig.main.json', 'tsconfig.renderer.json', 'tsconfig.test.json']) {
  check(`typecheck ${project}`, npx, ['tsc', '-p', project]);
}

// The browser tests (test/e2e) serve the built renderer: build it first when the renderer exists.
if (existsSync(path.join(root, 'renderer', 'index.html'))) check('renderer build', npx, ['vite', 'build', '--logLevel', 'warn']);

const vitestReport = z.object({
  numPassedTests: z.number(),
  numFailedTests: z.number(),
  numPendingTests: z.number(),
  numTodoTests: z.number(),
  numFailedTestSuites: z.number(),
});
const outDir = mkdtempSync(path.join(tmpdir(), 'docdesk-test-'));
const outFile = path.join(outDir, 'vitest.json');
const extra = process.argv.slice(2);
const ok = run('unit + integration tests', npx, ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${outFile}`, ...extra]);
try {
  const report = vitestReport.parse(JSON.parse(readFileSync(outFile, 'utf8')));
  passed += report.numPassedTests;
  // A file that fails to load has no failed test but a failed suite: count it once; otherwise count tests only
  // (numFailedTestSuites also counts every describe block around a failed test).
  failed += report.numFailedTests > 0 ? report.numFailedTests : report.numFailedTestSuites;
  skipped += report.numPendingTests + report.numTodoTests;
  if (!ok && report.numFailedTests + report.numFailedTestSuites === 0) failed++;
} catch {
  failed++;
  console.log('✖ vitest produced no report');
}
rmSync(outDir, { recursive: true, force: true });

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
