// Only AuditReads' implementation (main/reads/) and the audit writer's own files hold a connection to audit.db
// (issue 16 item 2): every other module of main/ reads the log through AuditReads, so a PostgreSQL store can serve
// the services unchanged. Checked on the import graph of main/: a module that imports audit.db's connection type or
// opener (audit/audit-db.ts), its row parsers (audit/audit-rows.ts: rows leaving SQL), or calls an opener of the
// log's connections holds or reads audit.db directly.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { sourceFiles } from '../helpers/source-files.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MAIN = path.join(ROOT, 'main');

/** The audit writer's own files: its thread, its steps, the tree it writes, and how every process opens the file. */
const WRITER_FILES = new Set(
  [
    'audit-db.ts',
    'audit-rows.ts',
    'open-audit-writer.ts',
    'audit-commit-thread.ts',
    'audit-commit.worker.ts',
    'audit-writer-steps.ts',
    'audit-store.ts',
    'commit-batch.ts',
    'producer-batches.ts',
    'tree-upgrade.ts',
    'tree-store.ts',
  ].map((f) => `main/audit/${f}`),
);

const AUDIT_DB_MODULES = new Set(['main/audit/audit-db.ts', 'main/audit/audit-rows.ts']);
const OPENERS = /\b(openAuditDatabase|openAuditReader|openAuditWriter)\s*\(/;

/** Relative module specifiers of static imports and re-exports, dynamic imports and worker URLs. */
function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bnew URL\(\s*['"]([^'"]+)['"]/g)) out.push(m[1]!);
  return out.filter((s) => s.startsWith('.'));
}

const rel = (file: string): string => path.relative(ROOT, file).split(path.sep).join('/');

function readsAuditDbDirectly(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  if (OPENERS.test(text)) return true;
  return specifiers(text).some((s) => AUDIT_DB_MODULES.has(rel(path.resolve(path.dirname(file), s))));
}

it('only main/reads/ and the audit writer’s own files open or read audit.db; the services go through AuditReads', () => {
  const direct = sourceFiles(MAIN)
    .filter(readsAuditDbDirectly)
    .map(rel)
    .filter((f) => !f.startsWith('main/reads/') && !WRITER_FILES.has(f))
    .sort();
  expect(direct).toEqual([]);
});

it('the check sees an import of the connection type, of the row parsers and a call of an opener', () => {
  expect(specifiers(`import type { AuditDb } from '../audit-db.ts';\nimport { x } from "./audit-rows.ts";`)).toEqual(['../audit-db.ts', './audit-rows.ts']);
  expect(specifiers(`const w = new Worker(new URL('./verify.worker.ts', import.meta.url));`)).toEqual(['./verify.worker.ts']);
  expect(OPENERS.test('const db = openAuditDatabase(file, key, { readonly: true });')).toBe(true);
});
