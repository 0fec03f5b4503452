// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
// Each action is ALSO an `op.*` event in the tamper-evident audit chain (issue 4; reference evidence-and-audit.md
// §2 접속기록). If the chain cannot take the event, record() throws: an action is never silently un-audited.
// The event is durable before record() returns (issue 13): an action is reported done only once its chain event
// is committed. Before, the event waited up to one batch (~100 ms), and a crash in that window left it to start-up
// recovery (main/audit/recover.ts), which re-appends it at the next writer start, marked `recovered`, out of order.
// Inside a caller's transaction the row is not committed yet: that caller calls settle() after its commit.
// The audit side hands in `chain` (main/audit/producer.ts): store/ imports no other main/ folder.
import type { Db } from './open-database.ts';

/** One operator_actions row, `data` parsed. */
export interface OperatorActionRow {
  id: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  data: Record<string, unknown>;
}

/** Where recorded actions go besides the table: append() throws (never drops); flush() makes them durable. */
export interface OperatorActionChain {
  append(row: OperatorActionRow): void;
  flush(): void;
}

/** `profile`: the active profile, named in every action unless the action names one itself (DESIGN §12). */
export function createOperatorLog(db: Db, actor: string, now: () => number = Date.now, chain?: OperatorActionChain, profile?: () => string) {
  const insert = db.prepare('INSERT INTO operator_actions (at, actor, action, subject, data_json) VALUES (?, ?, ?, ?, ?)');
  /** Commits the chain events of the actions recorded so far (operator actions are rare: one commit each). */
  const settle = (): void => chain?.flush();
  return {
    record(action: string, subject: string, data: Record<string, unknown> = {}): void {
      const at = now();
      if (profile && data['profile'] === undefined) data = { profile: profile(), ...data };
      const row = insert.run(at, actor, action, subject, JSON.stringify(data));
      chain?.append({ id: Number(row.lastInsertRowid), at, actor, action, subject, data });
      if (!db.inTransaction) settle();
    },
    settle,
  };
}
export type OperatorLog = ReturnType<typeof createOperatorLog>;
