// The TypeScript/JavaScript source files under a folder, for the tests that read the code itself (import rules,
// event types). `skipDir`: folders left out by name (e.g. the sandbox's simulators).
import { readdirSync } from 'node:fs';
import path from 'node:path';

export function sourceFiles(dir: string, skipDir: (name: string) => boolean = () => false): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return skipDir(e.name) ? [] : sourceFiles(full, skipDir);
    return /\.(ts|mts|mjs)$/.test(e.name) ? [full] : [];
  });
}
