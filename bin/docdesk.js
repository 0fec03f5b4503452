#!/usr/bin/env node
// Runs on the pinned Node 24 (npx puts node_modules/.bin first), which strips TypeScript types natively.
import '../main/cli/index.ts';
