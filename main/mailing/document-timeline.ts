// A document's timeline (issue 3 drawer, `docdesk documents show`): the import row, then per attempt the
// request and its outcome — read from attempts + chunks, where the journal records them once — merged with the
// stored events (gateway status changes, operator decisions, anomalies) in time order. A corrected re-send
// (migration 11) shows on both documents: 'resentAs' on the original, 'resendOf' on the new one.
import { z } from 'zod';
import type { Db } from '../store/open-database.ts';
import { parseRows } from '../store/row-shapes.ts';
import type { TimelineEvent } from '../../shared/domain/mailing.ts';
import { createDocumentLinks, type DocumentLinks } from './document-links.ts';


/** Kinds that before schema 6 were stored per document per send step; now derived from attempts. */
const DERIVED_KINDS = new Set(['chunk.sending', 'accepted', 'rejected', 'requeued', 'unknown']);

const attemptRowSchema = z.object({
  ext: z.string(),
  attempt_no: z.number().int(),
  chunk_id: z.string(),
  created_at: z.number(),
  outcome: z.enum(['ACCEPTED', 'REJECTED', 'RETRY', 'NOT_SENT', 'UNKNOWN']).nullable(),
  binder: z.string().nullable(),
  error_code: z.string().nullable(),
  detail: z.string().nullable(),
  finished_at: z.number().nullable(),
});
type AttemptRow = z.infer<typeof attemptRowSchema>;
const attemptRowsSchema = z.array(attemptRowSchema);

const eventRowsSchema = z.array(z.object({ at: z.number(), kind: z.string(), data_json: z.string() }));
/** An event's data is an object of the journal's own making (journal.ts event()). */
const eventDataSchema = z.record(z.string(), z.unknown());

function outcomeEvent(a: AttemptRow, legacyReason: unknown): TimelineEvent | null {
  if (a.outcome === null) return null;
  const at = a.finished_at ?? a.created_at;
  const base = { chunkId: a.chunk_id, externalDocumentUuid: a.ext };
  // Rows written before schema 6 have no detail; the reason then comes from the event stored at the time.
  const reason = a.detail ?? legacyReason ?? null;
  switch (a.outcome) {
    case 'ACCEPTED':
      return { at, kind: 'accepted', data: { ...base, documentBinderUuid: a.binder } };
    case 'REJECTED':
      return { at, kind: 'rejected', data: { ...base, errorCode: a.error_code, errorMessage: reason } };
    case 'RETRY':
      return { at, kind: 'requeued', data: { ...base, reason: a.error_code, message: reason } };
    case 'NOT_SENT':
      return { at, kind: 'requeued', data: { ...base, reason } };
    case 'UNKNOWN':
      return { at, kind: 'unknown', data: { ...base, reason } };
  }
}

function linkEvents(links: DocumentLinks): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  for (const [kind, link] of [['resentAs', links.resentAs], ['resendOf', links.resendOf]] as const) {
    if (link) out.push({ at: link.at, kind, data: { externalDocumentUuid: link.externalDocumentUuid, documentId: link.documentId, mailingId: link.mailingId } });
  }
  return out;
}

export function createTimelineReader(db: Db) {
  const linksOf = createDocumentLinks(db);
  const attempts = db.prepare(
    `SELECT a.external_document_uuid ext, a.attempt_no, a.chunk_id, a.created_at, a.outcome, a.document_binder_uuid binder,
            a.error_code, a.detail, c.finished_at
     FROM attempts a JOIN chunks c ON c.id = a.chunk_id WHERE a.document_id = ? ORDER BY a.attempt_no`,
  );
  const events = db.prepare('SELECT at, kind, data_json FROM document_events WHERE document_id = ? ORDER BY id');

  return function timeline(documentId: number): TimelineEvent[] {
    const stored: TimelineEvent[] = [];
    const legacyReason = new Map<string, unknown>();
    for (const e of parseRows(eventRowsSchema, events.all(documentId), 'document_events')) {
      const data = parseRows(eventDataSchema, JSON.parse(e.data_json), 'document_events', 'data_json');
      if (DERIVED_KINDS.has(e.kind)) {
        const ext = data['externalDocumentUuid'];
        if (typeof ext === 'string' && e.kind !== 'chunk.sending') legacyReason.set(ext, data['reason'] ?? data['errorMessage']);
        continue;
      }
      stored.push({ at: e.at, kind: e.kind, data });
    }
    const derived: TimelineEvent[] = [];
    for (const a of parseRows(attemptRowsSchema, attempts.all(documentId), 'attempts')) {
      derived.push({ at: a.created_at, kind: 'chunk.sending', data: { chunkId: a.chunk_id, externalDocumentUuid: a.ext, attempt: a.attempt_no } });
      const outcome = outcomeEvent(a, legacyReason.get(a.ext));
      if (outcome) derived.push(outcome);
    }
    // Stable: at equal times a send step comes before what followed from it (a status, an operator decision).
    return [...derived, ...stored, ...linkEvents(linksOf(documentId))].sort((x, y) => x.at - y.at);
  };
}
