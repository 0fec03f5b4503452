// A KCP verification service on a fresh encrypted database, against a KCP sandbox the test controls, for
// tests that need knobs the composition root does not expose (ppcli grammar, retry delay). It writes through
// docdesk.db's one writer thread and reads on a read-only connection, as in the backend; `db` is the test's own
// connection for looking at what was stored.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { profileSchema, type Profile } from '../../shared/domain/profile.ts';
import { createKcpStoreOnWriter } from '../../main/kcp/journal-writer.ts';
import { createKcpService, type KcpServiceOptions } from '../../main/kcp/service.ts';
import { createSqliteDocdeskReads } from '../../main/reads/sqlite-docdesk-reads.ts';
import { countExchanges } from '../../main/store/exchange-log.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { createOperatorLog, operatorActionsOnWriter } from '../../main/store/operator-log.ts';
import { startDocdeskWriter } from '../../main/writer/docdesk-writer.ts';
import { tempDir } from './test-backend.ts';

export const FAKE_PPCLI_HOME = path.resolve(import.meta.dirname, '../fixtures/kcp');

export function kcpProfile(kcp: Record<string, unknown>): Profile {
  return profileSchema.parse({
    name: 'kcp-test',
    kind: 'sandbox',
    docsgw: { host: 'docs-gw.sandbox.docdesk.test', addresses: ['127.0.0.1'], port: 0 },
    kcp: { siteCd: 'T0000', timeoutMs: 5_000, ...kcp },
  });
}

export function kcpTestService(options: { profile: Profile; siteKey: string } & Partial<Omit<KcpServiceOptions, 'store' | 'reads' | 'profile' | 'siteKey'>>) {
  const dir = tempDir('docdesk-kcp-');
  const file = { path: path.join(dir, 'docdesk.db'), key: randomBytes(32) };
  const db: Db = openDatabase(file.path, file.key);
  const writer = startDocdeskWriter(file);
  const readDb = openDatabase(file.path, file.key, { readonly: true });
  const operatorLog = createOperatorLog(operatorActionsOnWriter(writer), 'tester@test');
  const { profile, siteKey, ...rest } = options;
  const service = createKcpService({
    // No audit log here: the exchange records stay in exchange_log.
    store: createKcpStoreOnWriter(writer, { operatorLog }),
    reads: createSqliteDocdeskReads(readDb, file).kcp,
    profile: () => profile,
    siteKey: () => siteKey,
    retryDelayMs: 50,
    ...rest,
  });
  return {
    dir,
    db,
    service,
    exchangeCount: () => countExchanges(db),
    exchangeRows: () => db.prepare('SELECT record_json FROM exchange_log ORDER BY seq').all() as { record_json: string }[],
    /** Every text the database holds in the log and journal tables, for "never logged" checks. */
    allText: () =>
      JSON.stringify([
        db.prepare('SELECT * FROM exchange_log').all(),
        db.prepare('SELECT * FROM operator_actions').all(),
        db.prepare('SELECT * FROM kcp_verifications').all(),
      ]),
    async close(): Promise<void> {
      await writer.close();
      readDb.close();
      db.close();
    },
  };
}
