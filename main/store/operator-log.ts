// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
// Each action is ALSO an `op.*` event in the tamper-evident audit chain (issue 4; reference evidence-and-audit.md
// §2 접속기록). The event is durable before the action is reported done (issue 13): the row is written by a step on
// docdesk.db's writer — the step of the change it records when there is one (stamp), else a step of its own
// (record) — which leaves it in the step's outbox; after the commit the writer posts the row to the audit writer,
// which builds its event, and replies to that step only once the event is committed (main/writer/audit-route.ts).
// If the chain cannot take it, the step's caller gets AUDIT_UNAVAILABLE: an action is never silently un-audited. A crash
// between the two commits leaves the row to start-up recovery (main/audit/recover.ts), as for exchange records.
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { stepHandlers, type StepHandlers } from './group-commit.ts';
import type { StepOutbox } from './step-outbox.ts';
import { stepCaller, type StepWriter } from './step-writer.ts';

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

/** A stored action as its step leaves it for the audit chain (the writer replies to that step once it is chained). */
export type OperatorChainEntry = { kind: 'operator'; row: OperatorActionRow };

/**
 * The writer's side: stores `a` on the step's connection, inside the step's transaction, and leaves the row in the
 * step's outbox (`chain`; null on a connection of a tool or test, whose rows recovery chains).
 */
export function createOperatorActionInsert(db: Db, chain: StepOutbox<OperatorChainEntry> | null): (a: OperatorAction) => OperatorActionRow {
  const insert = db.prepare('INSERT INTO operator_actions (at, actor, action, subject, data_json) VALUES (?, ?, ?, ?, ?)');
  return (a) => {
    const row = { ...a, id: Number(insert.run(a.at, a.actor, a.action, a.subject, JSON.stringify(a.data)).lastInsertRowid) };
    chain?.push({ kind: 'operator', row });
    return row;
  };
}

/** Where the operator log stores an action: resolves with its row once it is committed. */
export type OperatorActionStore = { insert(a: OperatorAction): Promise<OperatorActionRow> };

export const operatorStepInputs = { 'operator.record': operatorActionSchema };

/** The writer's side of operatorActionsOnWriter: the step that stores one action. */
export function operatorSteps(db: Db, chain: StepOutbox<OperatorChainEntry>): StepHandlers {
  const insert = createOperatorActionInsert(db, chain);
  return stepHandlers(operatorStepInputs, { 'operator.record': (a) => insert(a) });
}

/** The backend's store: each action is a step on docdesk.db's one writer (issue 16 step 6). */
export function operatorActionsOnWriter(writer: StepWriter): OperatorActionStore {
  const run = stepCaller<typeof operatorStepInputs>(writer, '작업 기록');
  return { insert: async (a) => operatorActionRowSchema.parse(await run('operator.record', a)) };
}

/** On a connection of the caller's own (tests, and tools that hold the only connection): autocommitted at once. */
export function operatorActionsOn(db: Db): OperatorActionStore {
  const insert = createOperatorActionInsert(db, null);
  return { insert: async (a) => insert(a) };
}

/** `profile`: the active profile, named in every action unless the action names one itself (DESIGN §12). */
export function createOperatorLog(store: OperatorActionStore, actor: string, now: () => number = Date.now, profile?: () => string) {
  const stamp = (action: string, subject: string, data: Record<string, unknown> = {}): OperatorAction => ({
    at: now(),
    actor,
    action,
    subject,
    data: profile && data['profile'] === undefined ? { profile: profile(), ...data } : data,
  });
  return {
    /** The action as a writer step stores it, with the change it records. */
    stamp,
    /** Records an action that changed nothing in docdesk.db (an export, a secret): resolves once stored and chained. */
    async record(action: string, subject: string, data: Record<string, unknown> = {}): Promise<void> {
      await store.insert(stamp(action, subject, data));
    },
  };
}
export type OperatorLog = ReturnType<typeof createOperatorLog>;
