// Creating mailings and reading their state back (counts keyed by state name, timelines).
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { idRowsSchema } from '../store/row-shapes.ts';
import { DOC_BOX_STATUSES, docBoxStatusSchema } from '../../shared/domain/edoc.ts';
import {
  DOCUMENT_STATES,
  documentStateSchema,
  mailingStateSchema,
  type DocumentDetail,
  type MailingState,
  type MailingSummary,
  type StateCounts,
} from '../../shared/domain/mailing.ts';
import { appendDocumentRows, documentRowCount, emptyDocumentRows, pushDocumentRow, sliceDocumentRows, type DocumentRows } from './document-rows.ts';
import { createDocumentLinks } from './document-links.ts';
import { createDocumentRef } from './document-ref.ts';
import { createDocumentStore } from './document-store.ts';
import { createTimelineReader } from './document-timeline.ts';
import { newExternalPrefix } from './external-id.ts';
import type { SearchTermsStep } from './journal-writer-protocol.ts';
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
  /** Waits for every stored batch, then makes the mailing visible and sendable with the final import report. */
  complete(report: unknown): Promise<string>;
  /** Removes what was stored (the import failed or had no valid row). */
  discard(): Promise<void>;
}

/** Documents that need the operator's attention, grouped by their stored code (REJECTED) or reason (UNKNOWN, ABANDONED). */
export const mailingErrorGroupSchema = z.object({
  state: z.enum(['REJECTED', 'UNKNOWN', 'ABANDONED']),
  /** error_code of a refusal; the stored reason (error_message) of an UNKNOWN or ABANDONED document. */
  code: z.string().nullable(),
  count: z.number().int(),
});
export type MailingErrorGroup = z.infer<typeof mailingErrorGroupSchema>;

const mailingRowSchema = z.object({
  id: z.string(),
  name: z.string(),
  profile: z.string(),
  state: mailingStateSchema,
  created_at: z.number(),
  ext_prefix: z.string(),
  defaults_json: z.string(),
  report_json: z.string(),
});
type MailingRow = z.infer<typeof mailingRowSchema>;
const mailingIdRowsSchema = z.array(z.object({ id: z.string() }));
const documentKeyRowsSchema = z.array(z.object({ id: z.number().int(), recipient_key: z.string() }));
const stateCountRowsSchema = z.array(z.object({ state: documentStateSchema, n: z.number().int() }));
const boxCountRowsSchema = z.array(z.object({ s: docBoxStatusSchema, n: z.number().int(), l: z.number().nullable(), x: z.number().nullable() }));
const detailRowSchema = z.object({
  id: z.number().int(),
  mailing_id: z.string(),
  source_row: z.number().int(),
  mailing_created_at: z.number(),
  source_file: z.string(),
  recipient_label: z.string(),
  state: documentStateSchema,
  external_document_uuid: z.string().nullable(),
  document_binder_uuid: z.string().nullable(),
  doc_box_status: docBoxStatusSchema.nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
});

export function emptyCounts(): StateCounts {
  const c = {} as StateCounts;
  for (const s of DOCUMENT_STATES) c[s] = 0;
  for (const s of DOC_BOX_STATUSES) c[s] = 0;
  return c;
}

