// The synthetic-documents step as the docdesk writer runs it (synthetic-protocol.ts): one batch, in its savepoint.
import { stepHandlers, type StepHandlers } from '../store/group-commit.ts';
import type { Db } from '../store/open-database.ts';
import { createSyntheticBatchWriter } from './synthetic.ts';
import { syntheticStepInputs } from './synthetic-protocol.ts';

export function syntheticSteps(db: Db): StepHandlers {
  const write = createSyntheticBatchWriter(db);
  return stepHandlers(syntheticStepInputs, { 'documents.insertSynthetic': (b) => ({ rngState: write(b) }) });
}
