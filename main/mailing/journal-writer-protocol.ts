// The mailing's steps on the docdesk writer: inputs as journal-writer.ts sends them and journal-steps.ts runs
// them, and what a step answers. Both sides are our own code; the envelope is checked, bulky payloads (claimed
// documents, send answers) only for their shape: their full schemas (shared/domain/mailing-store.ts) define them, a parse
// per step would cost the send loop a walk over every document. Exchange records travel serialised
// (store/exchange-log.ts serializeExchange): their columns and text are checked.
import { z } from 'zod';
import { stateCountsSchema } from '../../shared/domain/mailing.ts';
import { serializedExchangesSchema } from '../store/exchange-log.ts';
import {
  answerStepSchema as fullAnswerStepSchema,
  pollAnsweredStepSchema,
  pollScheduleSchema,
  searchTermsStepSchema,
  sendStoppedSchema,
  type Chunk,
  type ChunkRef,
  type DocumentRows,
  type ItemResult,
} from '../../shared/domain/mailing-store.ts';

/** An answer as its step checks it (schema: shared/domain/mailing-store.ts answerStepSchema): the envelope, the bulky parts (documents, results) only for their shape. */
const answerStepSchema = z.object({
  chunk: z.custom<ChunkRef>((v) => typeof v === 'object' && v !== null),
  chunkState: fullAnswerStepSchema.shape.chunkState,
  httpStatus: z.number().int().nullable(),
  detail: z.string(),
  results: z.custom<ItemResult[]>((v) => Array.isArray(v)),
  firstPollAfterMs: z.number(),
});

const records = serializedExchangesSchema;
const chunk = z.custom<ChunkRef>((v) => typeof v === 'object' && v !== null);

/** The mailing's steps on the docdesk writer (main/writer/), each with the exchange records of the call it applies. */
export const mailingStepInputs = {
  'mailing.claim': z.object({ records, mailingId: z.string(), limit: z.number().int().positive() }),
  'mailing.apply': z.object({ records, step: answerStepSchema, nextLimit: z.number().int().nonnegative() }),
  'mailing.requeue': z.object({ records, chunk, reason: z.string() }),
  /** Answered status calls, checked in full: their columns are typed arrays, one loop per group (pollAnsweredStepSchema). */
  'mailing.poll': z.object({ records, answered: pollAnsweredStepSchema, schedule: pollScheduleSchema }),
  'mailing.store': z.object({
    records,
    mailingId: z.string(),
    at: z.number(),
    rows: z.custom<DocumentRows>((v) => typeof v === 'object' && v !== null),
    searchTerms: searchTermsStepSchema,
  }),
  /** A send starts: DRAFT → QUEUED and the mailing SENDING, one commit. */
  'mailing.startSend': z.object({ records, mailingId: z.string() }),
  /** A send's run ended: SENT when nothing is left to send, else PAUSED (a cancel already set CANCELLED). */
  'mailing.finishSend': z.object({ records, mailingId: z.string(), stopped: sendStoppedSchema }),
};

export const mailingStepOutputSchema = z.object({
  /** exchange_log seq of each record written in this step, in order (the audit chain is extended on the main thread). */
  seqs: z.array(z.number().int()),
  chunk: z.custom<Chunk | null>((v) => v === null || typeof v === 'object').optional(),
  poll: z.object({ changed: z.number().int(), errors: z.number().int() }).optional(),
  queued: z.number().int().optional(),
  /** The mailing's counts as its send ended (read in the step that set its state). */
  counts: stateCountsSchema.optional(),
});
export type MailingStepOutput = z.infer<typeof mailingStepOutputSchema>;
