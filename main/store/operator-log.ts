// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
// Each action is ALSO an `op.*` event in the tamper-evident audit chain (issue 4; reference evidence-and-audit.md
// §2 접속기록). If the chain cannot take the event, record() throws: an action is never silently un-audited.
// The event is durable before record() returns (issue 13): an action is reported done only once its chain event
// is committed. Before, the event waited up to one batch (~100 ms), and a crash in that window left it to start-up
// recovery (main/audit/recover.ts), which re-appends it at the next writer start, marked `recovered`, out of order.
// Inside a caller's transaction the row is not committed yet: that caller calls settle() after its commit.
// The audit side hands in `chain` (main/audit/producer.ts): store/ imports no other main/ folder.
import { z } from 'zod';
import type { Db } from './open-database.ts';

/**
 * An operator action as a writer step carries it (issue 16 step 6): stamped on the main thread (time, actor, the
 * active profile) and stored by the step that makes the change it records, so both commit or neither does.
 */
export const operatorActionSchema = z.object({
  at: z.number().int(),
  actor: z.string(),
  action: z.string().min(1),
  subject: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type OperatorAction = z.infer<typeof operatorActionSchema>;

/** One operator_actions row, `data` parsed. */
export const operatorActionRowSchema = operatorActionSchema.extend({ id: z.number().int() });
export type OperatorActionRow = z.infer<typeof operatorActionRowSchema>;

/** The writer's side: stores `a` on the step's connection, inside the step's transaction. */
export function createOperatorActionInsert(db: Db): (a: OperatorAction) => OperatorActionRow {
  const insert = db.prepare('INSERT INTO operator_actions (at, actor, action, subject, data_json) VALUES (?, ?, ?, ?, ?)');
  return (a) => ({ ...a, id: Number(insert.run(a.at, a.actor, a.action, a.subject, JSON.stringify(a.data)).lastInsertRowid) });
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
  const stamp = (action: string, subject: string, data: Record<string, unknown> = {}): OperatorAction => ({
    at: now(),
    actor,
    action,
    subject,
    data: profile && data['profile'] === undefined ? { profile: profile(), ...data } : data,
  });
  return {
    /** The action as a writer step stores it, with the change it records (see chainWritten). */
    stamp,
    /** Chains an action a writer step committed, durable before it returns (the step's caller reports it done). */
    chainWritten(row: OperatorActionRow): void {
      chain?.append(row);
      settle();
    },
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
