// Builds the desktop app's JavaScript for Electron (issue 3 §5): Node's type stripping does not apply inside an
// asar archive, so the main process is emitted as plain ESM and the preload is bundled into one CommonJS file
// (a sandboxed preload can require nothing but `electron`). Run before electron-builder:
//   npx vite build && npx node build/build-electron.ts && npx electron-builder
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const dist = path.join(root, 'dist');

function walk(dir: string, visit: (file: string) => void): void {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, visit);
    else visit(p);
  }
}

rmSync(dist, { recursive: true, force: true });

// 1. main/, shared/ and preload/ → dist/ as ESM; './x.ts' imports become './x.js' (TypeScript 5.7+).
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.main.json'), '--noEmit', 'false', '--outDir', dist, '--rewriteRelativeImportExtensions', '--sourceMap', 'false', '--noEmitOnError', 'true'], {
  stdio: 'inherit',
});

// 2. Worker threads are started by URL (new URL('./x.worker.ts', import.meta.url)), which the compiler does not
//    rewrite: point them at the emitted .js.
walk(dist, (file) => {
  if (!file.endsWith('.js')) return;
  const text = readFileSync(file, 'utf8');
  const next = text.replace(/(\.worker)\.ts(['"])/g, '$1.js$2');
  if (next !== text) writeFileSync(file, next);
});

// 3. Non-TypeScript files next to the sources (the sandbox's test TLS material, READMEs) travel with them.
walk(path.join(root, 'main'), (file) => {
  if (file.endsWith('.ts')) return;
  const target = path.join(dist, path.relative(root, file));
  mkdirSync(path.dirname(target), { recursive: true });
  copyFileSync(file, target);
});

// 4. The preload as one CommonJS file.
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    outDir: path.join(dist, 'preload'),
    emptyOutDir: false,
    minify: false,
    sourcemap: false,
    lib: { entry: path.join(root, 'preload', 'index.ts'), formats: ['cjs'], fileName: () => 'index.cjs' },
    rollupOptions: { external: ['electron'] },
  },
});
process.stdout.write(`Electron build ready: ${path.relative(root, dist)}/main/electron/main.js, ${path.relative(root, dist)}/preload/index.cjs\n`);
