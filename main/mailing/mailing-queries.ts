// Creating mailings and the journal's own reads of them. What the faces read (counts, summaries, timelines) is
// mailing-reads.ts; the same functions over this connection serve the journal, which reads inside its writes.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { idRowsSchema } from '../store/row-shapes.ts';
import type { MailingState } from '../../shared/domain/mailing.ts';
import { appendDocumentRows, documentRowCount, emptyDocumentRows, pushDocumentRow, sliceDocumentRows, type DocumentRows } from './document-rows.ts';
import { createDocumentStore } from './document-store.ts';
import { createMailingReads } from './mailing-reads.ts';
import { newExternalPrefix } from './external-id.ts';
import type { SearchTermsStep } from './journal-writer-protocol.ts';
import type { MailingActionSteps } from './action-steps-protocol.ts';
import type { DraftItem } from './types.ts';

export interface NewMailing {
  name: string;
  profile: string;
  sourceFile: string;
  defaults: unknown;
  report: unknown;
  documents: (DraftItem & { sourceRow: number })[];
}

/** A mailing being stored while its list is still being read (see beginImport). */
export interface MailingImport {
  readonly id: string;
  /** Stores rows in bounded transactions (may return before the last one commits). Calls must not overlap. */
  store(rows: DocumentRows): Promise<void>;
  /**
   * Waits for every stored batch, then makes the mailing visible and sendable with the final import report; on the
   * docdesk writer `action` (the operator's import) commits in the same step.
   */
  complete(report: unknown, action?: { name: string; data: Record<string, unknown> }): Promise<string>;
  /** Removes what was stored (the import failed or had no valid row). */
  discard(): Promise<void>;
}

/** Where an import's writes go in the backend: the docdesk writer's steps (action-steps-protocol.ts). */
export type ImportOnWriter = {
  steps: Pick<MailingActionSteps, 'beginImport' | 'completeImport' | 'discardImport'>;
  storeDocuments: (mailingId: string, rows: DocumentRows, at: number, searchTerms: SearchTermsStep) => Promise<void>;
};

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
  /**
   * Rows per writer-thread step. Larger than a main-thread slice: it blocks no event loop, and every commit
   * rewrites the index pages it touched (three indexes take rows in random order), so fewer, larger commits
   * store a list markedly faster (measured ~25% at 150,000 rows for 4,000 vs 2,000). Journal steps of a send
   * wait behind one such step (~0.1–0.3 s), never behind a whole list.
   */
  const OFF_THREAD_STEP = 4_000;
  const STORE_STEPS_IN_FLIGHT = 2;
  const yieldToEventLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

  /**
   * Starts storing an imported list as a new mailing. Documents arrive in batches (the import worker sends them
   * while it still reads the file) and are stored in bounded transactions, so a 100,000-row list never freezes
   * the backend while other mailings send: by `storeOffThread` (the journal writer thread's own connection —
   * the main thread then does no SQLite work per row at all) or, without it, here with a yield between slices.
   * The mailing stays incomplete — invisible and unsendable — until complete(); discardIncompleteImports()
   * removes one a crash left behind.
   */
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
   * `onWriter`: the docdesk writer's steps (the backend) — the list's mailing row, its documents (`storeDocuments`),
   * completion and discarding all commit there; without it (tests holding one connection) everything runs here.
   */
  async function beginImport(m: Omit<NewMailing, 'documents' | 'report'>, onWriter?: ImportOnWriter): Promise<MailingImport> {
    const t = now();
    const id = onWriter ? await onWriter.steps.beginImport(m, t) : insertMailing({ ...m, report: null, complete: false }, t);
    const storeOffThread = onWriter?.storeDocuments;
    const storeSlice = db.transaction((rows: DocumentRows, from: number, to: number) => {
      documentStore.insert(id, rows, t, from, to);
      documentStore.terms.flush(id);
    });
    // Off-thread steps still queued or committing. Two in flight keep the writer busy (the next batch is
    // already there when a commit ends); it runs them in order, so ids still follow the sheet.
    const inFlight: Promise<void>[] = [];
    let pending = emptyDocumentRows();
    const sendStep = async (step: DocumentRows, searchTerms: SearchTermsStep = 'buffer'): Promise<void> => {
      if (!storeOffThread) return;
      const sent = storeOffThread(id, step, t, searchTerms);
      sent.catch(() => undefined); // surfaced by the await below or in complete()/discard()
      inFlight.push(sent);
      if (inFlight.length >= STORE_STEPS_IN_FLIGHT) await inFlight.shift();
    };
    const settleAll = async (): Promise<void> => {
      // The last step writes the list's search terms the writer still buffers (even with no rows left).
      const last = pending;
      pending = emptyDocumentRows();
      await sendStep(last, 'write');
      while (inFlight.length > 0) await inFlight.shift();
    };
    if (storeOffThread) {
      // An empty step now: the writer thread (started on first use) boots and opens its connection while the
      // import worker is still reading the file, instead of after the first batch arrives.
      void sendStep(emptyDocumentRows());
    }
    return {
      id,
      async store(rows) {
        if (storeOffThread) {
          appendDocumentRows(pending, rows);
          while (documentRowCount(pending) >= OFF_THREAD_STEP) {
            const step = sliceDocumentRows(pending, 0, OFF_THREAD_STEP);
            pending = sliceDocumentRows(pending, OFF_THREAD_STEP, documentRowCount(pending));
            await sendStep(step);
          }
          return;
        }
        const n = documentRowCount(rows);
        for (let i = 0; i < n; i += STORE_BATCH) {
          // IMMEDIATE: a journal writer thread may commit on its own connection; taking the write lock up front
          // waits for it (busy_timeout) instead of failing with a stale read snapshot.
          storeSlice.immediate(rows, i, Math.min(n, i + STORE_BATCH));
          await yieldToEventLoop();
        }
      },
      async complete(report, action) {
        await settleAll();
        if (onWriter) await onWriter.steps.completeImport(id, report, action ?? { name: 'mailing.import', data: {} });
        else completeImport(id, report);
        return id;
      },
      async discard() {
        pending = emptyDocumentRows();
        // The writer forgets the terms it still buffers for this list (steps run in order: after the others).
        if (storeOffThread) inFlight.push(storeOffThread(id, emptyDocumentRows(), t, 'drop'));
        await Promise.allSettled(inFlight.splice(0));
        // Bounded deletes as well; until the mailing row goes, a crash here is cleaned up at the next start.
        for (;;) {
          const slice = onWriter ? await onWriter.steps.discardImport(id, STORE_BATCH) : discardImportSlice(id, STORE_BATCH);
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
  };
}
export type MailingQueries = ReturnType<typeof createMailingQueries>;
