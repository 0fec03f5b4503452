// The grid, export and dashboard over one database connection, as the composition root wires them.
import type { DocumentsExportInput, DocumentsQueryInput } from '../../shared/domain/documents-query.ts';
import type { Db } from '../store/open-database.ts';
import type { WriterDbFile } from '../store/writer-thread.ts';
import { createCountThread } from './count-thread.ts';
import { createDashboard } from './dashboard.ts';
import { exportDocuments } from './export.ts';
import { createDocumentQueries } from './query.ts';
import { insertSyntheticDocuments, type SyntheticOptions } from './synthetic.ts';

/** `dbFile`: the grid's expensive totals are recounted on a thread of their own (count-thread.ts); without it, on `db`. */
export function createDocumentsService(db: Db, dataDir: string, dbFile?: Pick<WriterDbFile, 'path' | 'key'>) {
  // A larger page cache keeps the grid's narrow indexes decrypted in memory (SQLCipher decrypts every page it
  // reads): 64 MiB holds all migration-4 indexes of 500,000 documents.
  db.pragma('cache_size = -65536');
  const counter = dbFile ? createCountThread(dbFile) : null;
  const queries = createDocumentQueries(db, counter ?? undefined);
  const dashboard = createDashboard(db);
  return {
    query: (input: DocumentsQueryInput) => queries.query(input),
    export: (input: DocumentsExportInput) => exportDocuments(queries, dataDir, input),
    dashboard: (now?: number) => dashboard(now),
    /** Sandbox data folders only (the caller checks the profile): synthetic rows for rehearsal and benchmarks. */
    insertSynthetic: (o: SyntheticOptions) => {
      const inserted = insertSyntheticDocuments(db, o);
      // A bulk write on this connection, whose automatic checkpoint waits for 50,000 pages: its rows are copied
      // into the file once, now, so the grid does not read them through a long WAL.
      db.pragma('wal_checkpoint(PASSIVE)');
      return inserted;
    },
    close: async (): Promise<void> => {
      await counter?.close();
    },
  };
}
export type DocumentsService = ReturnType<typeof createDocumentsService>;
