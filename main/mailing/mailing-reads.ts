// What the faces read of mailings: counts keyed by state name, summaries, the list, error groups and one document
// with its timeline. Only SELECTs: the backend runs these on its read-only connection (main/reads/), the journal
// on its own (mailing-queries.ts), so one query serves both.
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { countRowSchema, parseRows } from '../store/row-shapes.ts';
import { DOC_BOX_STATUSES, docBoxStatusSchema } from '../../shared/domain/edoc.ts';
import {
  DOCUMENT_STATES,
  documentStateSchema,
  mailingErrorGroupSchema,
  mailingStateSchema,
  type DocumentDetail,
  type MailingErrorGroup,
  type MailingSummary,
  type StateCounts,
} from '../../shared/domain/mailing.ts';
import { heldBoxStatusSql } from './box-status-sql.ts';
import { openAttemptJoinSql, queuedInFlightCountSql, shownDocumentSql, unsentQueuedSql } from './open-attempt-sql.ts';
import { createDocumentLinks } from './document-links.ts';
import { createDocumentRef } from './document-ref.ts';
import { createTimelineReader } from './document-timeline.ts';

const mailingErrorGroupsSchema = z.array(mailingErrorGroupSchema);

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
export type MailingRow = z.infer<typeof mailingRowSchema>;
const optionalMailingRowSchema = mailingRowSchema.optional();
const mailingIdRowsSchema = z.array(z.object({ id: z.string() }));
const stateCountRowsSchema = z.array(z.object({ state: documentStateSchema, n: z.number().int() }));
const boxCountRowsSchema = z.array(z.object({ s: docBoxStatusSchema, n: z.number().int(), l: z.number().nullable(), x: z.number().nullable() }));
const detailRowSchema = z
  .object({
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
  })
  .optional();

export function emptyCounts(): StateCounts {
  const c = {} as StateCounts;
  for (const s of DOCUMENT_STATES) c[s] = 0;
  for (const s of DOC_BOX_STATUSES) c[s] = 0;
  return c;
}

export function createMailingReads(db: Db) {
  const timelineOf = createTimelineReader(db);
  const documentIdOf = createDocumentRef(db);
  const linksOf = createDocumentLinks(db);

  // QUEUED documents whose attempt is open are shown IN_FLIGHT (open-attempt-sql.ts).
  const queuedInFlightOf = db.prepare(queuedInFlightCountSql(true));
  const queuedInFlightAll = db.prepare(queuedInFlightCountSql(false));

  /**
   * Counts by state and, for accepted documents, by gateway status — with when the mailing was last checked and
   * when it is checked next: the accepted rows are read for their status anyway, so max/min over them costs
   * nothing more (documents_by_mailing_state, then each row once).
   */
  function countsAndChecks(mailingId?: string): { counts: StateCounts; lastCheckedAt: number | null; nextCheckAt: number | null } {
    const c = emptyCounts();
    const where = mailingId ? 'WHERE mailing_id = ?' : '';
    const args = mailingId ? [mailingId] : [];
    for (const r of parseRows(stateCountRowsSchema, db.prepare(`SELECT state, count(*) n FROM documents ${where} GROUP BY state`).all(...args), 'documents')) c[r.state] = r.n;
    const claimed = parseRows(countRowSchema, (mailingId ? queuedInFlightOf : queuedInFlightAll).get(...args), 'attempts').n;
    c.QUEUED -= claimed;
    c.IN_FLIGHT += claimed;
    const where2 = mailingId ? `WHERE mailing_id = ? AND state = 'ACCEPTED'` : `WHERE state = 'ACCEPTED'`;
    let lastCheckedAt: number | null = null;
    let nextCheckAt: number | null = null;
    const rows = parseRows(
      boxCountRowsSchema,
      db.prepare(`SELECT coalesce(doc_box_status, 'SENT') s, count(*) n, max(last_polled_at) l, min(next_poll_at) x FROM documents ${where2} GROUP BY s`).all(...args),
      'documents',
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
    return parseRows(optionalMailingRowSchema, mailingById.get(id), 'mailings');
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
    return parseRows(mailingErrorGroupsSchema, errorGroups.all(mailingId), 'documents');
  }

  const completeMailingIds = db.prepare('SELECT id FROM mailings WHERE import_complete = 1 ORDER BY created_at DESC');
  function list(): MailingSummary[] {
    const ids = parseRows(mailingIdRowsSchema, completeMailingIds.all(), 'mailings');
    return ids.map((r) => summary(r.id)).filter((s): s is MailingSummary => s !== undefined);
  }

  const shown = shownDocumentSql('d', 'oa');
  const detailRow = db.prepare(
    `SELECT d.id, d.mailing_id, d.source_row, d.recipient_label, ${shown.state} state, ${shown.externalDocumentUuid} external_document_uuid,
       d.gateway_binder_uuid document_binder_uuid, ${heldBoxStatusSql('d')} doc_box_status, d.error_code, d.error_message,
       m.created_at mailing_created_at, m.source_file
     FROM documents d JOIN mailings m ON m.id = d.mailing_id ${openAttemptJoinSql('d', 'oa')} WHERE d.id = ?`,
  );

  /** A document by an external id it was sent under or its binder uuid (document-ref.ts). */
  function documentDetail(ref: string): DocumentDetail | undefined {
    const id = documentIdOf(ref);
    return id === undefined ? undefined : documentDetailById(id);
  }

  function documentDetailById(id: number): DocumentDetail | undefined {
    const row = parseRows(detailRowSchema, detailRow.get(id), 'documents');
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

  const acceptedInRange = db.prepare('SELECT count(*) n FROM documents WHERE accepted_at >= ? AND accepted_at < ?');
  /** Documents the gateway accepted in [from, to) (the pre-review's "planned today", seed 001 §2.1). */
  const acceptedBetween = (from: number, to: number): number => parseRows(countRowSchema, acceptedInRange.get(from, to), 'documents').n;

  const unsent = db.prepare(`SELECT count(*) n FROM documents d WHERE d.mailing_id = ? AND (d.state = 'DRAFT' OR ${unsentQueuedSql('d')})`);
  /** The mailing's documents a send would still send (DRAFT, QUEUED and in no request now). */
  const unsentCount = (mailingId: string): number => parseRows(countRowSchema, unsent.get(mailingId), 'documents').n;

  /** The defaults a mailing was imported with, as stored (undefined: no such mailing). */
  function defaults(mailingId: string): unknown {
    const m = getMailing(mailingId);
    return m === undefined ? undefined : (JSON.parse(m.defaults_json) as unknown);
  }

  const interrupted = db.prepare(
    `SELECT (SELECT count(*) FROM documents WHERE state = 'IN_FLIGHT') + (${queuedInFlightCountSql(false)}) + (SELECT count(*) FROM chunks WHERE state = 'IN_FLIGHT')
       + (SELECT count(*) FROM mailings WHERE state = 'SENDING') n`,
  );
  /**
   * Rows a start-up recovery would settle (documents in flight in either layout, IN_FLIGHT chunks, SENDING
   * mailings): what a close left behind.
   */
  const interruptedWork = (): number => parseRows(countRowSchema, interrupted.get(), 'documents').n;

  return {
    counts,
    getMailing,
    summary,
    errorSummary,
    list,
    documentIdOf,
    documentDetail,
    documentDetailById,
    timeline: timelineOf,
    links: linksOf,
    acceptedBetween,
    unsentCount,
    defaults,
    interruptedWork,
  };
}
export type MailingReads = ReturnType<typeof createMailingReads>;
