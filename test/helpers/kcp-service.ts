// A KCP verification service on a fresh encrypted database, against a KCP sandbox the test controls, for
// tests that need knobs the composition root does not expose (ppcli grammar, retry delay).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { profileSchema, type Profile } from '../../shared/domain/profile.ts';
import { createKcpService, type KcpServiceOptions } from '../../main/kcp/service.ts';
import { countExchanges, createSqliteExchangeSink } from '../../main/store/exchange-log.ts';
import { openDatabase, type Db } from '../../main/store/open-database.ts';
import { createOperatorLog, operatorActionsOn } from '../../main/store/operator-log.ts';
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

export function kcpTestService(options: { profile: Profile; siteKey: string } & Partial<Omit<KcpServiceOptions, 'db' | 'profile' | 'siteKey' | 'exchangeSink' | 'operatorLog'>>) {
  const dir = tempDir('docdesk-kcp-');
  const db: Db = openDatabase(path.join(dir, 'docdesk.db'), randomBytes(32));
  const exchangeLog = createSqliteExchangeSink(db);
  const { profile, siteKey, ...rest } = options;
  const service = createKcpService({
    db,
    profile: () => profile,
    siteKey: () => siteKey,
    exchangeSink: exchangeLog,
    operatorLog: createOperatorLog(operatorActionsOn(db), 'tester@test'),
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
    close: () => db.close(),
  };
}
