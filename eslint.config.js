// Lint, including the import rules of DESIGN §2 (a violation fails CI).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'net', 'tls', 'http', 'https', 'url', 'stream', 'events', 'util'];
const noEnums = { selector: 'TSEnumDeclaration', message: 'Use a zod enum or a const array: enums are not erasable syntax.' };
// A row leaves SQL through a zod parse, never a cast (issue 16): `stmt.get() as …`, `.all()`, `.iterate()`,
// `db.pragma()`, also behind `?:`, `??` or `||`. Map#get and friends have typed results and need no cast either.
const rowCall = "CallExpression > MemberExpression.callee > Identifier.property[name=/^(get|all|iterate|pragma)$/]";
const noRowCasts = ['TSAsExpression', 'TSAsExpression > ConditionalExpression', 'TSAsExpression > LogicalExpression'].map((parent) => ({
  selector: `${parent} > ${rowCall}`,
  message: 'Parse the row with zod where it leaves SQL (main/store/row-shapes.ts rowParser), do not cast it (issue 16).',
}));
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'test/bench/out/**', 'renderer/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', AbortController: 'readonly', queueMicrotask: 'readonly', setImmediate: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', noEnums],
    },
  },
  { files: ['main/**/*.ts'], rules: { 'no-restricted-syntax': ['error', noEnums, ...noRowCasts] } },
  // shared/ imports nothing outside shared/ (zod allowed), and no Node built-ins.
  { files: ['shared/**/*.ts'], rules: restrict(['../main/**', '../../main/**', '../renderer/**', '../../renderer/**', '../preload/**', '../../preload/**', 'electron', ...nodeBuiltins], 'shared/ is runtime-neutral: import only shared/ and zod (DESIGN §2).') },
  // renderer/ imports only shared/ and browser packages.
  { files: ['renderer/**/*.{ts,tsx}'], rules: restrict(['**/main/**', '**/preload/**', 'electron', ...nodeBuiltins], 'renderer/ may import only shared/ and browser packages (DESIGN §2).') },
  // preload/ imports only shared/ and electron.
  { files: ['preload/**/*.ts'], rules: restrict(['**/main/**', '**/renderer/**', ...nodeBuiltins], 'preload/ may import only shared/ and electron (DESIGN §2).') },
  // Only main/electron/ imports electron; services never import the sandbox; only main/app wires services together.
  // main/writer/ (docdesk.db's one writer, issue 16) sits above the capabilities whose steps it serves: only
  // main/app starts it.
  { files: ['main/**/*.ts'], ignores: ['main/electron/**', 'main/app/**', 'main/sandbox/**', 'main/cli/**'], rules: restrict(['electron', '**/sandbox/**', '**/app/**', '**/writer/**', '**/renderer/**', '**/preload/**'], 'Services: no electron, no sandbox, no composition root, no main/writer (DESIGN §2, issue 16).') },
  { files: ['main/sandbox/**/*.ts'], rules: restrict(['electron', '../app/**', '../docsgw/**', '../mailing/**', '../store/**', '../imports/**', '../http/**', '../cli/**', '../../renderer/**'], 'main/sandbox is a separate world: it imports shared/ and itself only (DESIGN §2).') },
  { files: ['main/cli/**/*.ts'], rules: restrict(['electron', '**/sandbox/**', '**/renderer/**'], 'The CLI is a thin face over createBackend (main/app); it never reaches the sandbox directly (DESIGN §1).') },
  { files: ['main/app/**/*.ts'], rules: restrict(['electron', '**/renderer/**'], 'The composition root runs in plain Node (DESIGN §1).') },
  // main/store/ is the bottom of main/: it imports itself, shared/ and packages only; what it needs from above (the
  // audit chain, the exchange record) is handed in, typed in store/ (issue 16). Replaces the services rule above
  // for these files, so electron stays forbidden here too.
  {
    files: ['main/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Services: no electron (DESIGN §2).' },
        { regex: '^\\.\\./(?!\\.\\./shared/)', message: 'main/store/ imports only main/store/, shared/ and packages: take what it needs from above as a parameter typed in store/ (issue 16).' },
      ] }],
    },
  },
  // DocdeskReads names the reads in domain types only, so a PostgreSQL implementation can serve them (issue 16).
  // Replaces the services rule above for this file, so electron stays forbidden here too.
  {
    files: ['main/reads/docdesk-reads.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'better-sqlite3*'], message: 'main/reads/docdesk-reads.ts: no database type in the reads interface (issue 16).' },
        { regex: '^\\.\\./(?!\\.\\./shared/)', message: 'main/reads/docdesk-reads.ts imports shared/ only: no database type in the reads interface (issue 16).' },
        ] }],
      },
    },
  // AuditReads names audit.db's reads in zod-schema types only (audit/audit-read-shapes.ts, audit/verify-report.ts), so
  // a PostgreSQL implementation can serve them (issue 16 item 2). Replaces the services rule above for this file.
  {
    files: ['main/reads/audit-reads.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', 'better-sqlite3*', '**/store/**', '**/audit/audit-db*', '**/audit/audit-rows*', './sqlite-*'], message: 'main/reads/audit-reads.ts: no database type in the reads interface (issue 16 item 2).' },
        ] }],
      },
    },
  // The PayUp and KCP services hold no database (issue 16 step 9): they write through PayupStore / KcpStore (named
  // steps) and read through DocdeskReads, so another database can serve them unchanged. Replaces the services rule
  // above for these files, so its patterns are repeated.
  {
    files: ['main/payup/service.ts', 'main/payup/engine.ts', 'main/payup/payup-store.ts', 'main/kcp/service.ts', 'main/kcp/kcp-store.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', '**/sandbox/**', '**/app/**', '**/writer/**', '**/renderer/**', '**/preload/**'], message: 'Services: no electron, no sandbox, no composition root, no main/writer (DESIGN §2, issue 16).' },
        { group: ['better-sqlite3*', '**/store/open-database', '**/store/open-database.ts', './journal.ts', './journal-steps.ts'], message: 'The PayUp and KCP services hold no database: write through PayupStore/KcpStore, read through DocdeskReads (issue 16 step 9).' },
      ] }],
    },
  },
  // The mailing services hold no connection (issue 16 step 9): writes go to MailingStore, reads to DocdeskReads,
  // so a PostgreSQL store can serve them unchanged. Replaces the services rule above for these files, so it is
  // repeated here.
  {
    files: [
      'main/mailing/{engine,sender,poller,one-document,status-check,pre-review,import-session,mailing-store}.ts',
      'main/documents/service.ts',
      'main/documents/synthetic-protocol.ts',
    ],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron', '**/sandbox/**', '**/app/**', '**/writer/**', '**/renderer/**', '**/preload/**'], message: 'Services: no electron, no sandbox, no composition root, no main/writer (DESIGN §2, issue 16).' },
        { group: ['better-sqlite3*', '**/store/open-database*'], message: 'Mailing services hold no database handle: write through MailingStore (main/mailing/mailing-store.ts), read through DocdeskReads (main/reads/) (issue 16 step 9).' },
      ] }],
    },
  },
  // Only docdesk.db's SQL files hold its connection (issue 16 step 9): every other file of main/ reads through
  // DocdeskReads and writes through the stores' named steps, so a PostgreSQL implementation can serve them
  // unchanged. Its own rule name (the typescript-eslint twin of no-restricted-imports), so the per-folder import
  // rules above keep their patterns and this one adds to them. audit/ holds audit.db's connection (its own store
  // later). The SQL files are named by pattern or listed; a file that needs one and fits neither is named here.
  {
    files: ['main/**/*.ts'],
    ignores: [
      'main/store/**',
      'main/writer/**',
      'main/audit/**',
      'main/reads/sqlite-*.ts',
      'main/**/*-reads.ts',
      'main/**/*-queries.ts',
      'main/**/journal*.ts',
      'main/**/*-steps.ts',
      // SQL files whose names predate the patterns.
      'main/documents/{query,dashboard,synthetic}.ts',
      'main/mailing/{binder-index,document-links,document-ref,document-store,document-timeline,one-document-write,poll-apply,search-terms,stored-document}.ts',
      // The composition root opens docdesk.db's connections and hands them to the implementations above.
      'main/app/backend.ts',
    ],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [
        { group: ['**/store/open-database', '**/store/open-database.ts'], message: "Only docdesk.db's SQL files take its connection: read through DocdeskReads (main/reads/docdesk-reads.ts), write through the stores' steps; put new SQL in a *-reads.ts / *-queries.ts / *-steps.ts file (issue 16 step 9)." },
      ] }],
    },
  },
  // main/batch/ (the one batch runner, issue 16) is generic over item and answer: no capability, no database.
  {
    files: ['main/batch/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['electron'], message: 'Services: no electron (DESIGN §2).' },
        { regex: '^\\.\\./(?!\\.\\./shared/)', message: 'main/batch/ imports only main/batch/, shared/ and packages: each service hands in its journal and its request (issue 16).' },
      ] }],
    },
  },
  // No import cycles (issue 16): a cycle makes load order decide which module sees the other half-initialised.
  // Type-only imports are erased at run time and are not followed. Imports carry explicit .ts extensions, so the
  // plugin's own Node resolver finds every file.
  {
    files: ['main/**/*.ts', 'shared/**/*.ts', 'renderer/**/*.{ts,tsx}', 'preload/**/*.ts', 'test/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  // A promise nobody awaits loses its error and its ordering: writes are async steps on the docdesk writer (issue
  // 16), and a handler that forgot to await one answered "done" before the write was refused or committed; a
  // promise-returning function passed where a void one is expected is the same mistake one step removed.
  {
    files: ['main/**/*.ts'],
    languageOptions: { parserOptions: { project: ['./tsconfig.main.json'], tsconfigRootDir: import.meta.dirname } },
    rules: { '@typescript-eslint/no-floating-promises': 'error', '@typescript-eslint/no-misused-promises': 'error' },
  },
);
