// What producers hand to the audit log, and the stored record (reference evidence-and-audit.md §3).
// Producers pass data ALREADY masked and redacted (§9); full values and raw bodies go in `blobs`, which the log
// encrypts into the side table and replaces with their SHA-256 and size.
import { z } from 'zod';

export const AUDIT_RECORD_VERSION = 1;

export const auditActorSchema = z.object({
  type: z.enum(['operator', 'system', 'landing']),
  id: z.string(),
  ip: z.string().optional(),
  host: z.string().optional(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

/** `area.action`, e.g. net.exchange, op.mail.send, edoc.page.entry. */
export const auditEventTypeSchema = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/);

export interface AuditEventInput {
  ev: string;
  actor?: AuditActor;
  /** Who/what the event is about: ids and HMAC tokens only (never a full phone number or name). */
  subj?: Record<string, string | string[]>;
  data?: Record<string, unknown>;
  /** The remote `Date` header, if any (reference §6 "Time": the PC clock is not trusted). */
  peerDate?: string;
  /** Full values / raw bodies: stored encrypted, referenced from data.blobs by SHA-256 and size. */
  blobs?: Record<string, Buffer | string>;
  /** Search-index keys (doc:<external id>, binder:<uuid>, phone:<hmac>, tx:<id>); not part of the record. */
  index?: string[];
  /** Event time (ms UTC); defaults to now. */
  at?: number;
}

/** The record as stored (parsed back for display; verification always uses the stored bytes). */
export const auditRecordSchema = z.object({
  v: z.number().int(),
  seq: z.number().int().nonnegative(),
  ts: z.string(),
  ev: z.string(),
  actor: auditActorSchema,
  subj: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
  data: z.record(z.string(), z.unknown()),
  peer_date: z.string().optional(),
  salt: z.string(),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

// Frozen: the writer reuses its canonical text for every event without an actor.
export const SYSTEM_ACTOR: AuditActor = Object.freeze({ type: 'system', id: 'docdesk' });
