// The start-up step as the docdesk writer runs it (startup-protocol.ts): one transaction on the writer's
// connection, committed (synchronous=FULL) before the backend answers anything.
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createKcpJournal } from '../kcp/journal.ts';
import { createJournal } from '../mailing/journal.ts';
import { createMailingQueries } from '../mailing/mailing-queries.ts';
import { createPayupJournal } from '../payup/journal.ts';
import { startupStepInputs, type StartupOutcome } from './startup-protocol.ts';

export function startupSteps(db: Db): StepHandlers {
  return stepHandlers(startupStepInputs, {
    'docdesk.startup': (m): StartupOutcome => {
      const discardedImports = m.discardIncompleteImports ? createMailingQueries(db).discardIncompleteImports() : 0;
      if (!m.recoverInFlight) return { recoveredUnknown: 0, recoveredPayupUnknown: 0, recoveredKcpUnknown: 0, discardedImports };
      return {
        recoveredUnknown: createJournal(db).recoverInFlight(),
        recoveredPayupUnknown: createPayupJournal(db).recoverInFlight(),
        recoveredKcpUnknown: createKcpJournal(db).recoverInFlight(),
        discardedImports,
      };
    },
  });
}
