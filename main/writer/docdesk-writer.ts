// The main-thread side of docdesk.db's one writer (docdesk-writer.worker.ts). The composition root starts it and
// hands its steps to the services; the thread itself starts on the first step — for a writer backend that is the
// start-up step (migrations, recovery: startup-protocol.ts), for a read backend its first write, if any.
// `audit`: the writer's end of the link to the audit writer (main/audit/producer-link.ts), moved to the thread.
import type { ProducerEnd } from '../audit/producer-link.ts';
import { startStepWriter, type StartedStepWriter } from '../store/step-writer.ts';
import type { CheckpointTiming } from '../store/wal-checkpoints.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';

export type DocdeskWriter = StartedStepWriter;

export function startDocdeskWriter(file: WriterDbFile, o: { checkpoints?: CheckpointTiming; audit?: ProducerEnd } = {}): DocdeskWriter {
  return startStepWriter({
    url: new URL('./docdesk-writer.worker.ts', import.meta.url),
    file,
    ...(o.checkpoints ? { checkpoints: o.checkpoints } : {}),
    ...(o.audit ? { workerData: { audit: o.audit }, transferList: [o.audit.port] } : {}),
  });
}
