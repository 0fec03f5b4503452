// Status progression of a simulated document (reference §8; README "Recipients" and "Time").
// Each document has its own virtual clock: virtual = acceptedAt + (now − acceptedAt) · timeScale, so a
// sandbox with timeScale 86,400 plays a day per second and a document's history is fixed at acceptance.
// Everything is derived from the ledger row and a deterministic hash: nothing runs in the background.
import type { LedgerDocument } from './ledger.ts';
import { sandboxAutoReads, sandboxHash } from './recipients.ts';

export type SandboxDocBoxStatus = 'SENT' | 'RECEIVED' | 'READ' | 'EXPIRED';

/** Virtual Unix seconds, as the gateway reports them. */
export type DocTimeline = {
  sentAt: number;
  notifiedAt: number;
  /** null for recipients that are never KakaoPay members (7777). */
  receivedAt: number | null;
  /** The sandbox playing the institution's landing page: null when the document is never read by itself. */
  autoRead: { authenticatedAt: number; tokenUsedAt: number; readAt: number } | null;
  deadline: number;
};

export type ComputedStatus = {
  doc_box_status: SandboxDocBoxStatus;
  doc_box_sent_at: number;
  doc_box_received_at?: number;
  authenticated_at?: number;
  token_used_at?: number;
  doc_box_read_at?: number;
  user_notified_at?: number;
  payload?: string;
};

const MINUTE = 60;
const HOUR = 3600;

/** The document's virtual clock at real time `nowMs`, in (fractional) Unix seconds. */
export function virtualSeconds(doc: Pick<LedgerDocument, 'acceptedAtMs' | 'timeScale'>, nowMs: number): number {
  const elapsed = Math.max(0, nowMs - doc.acceptedAtMs);
  return (doc.acceptedAtMs + elapsed * doc.timeScale) / 1000;
}

export function timelineOf(doc: LedgerDocument): DocTimeline {
  const key = doc.externalDocumentUuid ?? doc.binderUuid;
  const sentAt = Math.floor(doc.acceptedAtMs / 1000);
  const notifiedAt = sentAt + 5 + (sandboxHash(key, 1) % 56); // Alimtalk 5–60 s after acceptance
  const receivedAt = doc.behaviour === 'neverMember' ? null : sentAt + MINUTE + (sandboxHash(key, 2) % (9 * MINUTE + 1)); // 1–10 min
  let autoRead: DocTimeline['autoRead'] = null;
  if (doc.behaviour === 'accepted' && sandboxAutoReads(key)) {
    const authenticatedAt = sentAt + HOUR + (sandboxHash(key, 3) % (23 * HOUR + 1)); // 1–24 h
    const tokenUsedAt = authenticatedAt + 2 + (sandboxHash(key, 4) % 9);
    const readAt = tokenUsedAt + 1 + (sandboxHash(key, 5) % 5);
    autoRead = { authenticatedAt, tokenUsedAt, readAt };
  }
  return { sentAt, notifiedAt, receivedAt, autoRead, deadline: doc.deadlineS };
}

function earliest(...values: (number | null | undefined)[]): number | undefined {
  let out: number | undefined;
  for (const v of values) if (v !== null && v !== undefined && (out === undefined || v < out)) out = v;
  return out;
}

export function statusOf(doc: LedgerDocument, nowMs: number): ComputedStatus {
  const v = virtualSeconds(doc, nowMs);
  const t = timelineOf(doc);
  // The sandbox reads a document itself only if it does so before the deadline.
  const auto = t.autoRead !== null && t.autoRead.readAt < t.deadline ? t.autoRead : null;
  const reached = (x: number | undefined): number | undefined => (x !== undefined && x <= v ? x : undefined);
  const authenticatedAt = earliest(doc.authenticatedAt, reached(auto?.authenticatedAt));
  const tokenUsedAt = earliest(doc.tokenUsedAt, reached(auto?.tokenUsedAt));
  const readAt = earliest(doc.docBoxReadAt, reached(auto?.readAt));
  const receivedAt = t.receivedAt !== null && t.receivedAt < t.deadline ? reached(t.receivedAt) : undefined;
  const notifiedAt = reached(t.notifiedAt);

  // reference §8: READ = OTT verified AND read status succeeded; EXPIRED = unread past the deadline.
  let status: SandboxDocBoxStatus;
  if (tokenUsedAt !== undefined && readAt !== undefined) status = 'READ';
  else if (v >= t.deadline) status = 'EXPIRED';
  else if (receivedAt !== undefined) status = 'RECEIVED';
  else status = 'SENT';

  return {
    doc_box_status: status,
    doc_box_sent_at: t.sentAt,
    ...(receivedAt !== undefined ? { doc_box_received_at: receivedAt } : {}),
    ...(authenticatedAt !== undefined ? { authenticated_at: authenticatedAt } : {}),
    ...(tokenUsedAt !== undefined ? { token_used_at: tokenUsedAt } : {}),
    ...(readAt !== undefined ? { doc_box_read_at: readAt } : {}),
    ...(notifiedAt !== undefined ? { user_notified_at: notifiedAt } : {}),
    ...(doc.payload !== null ? { payload: doc.payload } : {}),
  };
}

const TIME_FIELDS = ['doc_box_sent_at', 'doc_box_received_at', 'authenticated_at', 'token_used_at', 'doc_box_read_at', 'user_notified_at'] as const;

/**
 * The wire form of status_data: seconds (or 13-digit millis under the timestampsInMillis fault) plus the
 * undocumented `doc_distribution_received_at` seen in production, which clients must ignore (reference §8).
 */
export function statusWire(status: ComputedStatus, millis: boolean): Record<string, string | number> {
  const out: Record<string, string | number> = { doc_box_status: status.doc_box_status };
  for (const field of TIME_FIELDS) {
    const value = status[field];
    if (value !== undefined) out[field] = millis ? value * 1000 : value;
  }
  if (status.payload !== undefined) out['payload'] = status.payload;
  out['doc_distribution_received_at'] = millis ? status.doc_box_sent_at * 1000 : status.doc_box_sent_at;
  return out;
}
