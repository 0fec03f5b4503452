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
    insertSynthetic: (o: SyntheticOptions) => {
      const inserted = insertSyntheticDocuments(db, o);
      // A bulk write on this connection, whose automatic checkpoint waits for 50,000 pages: its rows are copied
      // into the file once, now, so the grid does not read them through a long WAL.
      db.pragma('wal_checkpoint(PASSIVE)');
      return inserted;
    },
  };
}
export type DocumentsService = ReturnType<typeof createDocumentsService>;
