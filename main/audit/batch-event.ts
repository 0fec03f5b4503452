// An audit event made ready for the chain, once: by the main thread's audit log (audit-log.ts) for its own events,
// by the audit writer for the exchange records and operator actions docdesk.db's writer stored (issue 16 step 8,
// producer-batches.ts). Validated and canonicalised here, so a float or a lone surrogate fails before the commit
// (at the main log's append; the audit writer puts a refusal event in its place); the commit (commit-batch.ts) only
// inserts salt and seq.
import { hash } from 'node:crypto';
import type { BatchEvent } from './commit-batch.ts';
import { AUDIT_RECORD_VERSION, auditEventTypeSchema, SYSTEM_ACTOR, type AuditEventInput } from './event.ts';
import { canonicalize } from './jcs.ts';

const SYSTEM_ACTOR_JCS = canonicalize(SYSTEM_ACTOR);

// Event types are a small fixed set; each is validated once per thread, not on every event.
const knownTypes = new Set<string>();

/** A blob's bytes in a buffer of their own, never a pool slice (a structured clone copies a view's whole buffer). */
function ownBytes(value: Buffer | string): Buffer {
  if (typeof value !== 'string') return value;
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(value, 'utf8'));
  out.write(value, 'utf8');
  return out;
}

/** The event ready for a commit, with its time in ms (`at`, for the caller's bookkeeping). */
export type ReadyEvent = BatchEvent & { at: number; blobs: { sha256: Buffer; plain: Buffer }[] };

export function readyEvent(e: AuditEventInput, now: () => number): ReadyEvent {
  if (!knownTypes.has(e.ev)) {
    auditEventTypeSchema.parse(e.ev);
    if (knownTypes.size < 10_000) knownTypes.add(e.ev);
  }
  const refs: Record<string, { sha256: string; size: number }> = {};
  const blobs: ReadyEvent['blobs'] = [];
  for (const [name, value] of Object.entries(e.blobs ?? {})) {
    const plain = ownBytes(value);
    // One-shot, into a buffer of its own (it crosses to the commit thread as `plain` does): no Hash object per blob.
    const sha256 = hash('sha256', plain, 'buffer');
    refs[name] = { sha256: sha256.toString('hex'), size: plain.length };
    blobs.push({ sha256, plain });
  }
  const data = blobs.length ? { ...(e.data ?? {}), blobs: refs } : (e.data ?? {});
  const at = e.at ?? now();
  const ts = new Date(at).toISOString();
  // The record {v, seq, ts, ev, actor, subj, data, peer_date?, salt} in JCS member order is
  // actor, data, ev, peer_date, salt, seq, subj, ts, v: everything before salt is the head and everything after
  // seq the tail, each canonicalised once here; the commit only inserts salt and seq (commit-batch.ts).
  const peer = e.peerDate !== undefined ? `,"peer_date":${canonicalize(e.peerDate, '$.peer_date')}` : '';
  return {
    at,
    ts,
    ev: e.ev,
    blobs,
    index: e.index ?? [],
    head: `{"actor":${e.actor === undefined || e.actor === SYSTEM_ACTOR ? SYSTEM_ACTOR_JCS : canonicalize(e.actor, '$.actor')},"data":${canonicalize(data, '$.data')},"ev":${canonicalize(e.ev, '$.ev')}${peer},`,
    tail: `"subj":${canonicalize(e.subj ?? {}, '$.subj')},"ts":"${ts}","v":${AUDIT_RECORD_VERSION}}`,
  };
}
