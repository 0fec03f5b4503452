// THE contract (DESIGN §3): everything the UI can ask of the backend. Channel names are `domain:verb`; each has
// a zod input and output schema. Main validates both directions; the preload builds named functions from this
// list; the test bridge serves the same list. Secrets are write-only: no output schema carries a secret value.
import { z } from 'zod';
import { columnMappingSchema, importProgressSchema, importReportSchema, mailingDefaultsSchema, mappingPresetSchema } from './domain/import.ts';
import { documentDetailSchema, mailingSummarySchema, preReviewFormSchema, stateCountsSchema, unknownResolutionSchema } from './domain/mailing.ts';
import { profileKindSchema, profileSchema } from './domain/profile.ts';
import { secretKeySchema, secretStatusSchema } from './domain/secrets.ts';

const mailingId = z.strictObject({ mailingId: z.string().min(1).max(64) });
const empty = z.strictObject({});

export const channels = {
  'mailing:import': {
    input: z.strictObject({
      filePath: z.string().min(1).max(4096),
      sheet: z.string().max(255).optional(),
      mapping: columnMappingSchema.optional(),
      defaults: mailingDefaultsSchema,
      name: z.string().min(1).max(200).optional(),
      preset: z.string().min(1).max(100).optional(),
      savePreset: z.string().min(1).max(100).optional(),
    }),
    output: z.object({ mailingId: z.string().nullable(), report: importReportSchema }),
  },
  'mailing:presets': { input: empty, output: z.array(mappingPresetSchema) },
  'mailing:savePreset': { input: mappingPresetSchema, output: mappingPresetSchema },
  'mailing:send': {
    input: mailingId.extend({ acknowledgePreReview: z.boolean().default(false) }),
    output: z.object({ mailingId: z.string(), stopped: z.enum(['done', 'paused', 'cancelled']), counts: stateCountsSchema, chunks: z.number().int(), elapsedMs: z.number() }),
  },
  'mailing:pause': { input: mailingId, output: z.object({ paused: z.boolean() }) },
  'mailing:cancel': { input: mailingId, output: z.object({ cancelled: z.number().int() }) },
  'mailing:resolve': { input: mailingId.extend({ resolution: unknownResolutionSchema }), output: z.object({ documents: z.number().int() }) },
  'mailing:list': { input: empty, output: z.array(mailingSummarySchema) },
  'mailing:status': { input: mailingId, output: mailingSummarySchema },
  'mailing:preReview': { input: mailingId, output: preReviewFormSchema },
  'mailing:poll': {
    input: mailingId,
    output: z.object({ polled: z.number().int(), changed: z.number().int(), errors: z.number().int(), remaining: z.number().int(), nextDueAt: z.number().nullable() }),
  },
  'documents:show': { input: z.strictObject({ ref: z.string().min(1).max(64) }), output: documentDetailSchema.nullable() },
  'profiles:list': {
    input: empty,
    output: z.array(z.object({ name: z.string(), kind: profileKindSchema, label: z.string(), builtin: z.boolean(), active: z.boolean() })),
  },
  'profiles:show': { input: z.strictObject({ name: z.string().min(1).max(64) }), output: profileSchema },
  'profiles:import': { input: z.strictObject({ filePath: z.string().min(1).max(4096) }), output: z.object({ name: z.string(), kind: profileKindSchema }) },
  'profiles:use': {
    input: z.strictObject({ name: z.string().min(1).max(64), confirmProduction: z.boolean().default(false) }),
    output: z.object({ active: z.string(), kind: profileKindSchema }),
  },
  'settings:setSecret': { input: z.strictObject({ key: secretKeySchema, value: z.string().min(1).max(4096) }), output: secretStatusSchema },
  'settings:clearSecret': { input: z.strictObject({ key: secretKeySchema }), output: secretStatusSchema },
  'settings:secretStatus': { input: empty, output: z.array(secretStatusSchema) },
} as const;

export type Channel = keyof typeof channels;
export type ChannelInput<C extends Channel> = z.input<(typeof channels)[C]['input']>;
export type ChannelOutput<C extends Channel> = z.infer<(typeof channels)[C]['output']>;

/** Progress pushed from main to the renderer. */
export const events = {
  'mailing:progress': z.object({ mailingId: z.string(), counts: stateCountsSchema, chunksDone: z.number().int(), elapsedMs: z.number() }),
  'mailing:importProgress': importProgressSchema,
} as const;
export type EventChannel = keyof typeof events;

/** Typed errors survive the trip across the contract. */
export const contractErrorSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });
export type ContractError = z.infer<typeof contractErrorSchema>;
export type ContractResult<T> = { ok: true; value: T } | { ok: false; error: ContractError };