export function createMailingQueries(db: Db, now: () => number = Date.now) {
  const timelineOf = createTimelineReader(db);
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

  function beginImport(
    m: Omit<NewMailing, 'documents' | 'report'>,
    storeOffThread?: (mailingId: string, rows: DocumentRows, at: number, searchTerms: SearchTermsStep) => Promise<void>,
  ): MailingImport {
    const t = now();
    const id = insertMailing({ ...m, report: null, complete: false }, t);
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
      async complete(report) {
        await settleAll();
        db.prepare('UPDATE mailings SET report_json = ?, import_complete = 1 WHERE id = ?').run(JSON.stringify(report), id);
        return id;
      },
      async discard() {
        pending = emptyDocumentRows();
        // The writer forgets the terms it still buffers for this list (steps run in order: after the others).
        if (storeOffThread) inFlight.push(storeOffThread(id, emptyDocumentRows(), t, 'drop'));
        await Promise.allSettled(inFlight.splice(0));
        // Bounded deletes as well; until the mailing row goes, a crash here is cleaned up at the next start.
        while (deleteDocumentsOf(id, STORE_BATCH) > 0) await yieldToEventLoop();
        db.prepare('DELETE FROM mailings WHERE id = ? AND import_complete = 0').run(id);
      },
    };
  }

  /** Stores a whole list at once (tests, and callers that already hold every document). */
  async function createMailing(m: NewMailing): Promise<string> {
    const { documents, report, ...head } = m;
    const writer = beginImport(head);
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

  /**
   * Counts by state and, for accepted documents, by gateway status — with when the mailing was last checked and
   * when it is checked next: the accepted rows are read for their status anyway, so max/min over them costs
   * nothing more (documents_by_mailing_state, then each row once).
   */
  function countsAndChecks(mailingId?: string): { counts: StateCounts; lastCheckedAt: number | null; nextCheckAt: number | null } {
    const c = emptyCounts();
    const where = mailingId ? 'WHERE mailing_id = ?' : '';
    const args = mailingId ? [mailingId] : [];
    for (const r of stateCountRowsSchema.parse(db.prepare(`SELECT state, count(*) n FROM documents ${where} GROUP BY state`).all(...args))) c[r.state] = r.n;
    const where2 = mailingId ? `WHERE mailing_id = ? AND state = 'ACCEPTED'` : `WHERE state = 'ACCEPTED'`;
    let lastCheckedAt: number | null = null;
    let nextCheckAt: number | null = null;
    const rows = boxCountRowsSchema.parse(
      db.prepare(`SELECT coalesce(doc_box_status, 'SENT') s, count(*) n, max(last_polled_at) l, min(next_poll_at) x FROM documents ${where2} GROUP BY s`).all(...args),
    );
    for (const r of rows) {
      c[r.s] = r.n;
      if (r.l !== null) lastCheckedAt = Math.max(lastCheckedAt ?? 0, r.l);
      if (r.x !== null) nextCheckAt = Math.min(nextCheckAt ?? Number.MAX_SAFE_INTEGER, r.x);
    }
    return { counts: c, lastCheckedAt, nextCheckAt };
  }

  function counts(mailingId?: string): StateCounts {
    return countsAndChecks(mailingId).counts;
  }

  const mailingById = db.prepare(
    'SELECT id, name, profile, state, created_at, ext_prefix, defaults_json, report_json FROM mailings WHERE id = ? AND import_complete = 1',
  );
  function getMailing(id: string): MailingRow | undefined {
    return mailingRowSchema.optional().parse(mailingById.get(id));
  }

  function summary(id: string): MailingSummary | undefined {
    const m = getMailing(id);
    if (!m) return undefined;
    const { counts: c, lastCheckedAt, nextCheckAt } = countsAndChecks(id);
    const total = DOCUMENT_STATES.reduce((s, k) => s + c[k], 0);
    return { id: m.id, name: m.name, profile: m.profile, state: m.state, createdAt: m.created_at, total, counts: c, lastCheckedAt, nextCheckAt };
  }

  // Seeks documents_by_mailing_state per state; reads only the mailing's rows in those states.
  const errorGroups = db.prepare(
    `SELECT state, CASE state WHEN 'REJECTED' THEN error_code ELSE error_message END AS code, count(*) AS count
     FROM documents WHERE mailing_id = ? AND state IN ('REJECTED', 'UNKNOWN', 'ABANDONED')
     GROUP BY state, code ORDER BY count DESC, state, code`,
  );
  function errorSummary(mailingId: string): MailingErrorGroup[] {
    return z.array(mailingErrorGroupSchema).parse(errorGroups.all(mailingId));
  }

  function list(): MailingSummary[] {
    const ids = mailingIdRowsSchema.parse(db.prepare('SELECT id FROM mailings WHERE import_complete = 1 ORDER BY created_at DESC').all());
    return ids.map((r) => summary(r.id)).filter((s): s is MailingSummary => s !== undefined);
  }

  function setMailingState(id: string, state: MailingState): void {
    db.prepare('UPDATE mailings SET state = ?, updated_at = ? WHERE id = ?').run(state, now(), id);
  }

  const documentIdOf = createDocumentRef(db);
  const linksOf = createDocumentLinks(db);
  const detailRow = db.prepare(
    `SELECT d.id, d.mailing_id, d.source_row, d.recipient_label, d.state, d.external_document_uuid, d.gateway_binder_uuid document_binder_uuid,
       d.doc_box_status, d.error_code, d.error_message, m.created_at mailing_created_at, m.source_file
     FROM documents d JOIN mailings m ON m.id = d.mailing_id WHERE d.id = ?`,
  );

  /** A document by an external id it was sent under or its binder uuid (document-ref.ts). */
  function documentDetail(ref: string): DocumentDetail | undefined {
    const id = documentIdOf(ref);
    return id === undefined ? undefined : documentDetailById(id);
  }

  function documentDetailById(id: number): DocumentDetail | undefined {
    const row = detailRowSchema.optional().parse(detailRow.get(id));
    if (!row) return undefined;
    // The import row heads the timeline; it is derived from the mailing rather than stored once per document.
    const imported = { at: row.mailing_created_at, kind: 'imported', data: { mailingId: row.mailing_id, sourceFile: row.source_file, row: row.source_row } };
    const timeline = [imported, ...timelineOf(row.id)];
    return {
      id: row.id,
      mailingId: row.mailing_id,
      sourceRow: row.source_row,
      recipient: row.recipient_label,
      state: row.state,
      externalDocumentUuid: row.external_document_uuid,
      documentBinderUuid: row.document_binder_uuid,
      docBoxStatus: row.doc_box_status,
      errorCode: row.error_code,
      errorMessage: row.error_message,
      timeline,
      ...linksOf(row.id),
    };
  }

  function idsInState(mailingId: string, state: string): number[] {
    return idRowsSchema.parse(db.prepare('SELECT id FROM documents WHERE mailing_id = ? AND state = ? ORDER BY id').all(mailingId, state)).map((r) => r.id);
  }

  return {
    createMailing,
    insertMailing,
    beginImport,
    discardIncompleteImports,
    counts,
    summary,
    errorSummary,
    list,
    getMailing,
    setMailingState,
    documentIdOf,
    documentDetail,
    documentDetailById,
    idsInState,
  };
}
export type MailingQueries = ReturnType<typeof createMailingQueries>;
