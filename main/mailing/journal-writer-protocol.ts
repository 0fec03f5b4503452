// Messages between journal-writer.ts (main thread) and journal-writer.worker.ts. Both sides are our own code;
// the envelope is checked, bulky payloads (claimed documents, answers, exchange records) only for their shape.
import { z } from 'zod';
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

const records = z.custom<ExchangeRecord[]>((v) => Array.isArray(v));
const base = { id: z.number().int(), records };

export const mailingWriterRequestSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('claim'), ...base, mailingId: z.string(), limit: z.number().int().positive() }),
  z.object({ type: z.literal('apply'), ...base, step: answerStepSchema, nextLimit: z.number().int().nonnegative() }),
  z.object({ type: z.literal('requeue'), ...base, chunk: z.custom<Chunk>((v) => typeof v === 'object' && v !== null), reason: z.string() }),
  z.object({
    type: z.literal('poll'),
    ...base,
    answered: z.custom<PollAnswered[]>((v) => Array.isArray(v)),
    schedule: z.custom<PollSchedule>((v) => typeof v === 'object' && v !== null),
  }),
  z.object({
    type: z.literal('store'),
    ...base,
    mailingId: z.string(),
    at: z.number(),
    rows: z.custom<DocumentRows>((v) => typeof v === 'object' && v !== null),
    searchTerms: searchTermsStepSchema,
  }),
  z.object({ type: z.literal('queue'), ...base, mailingId: z.string() }),
  z.object({ type: z.literal('close'), ...base }),
]);
export type SearchTermsStep = z.infer<typeof searchTermsStepSchema>;
export type MailingWriterRequest = z.infer<typeof mailingWriterRequestSchema>;

export const mailingWriterReplySchema = z.object({
  id: z.number().int(),
  /** exchange_log seq of each record written in this step, in order (the audit chain is extended on the main thread). */
  seqs: z.array(z.number().int()),
  chunk: z.custom<Chunk | null>((v) => v === null || typeof v === 'object').optional(),
  poll: z.object({ changed: z.number().int(), errors: z.number().int() }).optional(),
  queued: z.number().int().optional(),
  error: z.string().optional(),
});
export type MailingWriterReply = z.infer<typeof mailingWriterReplySchema>;
