// DocDesk's side of a benchmark: a backend on a temp data folder with a custom sandbox-kind profile pointing
// at a sandbox process (the pattern of test/helpers/test-backend.ts, with bench limits), and a read-only
// second connection to its database to fetch what the minimal client must send or poll.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createBackend, type Backend } from '../../../main/app/backend.ts';
import type { DocsGwSandboxInfo } from '../../../main/sandbox/docsgw/admin-api.ts';
import { loadDataDirKeys } from '../../../main/secrets/data-dir-keys.ts';
import { openDatabase, type Db } from '../../../main/store/open-database.ts';

/** Recipient-list defaults every bench import uses (the same as the integration tests). */
export const BENCH_DEFAULTS = { title: '벤치마크 고지서', link: 'https://docdesk.example/bench', csNumber: '1588-0000', csName: '고객센터', expiresInDays: 30 };

export type BenchProfileOptions = {
  /** Requests in flight (the minimal client uses the same). */
  concurrency: number;
  /** High enough not to throttle: the figure measures the engine, not the limiter. */
  rateLimitPerSec?: number;
  firstPollAfterSec?: number;
};

/**
 * A backend on `dataDir` whose active profile is `profile` (custom profile JSON, as an operator imports it): the
 * profile is imported and made active by a read-only backend, then the writing backend is opened on it.
 */
export async function backendWithProfile(dataDir: string, profile: { name: string } & Record<string, unknown>, actor = 'bench'): Promise<Backend> {
  const profileFile = path.join(dataDir, `${profile.name}.profile.json`);
  writeFileSync(profileFile, JSON.stringify(profile));
  const setup = await createBackend({ dataDir, env: {}, access: 'read' });
  await setup.importProfile(profileFile);
  await setup.useProfile(profile.name);
  await setup.close();
  return createBackend({ dataDir, env: {}, actor });
}

/** A backend whose active profile talks to `sandbox` (null: an unreachable loopback port, for import-only runs). */
export async function benchBackend(dataDir: string, sandbox: DocsGwSandboxInfo | null, o: BenchProfileOptions): Promise<Backend> {
  return backendWithProfile(dataDir, {
    name: 'bench-sandbox',
    kind: 'sandbox',
    docsgw: {
      host: sandbox?.host ?? 'docs-gw.sandbox.docdesk.test',
      addresses: sandbox ? [sandbox.addresses[0] ?? '127.0.0.1'] : ['127.0.0.1'],
      // Port 1 is never listened on: an import-only backend must not start the embedded sandbox (port 0).
      port: sandbox?.port ?? 1,
      ...(sandbox ? { caFile: sandbox.caFile } : {}),
      timeoutMs: 30_000,
      connectTimeoutMs: 5_000,
      rateLimitPerSec: o.rateLimitPerSec ?? 10_000,
      concurrency: o.concurrency,
      poll: { firstAfterSec: o.firstPollAfterSec ?? 5, dayOneEverySec: 5, laterEverySec: 5 },
    },
  });
}

/** A second, read-only connection to the backend's database (WAL lets it read while the backend writes). */
export function openBenchDb(dataDir: string): Db {
  const keys = loadDataDirKeys(dataDir, undefined);
  return openDatabase(path.join(dataDir, 'docdesk.db'), keys.dbKey, { readonly: true });
}

/** The stored request items of a mailing, in document order (what the engine would put on the wire). */
export function mailingItems(db: Db, mailingId: string): Record<string, unknown>[] {
  const rows = db.prepare('SELECT item_json FROM documents JOIN document_items ON document_id = id WHERE mailing_id = ? ORDER BY id').all(mailingId) as { item_json: string }[];
  return rows.map((r) => JSON.parse(r.item_json) as Record<string, unknown>);
}

/** Binder uuids of every accepted, non-final document (what the next poll round will ask about). */
export function pollableBinders(db: Db): string[] {
  const rows = db.prepare('SELECT gateway_binder_uuid b FROM documents WHERE next_poll_at IS NOT NULL ORDER BY next_poll_at').all() as { b: string }[];
  return rows.map((r) => r.b);
}
