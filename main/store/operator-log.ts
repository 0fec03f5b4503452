// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
// Each action is ALSO an `op.*` event in the tamper-evident audit chain (issue 4; reference evidence-and-audit.md
// §2 접속기록). If the chain cannot take the event, record() throws: an action is never silently un-audited.
// The event is durable before record() returns (issue 13): an action is reported done only once its chain event
// is committed. Before, the event waited up to one batch (~100 ms), and a crash in that window left it to start-up
// recovery (main/audit/recover.ts), which re-appends it at the next writer start, marked `recovered`, out of order.
// Inside a caller's transaction the row is not committed yet: that caller calls settle() after its commit.
import type { DurableAuditAppender } from '../audit/producer.ts';
import { operatorAuditEvent } from '../audit/producer.ts';
import type { Db } from './open-database.ts';

/** `profile`: the active profile, named in every action unless the action names one itself (DESIGN §12). */
export function createOperatorLog(db: Db, actor: string, now: () => number = Date.now, audit?: DurableAuditAppender, profile?: () => string) {
  const insert = db.prepare('INSERT INTO operator_actions (at, actor, action, subject, data_json) VALUES (?, ?, ?, ?, ?)');
  /** Commits the chain events of the actions recorded so far (operator actions are rare: one commit each). */
  const settle = (): void => audit?.flush();
  return {
    record(action: string, subject: string, data: Record<string, unknown> = {}): void {
      const at = now();
      if (profile && data['profile'] === undefined) data = { profile: profile(), ...data };
      const row = insert.run(at, actor, action, subject, JSON.stringify(data));
      audit?.append(operatorAuditEvent({ id: Number(row.lastInsertRowid), at, actor, action, subject, data }));
      if (!db.inTransaction) settle();
    },
    settle,
  };
}
export type OperatorLog = ReturnType<typeof createOperatorLog>;
