// The worker side of a database's one writer (issue 16): a map of named steps served on the thread's one
// read-write connection, with group commit. Every step that arrived while the previous group committed runs in
// ONE immediate transaction, each in its own savepoint: a failing step rolls back only itself and replies its
// error, the others commit. Replies go out only after the commit, so a claim is durable (synchronous=FULL)
// before its request leaves. After each commit the writer decides its own WAL checkpoint (wal-checkpoints.ts).
// A step's own transaction functions (db.transaction, also their .immediate variant) nest as savepoints inside
// the group's transaction: better-sqlite3 opens a SAVEPOINT instead of BEGIN when the connection is in one.
// What a step leaves in its outbox (step-outbox.ts: the rows the audit chain gets) is handed, with the step's
// reply, to the writer's `after` once the group committed; it decides when each reply goes (issue 16 step 8).
import { z } from 'zod';
import type { Db } from './open-database.ts';
import { refusalOf, stepRefusalSchema } from './step-refusal.ts';
import type { StepOutbox } from './step-outbox.ts';
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

/** A committed (or failed) step: its reply and what it left in the outbox — nothing when it was rolled back. */
export type CommittedStep<E> = { reply: StepReply; entries: E[] };

/** What the writer does after each group commit with the steps' outbox entries, and when their replies go. */
export type AfterCommit<E> = {
  /** Hands each reply to `send` — at once, or once its entries are taken care of. */
  committed(steps: CommittedStep<E>[], send: (reply: StepReply) => void): void;
  /** Resolves once every reply held back was sent (the writer then closes). */
  idle(): Promise<void>;
  /** After the close: releases what it holds (its ports). */
  close(): void;
};

/**
 * Serves the steps `setup` returns for the thread's connection, until a `close` request. `setup` receives the
 * group's outbox for the stores whose rows `after` takes care of once committed (without `after`, nothing does).
 */
export function serveGroupCommit<E = never>(setup: (db: Db, outbox: StepOutbox<E>) => StepHandlers, after?: AfterCommit<E>): void {
  const { port, db, checkpoints: timing } = openWriterConnection();
  let entries: E[] = [];
  const handlers = setup(db, { push: (e) => void entries.push(e) });
  const checkpoints = createWalCheckpoints(db, timing, (e) => process.stderr.write(`${e.message}\n`));
  let commits = 0;
  let queue: StepRequest[] = [];
  let closing = false;

  // The step's savepoint: everything it wrote is undone when it throws, nothing else — its outbox entries too.
  const inSavepoint = db.transaction((run: () => unknown): unknown => run());
  const runStep = (m: StepRequest): Omit<StepReply, 'commit'> => {
    if (m.step === 'close') return { id: m.id };
    const handler = handlers[m.step];
    if (handler === undefined) return { id: m.id, error: `알 수 없는 기록 단계: ${m.step}` };
    const mark = entries.length;
    try {
      return { id: m.id, output: inSavepoint(() => handler(m.input)) };
    } catch (err) {
      entries.length = mark;
      const refusal = refusalOf(err);
      return refusal ? { id: m.id, error: message(err), refusal } : { id: m.id, error: message(err) };
    }
  };
  const commitGroup = db.transaction((group: StepRequest[]) =>
    group.map((m) => {
      const from = entries.length;
      return { reply: runStep(m), from, to: entries.length };
    }),
  );

  const send = (r: StepReply): void => port.postMessage(r);
  const drain = (): void => {
    const group = queue;
    queue = [];
    const commit = ++commits;
    let steps: CommittedStep<E>[];
    try {
      steps = commitGroup.immediate(group).map((s) => ({ reply: { ...s.reply, commit }, entries: entries.slice(s.from, s.to) }));
    } catch (err) {
      const error = message(err);
      steps = group.map((m) => ({ reply: { id: m.id, error, commit }, entries: [] }));
    }
    entries = [];
    const closeAt = group.findIndex((m) => m.step === 'close');
    const close = closeAt >= 0 ? steps.splice(closeAt, 1)[0] : undefined;
    if (after) after.committed(steps, send);
    else steps.forEach((s) => send(s.reply));
    if (close) {
      closing = true;
      // The close is answered last: after every reply held back for its outbox entries.
      void (after?.idle() ?? Promise.resolve()).then(() => {
        checkpoints.close();
        // This is the file's only read-write connection, but read-only ones (the main thread's reads) may close
        // after it, so SQLite's checkpoint-on-close of the last connection would not run: the whole WAL is copied
        // back and emptied here. A reader inside a read keeps its pages; the next writer's checkpoints copy them.
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } catch (err) {
          process.stderr.write(`${message(err)}\n`);
        }
        db.close();
        after?.close();
        send(close.reply);
        port.close();
      });
      return;
    }
    checkpoints.committed();
  };

  port.on('message', (raw: unknown) => {
    if (closing) {
      const id = z.object({ id: z.number().int() }).safeParse(raw);
      if (id.success) send({ id: id.data.id, error: '기록 스레드가 닫히는 중입니다.', commit: commits });
      return;
    }
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
