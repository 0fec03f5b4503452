// Operator decisions are journalled, append-only (DESIGN §6: the resolution of UNKNOWN documents is audited).
// Each action is ALSO an `op.*` event in the tamper-evident audit chain (issue 4; reference evidence-and-audit.md
// §2 접속기록). If the chain cannot take the event, record() throws: an action is never silently un-audited.
// The event is durable before record() resolves (issue 13): an action is reported done only once its chain event
// is committed. Before, the event waited up to one batch (~100 ms), and a crash in that window left it to start-up
// recovery (main/audit/recover.ts), which re-appends it at the next writer start, marked `recovered`, out of order.
// The row is written by a step on docdesk.db's writer — the step of the change it records when there is one
// (stamp + chainWritten), else a step of its own (record) — and chained after that step committed. A crash
// between the two commits leaves the row to recover.ts, as for a journal step's exchange records.
// The audit side hands in `chain` (main/audit/producer.ts): store/ imports no other main/ folder.
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { stepHandlers, type StepHandlers } from './group-commit.ts';
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

/** Where the operator log stores an action: resolves with its row once it is committed. */
export type OperatorActionStore = { insert(a: OperatorAction): Promise<OperatorActionRow> };

export const operatorStepInputs = { 'operator.record': operatorActionSchema };

/** The writer's side of operatorActionsOnWriter: the step that stores one action. */
export function operatorSteps(db: Db): StepHandlers {
  const insert = createOperatorActionInsert(db);
  return stepHandlers(operatorStepInputs, { 'operator.record': (a) => insert(a) });
}

/** The backend's store: each action is a step on docdesk.db's one writer (issue 16 step 6). */
export function operatorActionsOnWriter(writer: StepWriter): OperatorActionStore {
  const run = stepCaller<typeof operatorStepInputs>(writer, '작업 기록');
  return { insert: async (a) => operatorActionRowSchema.parse(await run('operator.record', a)) };
}

/** On a connection of the caller's own (tests, and tools that hold the only connection): autocommitted at once. */
export function operatorActionsOn(db: Db): OperatorActionStore {
  const insert = createOperatorActionInsert(db);
  return { insert: async (a) => insert(a) };
}

/** `profile`: the active profile, named in every action unless the action names one itself (DESIGN §12). */
export function createOperatorLog(store: OperatorActionStore, actor: string, now: () => number = Date.now, chain?: OperatorActionChain, profile?: () => string) {
  const stamp = (action: string, subject: string, data: Record<string, unknown> = {}): OperatorAction => ({
    at: now(),
    actor,
    action,
    subject,
    data: profile && data['profile'] === undefined ? { profile: profile(), ...data } : data,
  });
  /** Chains an action a writer step committed, durable before it returns (the step's caller reports it done). */
  const chainWritten = (row: OperatorActionRow): void => {
    chain?.append(row);
    chain?.flush();
  };
  return {
    /** The action as a writer step stores it, with the change it records (see chainWritten). */
    stamp,
    chainWritten,
    /** Records an action that changed nothing in docdesk.db (an export, a secret): stored, then chained. */
    async record(action: string, subject: string, data: Record<string, unknown> = {}): Promise<void> {
      chainWritten(await store.insert(stamp(action, subject, data)));
    },
  };
}
export type OperatorLog = ReturnType<typeof createOperatorLog>;
