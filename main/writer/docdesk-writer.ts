// The main-thread side of docdesk.db's one writer (docdesk-writer.worker.ts). The composition root starts it and
// hands its steps to the mailing engine, PayUp and KCP; the thread itself starts on the first step, so a command
// that never sends, polls, imports or runs a batch pays for no thread and no connection.
import { startStepWriter, type StartedStepWriter } from '../store/step-writer.ts';
import type { CheckpointTiming } from '../store/wal-checkpoints.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';

export type DocdeskWriter = StartedStepWriter;

export function startDocdeskWriter(file: WriterDbFile, o: { checkpoints?: CheckpointTiming } = {}): DocdeskWriter {
  return startStepWriter({ url: new URL('./docdesk-writer.worker.ts', import.meta.url), file, ...(o.checkpoints ? { checkpoints: o.checkpoints } : {}) });
}
