#!/usr/bin/env node
// Runs on the pinned Node 24 (npx puts node_modules/.bin first), which strips TypeScript types natively. The
// compile cache is enabled before the CLI's modules load, so later runs start faster (main/app/compile-cache.ts).
import { enableModuleCompileCache } from '../main/app/compile-cache.ts';

enableModuleCompileCache();
await import('../main/cli/index.ts');
