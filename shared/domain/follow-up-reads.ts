// What the follow-up view reads of docdesk.db (issue 16 step 9): plain objects defined here, so the reads
// interface (main/reads/docdesk-reads.ts) names no database type and a PostgreSQL implementation can give the same.
// The deadlines, counts and follow-up list are computed from them in main/follow-up/.
import { z } from 'zod';
import { documentStateSchema, mailingStateSchema } from './mailing.ts';

/** A completely imported mailing with the texts its deadline is computed from (defaults and import report, JSON). */
export const followUpMailingSchema = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  state: mailingStateSchema,
  defaultsJson: z.string(),
  reportJson: z.string(),
});
export type FollowUpMailing = z.infer<typeof followUpMailingSchema>;

/**
 * Every mailing's document counts at one moment: by state, accepted ones by gateway status (with the first and
 * last acceptance), refused ones by code.
 */
export const followUpTallyRowsSchema = z.object({
  states: z.array(z.object({ mailingId: z.string(), state: z.string(), n: z.number().int() })),
  accepted: z.array(z.object({ mailingId: z.string(), box: z.string(), n: z.number().int(), firstAt: z.number(), lastAt: z.number() })),
  refusals: z.array(z.object({ mailingId: z.string(), code: z.string().nullable(), n: z.number().int() })),
});
export type FollowUpTallyRows = z.infer<typeof followUpTallyRowsSchema>;

/** Documents read per day since a moment (day 0 = that moment, gateway clock). */
export const readsByDayRowsSchema = z.array(z.object({ day: z.number().int(), n: z.number().int() }));
export type ReadsByDayRows = z.infer<typeof readsByDayRowsSchema>;

/**
 * The latest deadline among a mailing's accepted documents that carry their own (a mapped column): `real` on this
 * machine's clock at a time scale, `gateway` on the gateway's (ms UTC); null when none.
 */
export const perRowDeadlineSchema = z.object({ real: z.number().nullable(), gateway: z.number().nullable() });
export type PerRowDeadline = z.infer<typeof perRowDeadlineSchema>;

/** A document that may belong on the follow-up list, with its stored gateway item (JSON). */
export const followUpDocumentSchema = z.object({
  sourceRow: z.number().int(),
  state: documentStateSchema,
  docBoxStatus: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  itemJson: z.string(),
  acceptedAt: z.number().nullable(),
  externalDocumentUuid: z.string().nullable(),
});
export type FollowUpDocument = z.infer<typeof followUpDocumentSchema>;
