// One HTTP exchange with a gateway, as written to the append-only exchange log (issue 2 §6).
// The tamper-evident audit chain (issue 4) hashes these rows; nothing here may carry a secret.
import { z } from 'zod';

export const exchangeFailurePhaseSchema = z.enum([
  'dns',
  'connect', // refused / unreachable before TLS: the request never left
  'tls', // handshake failed: the request never left
  'send', // failed while writing the body: may or may not have reached the peer
  'response', // timeout or reset after the body was sent: ambiguous
  'parse', // a response arrived but did not match the schema
]);
export type ExchangeFailurePhase = z.infer<typeof exchangeFailurePhaseSchema>;

export const exchangeRecordSchema = z.object({
  service: z.enum(['docsgw', 'payup', 'kcp']),
  endpoint: z.string(), // e.g. 'bulkSend', 'bulkStatus'
  method: z.string(),
  host: z.string(),
  /** Path with tokens removed (the OTT token becomes `***`). */
  path: z.string(),
  /** The pinned address that answered (or was last tried). */
  address: z.string().nullable(),
  port: z.number().int(),
  /** Allow-listed request headers; Authorization is always `Bearer ***`. */
  requestHeaders: z.record(z.string(), z.string()),
  requestBody: z.string().nullable(),
  status: z.number().int().nullable(),
  responseHeaders: z.record(z.string(), z.string()),
  responseBody: z.string().nullable(),
  startedAt: z.number().int(), // ms UTC
  durationMs: z.number(),
  failure: z
    .object({ phase: exchangeFailurePhaseSchema, code: z.string(), message: z.string(), bodySent: z.boolean() })
    .nullable(),
  /** What the exchange belongs to, e.g. { chunkId: '…', mailingId: '…' }. */
  correlation: z.record(z.string(), z.string()).default({}),
  /**
   * Our external ids of the documents a call names only by the gateway's ids (a bulk status asks by binder
   * uuid): the audit chain indexes the exchange by them (main/audit/exchange-event.ts).
   */
  externalIds: z.array(z.string()).optional(),
  /** The profile whose client made the call (DESIGN §12: every audit event names the profile in use). */
  profile: z.string().optional(),
});
export type ExchangeRecord = z.infer<typeof exchangeRecordSchema>;

export interface ExchangeSink {
  append(record: ExchangeRecord): void;
}

/** A sink that stamps every record with the profile the calling client was built for. */
export function profileStampedSink(target: ExchangeSink, profile: string): ExchangeSink {
  return { append: (record) => target.append({ ...record, profile }) };
}
