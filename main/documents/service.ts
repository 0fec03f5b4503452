// The grid, export and dashboard as the composition root wires them: reads through DocdeskReads (the read-only
// connection), the synthetic rows of a sandbox rehearsal written on `db`, the connection that writes.
import type { DocumentsExportInput, DocumentsQueryInput } from '../../shared/domain/documents-query.ts';
import type { DocdeskReads } from '../reads/docdesk-reads.ts';
import type { Db } from '../store/open-database.ts';
import { exportDocuments } from './export.ts';
import { insertSyntheticDocuments, type SyntheticOptions } from './synthetic.ts';

export function createDocumentsService(reads: DocdeskReads, dataDir: string, db: Db) {
  return {
    query: (input: DocumentsQueryInput) => reads.gridPage(input),
    export: (input: DocumentsExportInput) => exportDocuments(reads, dataDir, input),
    dashboard: (now?: number) => reads.dashboard(now),
    /** Sandbox data folders only (the caller checks the profile): synthetic rows for rehearsal and benchmarks. */
    insertSynthetic: (o: SyntheticOptions) => insertSyntheticDocuments(db, o),
  };
}
export type DocumentsService = ReturnType<typeof createDocumentsService>;
