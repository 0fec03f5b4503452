// The grid, export and dashboard as the composition root wires them: reads through DocdeskReads (the read-only
// connection), the synthetic rows of a sandbox rehearsal as steps on the docdesk writer.
import type { DocumentsExportInput, DocumentsQueryInput } from '../../shared/domain/documents-query.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { StepWriter } from '../store/step-writer.ts';
import { exportDocuments } from './export.ts';
import type { SyntheticOptions } from './synthetic.ts';
import { insertSyntheticOnWriter } from './synthetic-protocol.ts';

export function createDocumentsService(reads: DocdeskReads, dataDir: string, writer: StepWriter) {
  return {
    query: (input: DocumentsQueryInput) => reads.gridPage(input),
    export: (input: DocumentsExportInput) => exportDocuments(reads, dataDir, input),
    dashboard: (now?: number) => reads.dashboard(now),
    /**
     * Sandbox data folders only (the caller checks the profile): synthetic rows for rehearsal and benchmarks. The
     * writer checkpoints its WAL after its own commits (store/wal-checkpoints.ts), so a large seed is copied into
     * the file without a checkpoint here.
     */
    insertSynthetic: (o: SyntheticOptions): Promise<string[]> => insertSyntheticOnWriter(writer, o),
  };
}
export type DocumentsService = ReturnType<typeof createDocumentsService>;
