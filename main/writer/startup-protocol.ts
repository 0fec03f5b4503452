// docdesk.db's start-up on its one writer (issue 16 step 6): the writer's connection applies the migrations when it
// opens (open-database.ts), then this step settles what a previous writer left behind, before any other step runs.
import { z } from 'zod';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';

export const startupStepInputs = {
  'docdesk.startup': z.object({
    /** IN_FLIGHT → UNKNOWN (mailing, PayUp, KCP): only after a writer that did not finish (data-dir-lock.ts). */
    recoverInFlight: z.boolean(),
    /** Lists a crash cut short while they were stored are removed whole (mailing-queries.ts). */
    discardIncompleteImports: z.boolean(),
  }),
};

export const startupOutputSchema = z.object({
  recoveredUnknown: z.number().int().nonnegative(),
  recoveredPayupUnknown: z.number().int().nonnegative(),
  recoveredKcpUnknown: z.number().int().nonnegative(),
  discardedImports: z.number().int().nonnegative(),
});
export type StartupOutcome = z.infer<typeof startupOutputSchema>;

/**
 * Starts the writer (its connection migrates docdesk.db) and runs the start-up step; resolves after its commit. A
 * failure to open (wrong key, an edited migration) rejects with the opening's own error (its code and exit code).
 */
export async function startUpDocdesk(writer: StepWriter, input: z.input<(typeof startupStepInputs)['docdesk.startup']>): Promise<StartupOutcome> {
  const run = stepCaller<typeof startupStepInputs>(writer, '시작 복구 기록');
  return startupOutputSchema.parse(await run('docdesk.startup', input));
}
