// The one writer of docdesk.db (issue 16 step 5): this thread's connection is the only one that commits journal
// steps — the mailing's (send, poll, import), PayUp's and KCP's — in group commits (main/store/group-commit.ts),
// and it checkpoints the WAL after its own commits (main/store/wal-checkpoints.ts). It lives above the
// capabilities whose steps it registers and below the composition root that starts it.
import { serveGroupCommit } from '../store/group-commit.ts';
import { kcpSteps } from '../kcp/journal-steps.ts';
import { mailingSteps } from '../mailing/journal-steps.ts';
import { mailingActionSteps } from '../mailing/action-steps.ts';
import { payupSteps } from '../payup/journal-steps.ts';
import { operatorSteps } from '../store/operator-log.ts';
import { settingsSteps } from '../store/settings-steps.ts';
import { syntheticSteps } from '../documents/synthetic-steps.ts';
import { startupSteps } from './startup-steps.ts';

serveGroupCommit((db) => ({ ...startupSteps(db), ...mailingSteps(db), ...mailingActionSteps(db), ...payupSteps(db), ...kcpSteps(db), ...settingsSteps(db), ...operatorSteps(db), ...syntheticSteps(db) }));
