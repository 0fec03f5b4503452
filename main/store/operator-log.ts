// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
// Each action is ALSO an `op.*` event in the tamper-evident audit chain (issue 4; reference evidence-and-audit.md
// §2 접속기록). If the chain cannot take the event, record() throws: an action is never silently un-audited.
import type { AuditAppender } from '../audit/producer.ts';
import { operatorAuditEvent } from '../audit/producer.ts';
import type { Db } from './open-database.ts';

/** `profile`: the active profile, named in every action unless the action names one itself (DESIGN §12). */
export function createOperatorLog(db: Db, actor: string, now: () => number = Date.now, audit?: AuditAppender, profile?: () => string) {
  const insert = db.prepare('INSERT INTO operator_actions (at, actor, action, subject, data_json) VALUES (?, ?, ?, ?, ?)');
  return {
    record(action: string, subject: string, data: Record<string, unknown> = {}): void {
      const at = now();
      if (profile && data['profile'] === undefined) data = { profile: profile(), ...data };
      const row = insert.run(at, actor, action, subject, JSON.stringify(data));
      audit?.append(operatorAuditEvent({ id: Number(row.lastInsertRowid), at, actor, action, subject, data }));
    },
  };
}
export type OperatorLog = ReturnType<typeof createOperatorLog>;
