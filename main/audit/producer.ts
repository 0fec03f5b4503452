// What producers of the audit chain share: the operator action's event (built by the audit writer after docdesk.db's
// commit, producer-batches.ts, and by recover.ts after a crash), the operator as actor, and a coercion that
// keeps foreign data inside the chain's JSON rules.
import type { OperatorActionRow } from '../store/operator-log.ts';
import type { AuditActor, AuditEventInput } from './event.ts';

/** Producers' data may hold floats or Dates: the chain takes integers and strings only (reference §3). */
export function toAuditData(value: unknown): unknown {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toAuditData);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined && typeof v !== 'function') out[k] = toAuditData(v);
    return out;
  }
  return typeof value === 'function' || typeof value === 'symbol' ? undefined : value;
}

/** "user@host" (backend actor string) → the 접속기록 actor fields (reference §2: account id, PC host). */
export function operatorActor(actor: string): AuditActor {
  const at = actor.lastIndexOf('@');
  return at > 0 ? { type: 'operator', id: actor.slice(0, at), host: actor.slice(at + 1) } : { type: 'operator', id: actor };
}

/** operator_actions.action (`payup.cancelBatch`) → audit event type (`op.payup.cancel_batch`). */
export function operatorEventType(action: string): string {
  const snake = action
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_.]/g, '_')
    .replace(/\.{2,}/g, '.')
    .replace(/^[._]+|[._]+$/g, '');
  return `op.${/^[a-z]/.test(snake) ? snake : `x${snake}`}${snake.includes('.') ? '' : '.action'}`;
}

/** One operator_actions row → its `op.*` audit event (indexed as `oplog:<id>` for crash recovery). */
export function operatorAuditEvent(r: OperatorActionRow, recovered = false): AuditEventInput {
  return {
    ev: operatorEventType(r.action),
    at: r.at,
    actor: operatorActor(r.actor),
    subj: { ref: r.subject },
    data: { action: r.action, subject: r.subject, ...(toAuditData(r.data) as Record<string, unknown>), operator_log_id: r.id, ...(recovered ? { recovered: true } : {}) },
    index: [`ref:${r.subject}`, `oplog:${r.id}`],
  };
}
