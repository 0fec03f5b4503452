// The one writer of docdesk.db (issue 16 step 5): this thread's connection is the only one that commits journal
// steps — the mailing's (send, poll, import), PayUp's and KCP's — in group commits (main/store/group-commit.ts),
// and it checkpoints the WAL after its own commits (main/store/wal-checkpoints.ts). It lives above the
// capabilities whose steps it registers and below the composition root that starts it. After each commit it
// posts the exchange records and operator actions the steps stored to the audit writer, which builds their events
// (audit-route.ts, issue 16 step 8).
import { workerData } from 'node:worker_threads';
import { z } from 'zod';
import { serveGroupCommit } from '../store/group-commit.ts';
import { exchangeSteps } from '../store/exchange-log.ts';
import { kcpSteps } from '../kcp/journal-steps.ts';
import { mailingSteps } from '../mailing/journal-steps.ts';
import { mailingActionSteps } from '../mailing/action-steps.ts';
import { payupSteps } from '../payup/journal-steps.ts';
import { operatorSteps } from '../store/operator-log.ts';
import { settingsSteps } from '../store/settings-steps.ts';
import { syntheticSteps } from '../documents/synthetic-steps.ts';
import { logRecordSteps } from '../audit/log-record.ts';
import { producerEndSchema } from '../audit/producer-link.ts';
import { createAuditRoute, type ChainEntry } from './audit-route.ts';
import { startupSteps } from './startup-steps.ts';

const { audit } = z.object({ audit: producerEndSchema.optional() }).parse(workerData);

serveGroupCommit<ChainEntry>(
  (db, chain) => ({
    ...startupSteps(db),
    ...mailingSteps(db, chain),
    ...mailingActionSteps(db, chain),
    ...payupSteps(db, chain),
    ...kcpSteps(db, chain),
    ...settingsSteps(db, chain),
    ...operatorSteps(db, chain),
    ...syntheticSteps(db),
    ...exchangeSteps(db, chain),
    ...logRecordSteps(db),
  }),
  createAuditRoute(audit),
);
