// Creating mailings and the journal's own reads of them. What the faces read (counts, summaries, timelines) is
// mailing-reads.ts; the same functions over this connection serve the journal, which reads inside its writes.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { idRowsSchema } from '../store/row-shapes.ts';
import type { MailingState } from '../../shared/domain/mailing.ts';
import { documentRowCount, emptyDocumentRows, pushDocumentRow, type DocumentRows } from './document-rows.ts';
import { createDocumentStore } from './document-store.ts';
import { createMailingReads } from './mailing-reads.ts';
import { newExternalPrefix } from './external-id.ts';
import { unsentQueuedSql } from './open-attempt-sql.ts';
import type { MailingImport } from './import-session.ts';
import type { DraftItem } from './types.ts';

export interface NewMailing {
  name: string;
  profile: string;
  sourceFile: string;
  defaults: unknown;
  report: unknown;
  documents: (DraftItem & { sourceRow: number })[];
}

const mailingIdRowsSchema = z.array(z.object({ id: z.string() }));
const documentKeyRowsSchema = z.array(z.object({ id: z.number().int(), recipient_key: z.string() }));

export function createMailingQueries(db: Db, now: () => number = Date.now) {
  const reads = createMailingReads(db);
  const documentStore = createDocumentStore(db);
  /**
   * Deletes up to `limit` documents of a list that never completed, with their search terms, in one
   * transaction; returns how many went.
   */
  const documentsOf = db.prepare('SELECT id, recipient_key FROM documents WHERE mailing_id = ? LIMIT ?');
  const deleteDocument = db.prepare('DELETE FROM documents WHERE id = ?');
  const deleteDocumentsOf = db.transaction((mailingId: string, limit: number): number => {
    const docs = documentKeyRowsSchema.parse(documentsOf.all(mailingId, limit));
    documentStore.terms.remove(docs);
    for (const d of docs) deleteDocument.run(d.id);
    return docs.length;
  });

  /** Rows per transaction while storing a list: small enough that the event loop is never blocked for long. */
  const STORE_BATCH = 2_000;
  const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

  const insertMailingRow = db.prepare(
    `INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at, import_complete)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'IMPORTED', ?, ?, ?)`,
  );
  /**
   * A new mailing row with its own random external-id prefix (external-id.ts). `complete: false` keeps it invisible
   * and unsendable until complete() (beginImport); a mailing whose documents are stored in the same transaction
   * (one-document.ts) is complete at once.
   */
  function insertMailing(m: Omit<NewMailing, 'documents'> & { complete: boolean }, at: number): string {
    const id = `M-${randomUUID().slice(0, 8)}`;
    insertMailingRow.run(id, m.name, newExternalPrefix(), m.profile, m.sourceFile, JSON.stringify(m.defaults), JSON.stringify(m.report), at, at, m.complete ? 1 : 0);
    return id;
  }

  /** Makes a stored list visible and sendable with its final import report. */
  function completeImport(mailingId: string, report: unknown): void {
    db.prepare('UPDATE mailings SET report_json = ?, import_complete = 1 WHERE id = ?').run(JSON.stringify(report), mailingId);
  }

  /** Deletes up to `limit` documents of an incomplete list; once none is left, the mailing row too (`done`). */
  function discardImportSlice(mailingId: string, limit: number): { deleted: number; done: boolean } {
    const deleted = deleteDocumentsOf(mailingId, limit);
    if (deleted > 0) return { deleted, done: false };
    db.prepare('DELETE FROM mailings WHERE id = ? AND import_complete = 0').run(mailingId);
    return { deleted, done: true };
  }

  /**
   * Starts storing a list as a new mailing on this connection, in transactions of STORE_BATCH rows with a yield
   * between them (tests and benchmarks holding one connection; the backend stores through MailingStore,
   * import-session.ts). The mailing stays incomplete — invisible and unsendable — until complete().
   */
  async function beginImport(m: Omit<NewMailing, 'documents' | 'report'>): Promise<MailingImport> {
    const t = now();
    const id = insertMailing({ ...m, report: null, complete: false }, t);
    const storeSlice = db.transaction((rows: DocumentRows, from: number, to: number) => {
      documentStore.insert(id, rows, t, from, to);
      documentStore.terms.flush(id);
    });
    return {
      id,
      async store(rows) {
        const n = documentRowCount(rows);
        for (let i = 0; i < n; i += STORE_BATCH) {
          // IMMEDIATE: another connection may commit meanwhile; taking the write lock up front waits for it
          // (busy_timeout) instead of failing with a stale read snapshot.
          storeSlice.immediate(rows, i, Math.min(n, i + STORE_BATCH));
          await yieldToEventLoop();
        }
      },
      async complete(report) {
        completeImport(id, report);
        return id;
      },
      async discard() {
        for (;;) {
          const slice = discardImportSlice(id, STORE_BATCH);
          if (slice.done) return;
          await yieldToEventLoop();
        }
      },
    };
  }

  /** Stores a whole list at once (tests, and callers that already hold every document). */
  async function createMailing(m: NewMailing): Promise<string> {
    const { documents, report, ...head } = m;
    const writer = await beginImport(head);
    const rows = emptyDocumentRows();
    for (const d of documents) pushDocumentRow(rows, d);
    await writer.store(rows);
    return await writer.complete(report);
  }

  /** A list whose storing was cut short by a crash is removed whole: it was never visible, nothing was sent. */
  const discardIncompleteImports = db.transaction((): number => {
    const ids = mailingIdRowsSchema.parse(db.prepare('SELECT id FROM mailings WHERE import_complete = 0').all()).map((r) => r.id);
    for (const mid of ids) {
      deleteDocumentsOf(mid, -1);
      db.prepare('DELETE FROM mailings WHERE id = ?').run(mid);
    }
    return ids.length;
  });

  function setMailingState(id: string, state: MailingState): void {
    db.prepare('UPDATE mailings SET state = ?, updated_at = ? WHERE id = ?').run(state, now(), id);
  }

  function idsInState(mailingId: string, state: string): number[] {
    return idRowsSchema.parse(db.prepare('SELECT id FROM documents WHERE mailing_id = ? AND state = ? ORDER BY id').all(mailingId, state)).map((r) => r.id);
  }

  /** The mailing's QUEUED documents no request carries now: a claimed one is settled by its answer, not a cancel. */
  function unsentQueuedIds(mailingId: string): number[] {
    return idRowsSchema.parse(db.prepare(`SELECT id FROM documents d WHERE d.mailing_id = ? AND ${unsentQueuedSql('d')} ORDER BY id`).all(mailingId)).map((r) => r.id);
  }

  return {
    createMailing,
    insertMailing,
    beginImport,
    completeImport,
    discardImportSlice,
    discardIncompleteImports,
    counts: reads.counts,
    summary: reads.summary,
    errorSummary: reads.errorSummary,
    list: reads.list,
    getMailing: reads.getMailing,
    setMailingState,
    documentIdOf: reads.documentIdOf,
    documentDetail: reads.documentDetail,
    documentDetailById: reads.documentDetailById,
    idsInState,
    unsentQueuedIds,
  };
}
export type MailingQueries = ReturnType<typeof createMailingQueries>;
