// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
import type { Db } from './open-database.ts';

export function createOperatorLog(db: Db, actor: string, now: () => number = Date.now) {
  const insert = db.prepare('INSERT INTO operator_actions (at, actor, action, subject, data_json) VALUES (?, ?, ?, ?, ?)');
  return {
    record(action: string, subject: string, data: Record<string, unknown> = {}): void {
      insert.run(now(), actor, action, subject, JSON.stringify(data));
    },
  };
}
export type OperatorLog = ReturnType<typeof createOperatorLog>;
