// Synthetic rehearsal documents as steps on the docdesk writer (issue 16 step 6): one step per batch of
// 10,000 rows (synthetic.ts), so the main thread's connection writes none of them and the writer commits a
// 500,000-row seed in bounded transactions. The generator's state travels with each batch and comes back with
// its answer, so the rows are the same for a seed as when one connection wrote them all.
import { z } from 'zod';
import { stepCaller, type StepWriter } from '../store/step-writer.ts';
import { syntheticBatches, type SyntheticOptions } from './synthetic.ts';

export const syntheticBatchSchema = z.object({
  mailingId: z.string().min(1),
  /** The mailing's external-id prefix. */
  prefix: z.string().min(1),
  createdAt: z.number().int(),
  /** Set on a mailing's first batch: its row is inserted in the same step. */
  mailing: z.object({ name: z.string(), profile: z.string() }).nullable(),
  /** This batch's first row within its mailing, and its row count. */
  from: z.number().int().nonnegative(),
  count: z.number().int().positive(),
  /** Documents of every mailing made before this batch (the external ids number them). */
  before: z.number().int().nonnegative(),
  /** mulberry32's state where the previous batch left it (imports/seeded-random.ts). */
  rngState: z.number().int().nonnegative(),
});
export type SyntheticBatch = z.infer<typeof syntheticBatchSchema>;

export const syntheticStepInputs = { 'documents.insertSynthetic': syntheticBatchSchema };
export const syntheticBatchOutputSchema = z.object({ rngState: z.number().int().nonnegative() });

/** Inserts `o.documents` synthetic documents through the writer, batch after batch; resolves with the mailing ids. */
export async function insertSyntheticOnWriter(writer: StepWriter, o: SyntheticOptions): Promise<string[]> {
  const run = stepCaller<typeof syntheticStepInputs>(writer, '합성 문서');
  const mailingIds: string[] = [];
  let rngState = (o.seed ?? 42) >>> 0;
  for (const b of syntheticBatches(o)) {
    if (b.mailing) mailingIds.push(b.mailingId);
    rngState = syntheticBatchOutputSchema.parse(await run('documents.insertSynthetic', { ...b, rngState })).rngState;
    o.onProgress?.(b.before + b.count);
  }
  return mailingIds;
}
