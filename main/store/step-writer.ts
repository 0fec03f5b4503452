// The main-thread side of a database's one writer (group-commit.ts): each capability (mailing, PayUp, KCP) calls
// its own named steps on the one thread; the thread starts on the first call, so a command that never writes a
// journal step pays for no thread and no connection.
import type { TransferListItem } from 'node:worker_threads';
import type { z } from 'zod';
import type { CheckpointTiming } from './wal-checkpoints.ts';
import { stepReplySchema, type StepInputs, type StepReply } from './group-commit.ts';
import { startWriterThread, type WriterDbFile, type WriterThread } from './writer-thread.ts';

type StepRequest = { id: number; step: string; input?: unknown };

/** What a capability holds of the writer: its steps, run in the writer's next group commit. */
export type StepWriter = {
  /**
   * Runs `step` (e.g. 'payup.step'); resolves with its output and the number of the group commit that made it
   * durable — after that commit. `what` (Korean) names what is written in a failure's message.
   */
  run(step: string, input: unknown, what: string): Promise<{ output: unknown; commit: number }>;
};

export type StartedStepWriter = StepWriter & {
  /** Commits every step sent before it, then closes the connection and ends the thread (if it ever started). */
  close(): Promise<void>;
};

/** `workerData`, `transferList`: what the worker gets besides its database (e.g. a port to another writer, moved). */
export function startStepWriter(o: { url: URL; file: WriterDbFile; checkpoints?: CheckpointTiming; workerData?: Record<string, unknown>; transferList?: TransferListItem[] }): StartedStepWriter {
  let thread: WriterThread<StepRequest, StepReply> | null = null;
  let closed = false;
  const started = (): WriterThread<StepRequest, StepReply> => {
    if (closed) throw new Error('기록 스레드가 이미 닫혔습니다.');
    return (thread ??= startWriterThread<StepRequest, StepReply>({
      url: o.url,
      file: o.file,
      replySchema: stepReplySchema,
      what: '기록',
      ...(o.checkpoints ? { checkpoints: o.checkpoints } : {}),
      ...(o.workerData ? { workerData: o.workerData } : {}),
      ...(o.transferList ? { transferList: o.transferList } : {}),
    }));
  };
  return {
    async run(step, input, what) {
      const reply = await started().call({ step, input }, what);
      return { output: reply.output, commit: reply.commit };
    },
    async close() {
      closed = true;
      const t = thread;
      thread = null;
      await t?.close({ step: 'close' });
    },
  };
}

/** The steps of `inputs` as a capability calls them: inputs typed by their schemas, outputs still to be parsed. */
export function stepCaller<I extends StepInputs>(writer: StepWriter, what: string) {
  return async <K extends keyof I & string>(step: K, input: z.input<I[K]>): Promise<unknown> => (await writer.run(step, input, what)).output;
}
