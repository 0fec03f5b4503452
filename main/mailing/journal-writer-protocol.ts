// The mailing's steps on the docdesk writer: inputs as journal-writer.ts sends them and journal-steps.ts runs
// them, and what a step answers. Both sides are our own code; the envelope is checked, bulky payloads (claimed
// documents, answers, exchange records) only for their shape.
import { z } from 'zod';
import { stateCountsSchema } from '../../shared/domain/mailing.ts';
import type { ExchangeRecord } from '../http/exchange.ts';
import type { DocumentRows } from './document-rows.ts';
import type { Chunk, ItemResult } from './journal.ts';
import type { PollAnswered } from './poll-apply.ts';
import type { PollSchedule } from './poll-schedule.ts';


const chunkStates = z.enum(['DONE', 'NOT_SENT', 'UNKNOWN', 'REJECTED']);
/** An answer to journal: the chunk, what became of it and of each of its documents. */
export const answerStepSchema = z.object({
  chunk: z.custom<Chunk>((v) => typeof v === 'object' && v !== null),
  chunkState: chunkStates,
  httpStatus: z.number().int().nullable(),
  detail: z.string(),
  results: z.custom<ItemResult[]>((v) => Array.isArray(v)),
  firstPollAfterMs: z.number(),
});
export type AnswerStep = z.infer<typeof answerStepSchema>;

/**
 * What a store step does with its list's search terms (search-terms.ts): keep buffering them (written once enough
 * are buffered), write them all (the list's last step), or drop them (the list is being discarded).
 */
export const searchTermsStepSchema = z.enum(['buffer', 'write', 'drop']);

/** How a send's run ended: everything sent, paused (by the operator or a stop verdict), or cancelled. */
export const sendStoppedSchema = z.enum(['done', 'paused', 'cancelled']);
export type SendStopped = z.infer<typeof sendStoppedSchema>;

const records = z.custom<ExchangeRecord[]>((v) => Array.isArray(v));
const chunk = z.custom<Chunk>((v) => typeof v === 'object' && v !== null);

/** The mailing's steps on the docdesk writer (main/writer/), each with the exchange records of the call it applies. */
export const mailingStepInputs = {
  'mailing.claim': z.object({ records, mailingId: z.string(), limit: z.number().int().positive() }),
  'mailing.apply': z.object({ records, step: answerStepSchema, nextLimit: z.number().int().nonnegative() }),
  'mailing.requeue': z.object({ records, chunk, reason: z.string() }),
  'mailing.poll': z.object({
    records,
    answered: z.custom<PollAnswered[]>((v) => Array.isArray(v)),
    schedule: z.custom<PollSchedule>((v) => typeof v === 'object' && v !== null),
  }),
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
export type SearchTermsStep = z.infer<typeof searchTermsStepSchema>;

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
