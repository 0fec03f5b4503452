// The worker side of a database's one writer (issue 16): a map of named steps served on the thread's one
// read-write connection, with group commit. Every step that arrived while the previous group committed runs in
// ONE immediate transaction, each in its own savepoint: a failing step rolls back only itself and replies its
// error, the others commit. Replies go out only after the commit, so a claim is durable (synchronous=FULL)
// before its request leaves. After each commit the writer decides its own WAL checkpoint (wal-checkpoints.ts).
// A step's own transaction functions (db.transaction, also their .immediate variant) nest as savepoints inside
// the group's transaction: better-sqlite3 opens a SAVEPOINT instead of BEGIN when the connection is in one.
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { refusalOf, stepRefusalSchema } from './step-refusal.ts';
import { createWalCheckpoints } from './wal-checkpoints.ts';
import { openWriterConnection } from './writer-thread-worker.ts';

/** A step's input schema by step name, e.g. `{ 'kcp.requeue': z.object({ ids: … }) }` — shared by caller and writer. */
export type StepInputs = Record<string, z.ZodType>;

/** A named step as the writer runs it: the raw input (checked by the step's schema) in, its output out. */
export type StepHandlers = Record<string, (input: unknown) => unknown>;

/** Binds each step of `inputs` to the function that runs it; every input is parsed where it enters the writer. */
export function stepHandlers<I extends StepInputs>(inputs: I, run: { [K in keyof I]: (input: z.output<I[K]>) => unknown }): StepHandlers {
  const handlers: StepHandlers = {};
  const bind = <K extends keyof I & string>(step: K): void => {
    const schema: I[K] = inputs[step];
    const fn = run[step];
    handlers[step] = (raw) => fn(schema.parse(raw));
  };
  for (const step of Object.keys(inputs)) bind(step);
  return handlers;
}

/**
 * What the writer receives: a numbered step, or the step `close` (commit what arrived before it, then close) — which
 * has no input: with `input` required it was refused as invalid and the thread terminated with its connection open.
 */
export const stepRequestSchema = z.object({ id: z.number().int(), step: z.string().min(1), input: z.unknown().optional() });
type StepRequest = z.infer<typeof stepRequestSchema>;

/** Its answer: the step's output, or the error that rolled it back; `commit` numbers the group (one transaction) it was in. */
export const stepReplySchema = z.object({
  id: z.number().int(),
  output: z.unknown().optional(),
  error: z.string().optional(),
  /** Set when `error` is a domain refusal (step-refusal.ts): the caller rethrows it as it is. */
  refusal: stepRefusalSchema.optional(),
  commit: z.number().int(),
});
export type StepReply = z.infer<typeof stepReplySchema>;

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** Serves the steps `setup` returns for the thread's connection, until a `close` request. */
export function serveGroupCommit(setup: (db: Db) => StepHandlers): void {
  const { port, db, checkpoints: timing } = openWriterConnection();
  const handlers = setup(db);
  const checkpoints = createWalCheckpoints(db, timing, (e) => process.stderr.write(`${e.message}\n`));
  let commits = 0;
  let queue: StepRequest[] = [];

  // The step's savepoint: everything it wrote is undone when it throws, nothing else.
  const inSavepoint = db.transaction((run: () => unknown): unknown => run());
  const runStep = (m: StepRequest): Omit<StepReply, 'commit'> => {
    if (m.step === 'close') return { id: m.id };
    const handler = handlers[m.step];
    if (handler === undefined) return { id: m.id, error: `알 수 없는 기록 단계: ${m.step}` };
    try {
      return { id: m.id, output: inSavepoint(() => handler(m.input)) };
    } catch (err) {
      const refusal = refusalOf(err);
      return refusal ? { id: m.id, error: message(err), refusal } : { id: m.id, error: message(err) };
    }
  };
  const commitGroup = db.transaction((group: StepRequest[]) => group.map(runStep));

  const drain = (): void => {
    const group = queue;
    queue = [];
    let replies: Omit<StepReply, 'commit'>[];
    try {
      replies = commitGroup.immediate(group);
    } catch (err) {
      const error = message(err);
      replies = group.map((m) => ({ id: m.id, error }));
    }
    const commit = ++commits;
    replies.forEach((r) => port.postMessage({ ...r, commit }));
    if (group.some((m) => m.step === 'close')) {
      checkpoints.close();
      // The last connection to close checkpoints the whole WAL (SQLite's checkpoint-on-close).
      db.close();
      port.close();
      return;
    }
    checkpoints.committed();
  };

  port.on('message', (raw: unknown) => {
    const parsed = stepRequestSchema.safeParse(raw);
    if (!parsed.success) {
      // Answered all the same: the caller waits for this id.
      const id = z.object({ id: z.number().int() }).safeParse(raw);
      if (id.success) port.postMessage({ id: id.data.id, error: `잘못된 기록 요청: ${parsed.error.message}`, commit: commits });
      return;
    }
    checkpoints.postpone();
    queue.push(parsed.data);
    // Every message already waiting on the port is delivered before this runs (check phase after the poll phase).
    if (queue.length === 1) setImmediate(drain);
  });
}
