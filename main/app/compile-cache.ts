// Node's on-disk module compile cache (module.enableCompileCache). Every worker thread DocDesk starts (import
// reader, docdesk.db writer, audit commit thread, audit verifiers) loads its own copy of our modules, and Node strips
// the TypeScript types and compiles each one again: 150–300 ms before an import's first row is read. The cache
// keeps the compiled code between runs. It lives in the user's own cache folder, never in the shared temp folder
// (cached code is executed), and workers inherit it through NODE_COMPILE_CACHE.
import { enableCompileCache } from 'node:module';
import os from 'node:os';
import path from 'node:path';

function userCacheDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return path.join(env['LOCALAPPDATA'] ?? path.join(os.homedir(), 'AppData', 'Local'), 'docdesk', 'compile-cache');
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'docdesk', 'compile-cache');
  return path.join(env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache'), 'docdesk', 'compile-cache');
}

/** Quiet by design (Node's own contract): a cache that cannot be enabled changes nothing but speed. */
export function enableModuleCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  if (env['NODE_DISABLE_COMPILE_CACHE']) return;
  const result = enableCompileCache(env['NODE_COMPILE_CACHE'] ?? userCacheDir(env));
  if (result.directory) process.env['NODE_COMPILE_CACHE'] = result.directory;
}
