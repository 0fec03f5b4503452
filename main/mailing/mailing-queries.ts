// Creating mailings and reading their state back (counts keyed by state name, timelines).
import { randomUUID } from 'node:crypto';
import type { Db } from '../store/open-database.ts';
import { DOC_BOX_STATUSES } from '../../shared/domain/edoc.ts';
import { DOCUMENT_STATES, type DocumentDetail, type MailingState, type MailingSummary, type StateCounts } from '../../shared/domain/mailing.ts';
import { maskCi, maskName, maskPhone } from '../../shared/domain/masking.ts';
import { newExternalPrefix } from './external-id.ts';
import type { DraftItem } from './types.ts';

export interface NewMailing {
  name: string;
  profile: string;
  sourceFile: string;
  defaults: unknown;
  report: unknown;
  documents: (DraftItem & { sourceRow: number })[];
}

function recipientKey(item: DraftItem): { key: string; label: string } {
  const r = item.receiver;
  if ('ci' in r) return { key: `ci:${r.ci}`, label: `CI ${maskCi(r.ci)}` };
  return { key: `p:${r.phone_number}:${r.name}:${r.birthday}`, label: `${maskName(r.name)} ${maskPhone(r.phone_number)}` };
}

export function emptyCounts(): StateCounts {
  const c = {} as StateCounts;
  for (const s of DOCUMENT_STATES) c[s] = 0;
  for (const s of DOC_BOX_STATUSES) c[s] = 0;
  return c;
}

export function createMailingQueries(db: Db, now: () => number = Date.now) {
  const insertDoc = db.prepare(
    `INSERT INTO documents (mailing_id, source_row, recipient_key, recipient_label, item_json, state, state_at, created_at)
     VALUES (?, ?, ?, ?, ?, 'DRAFT', ?, ?)`,
  );

  /** Rows per transaction while storing a list: small enough that the event loop is never blocked for long. */
  const STORE_BATCH = 2_000;

  /**
   * Stores an imported list as a new mailing, in bounded transactions with a yield between them (a 100,000-row
   * list must not freeze the backend while other mailings send). The mailing stays incomplete — invisible and
   * unsendable — until the last batch commits; discardIncompleteImports() removes one a crash left behind.
   */
  async function createMailing(m: NewMailing): Promise<string> {
    const id = `M-${randomUUID().slice(0, 8)}`;
    const t = now();
    db.prepare(
      `INSERT INTO mailings (id, name, ext_prefix, profile, source_file, defaults_json, report_json, state, created_at, updated_at, import_complete)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'IMPORTED', ?, ?, 0)`,
    ).run(id, m.name, newExternalPrefix(), m.profile, m.sourceFile, JSON.stringify(m.defaults), JSON.stringify(m.report), t, t);
    const storeBatch = db.transaction((rows: NewMailing['documents']) => {
      for (const d of rows) {
        const { sourceRow, ...item } = d;
        const { key, label } = recipientKey(item);
        insertDoc.run(id, sourceRow, key, label, JSON.stringify(item), t, t);
      }
    });
    for (let i = 0; i < m.documents.length; i += STORE_BATCH) {
      storeBatch(m.documents.slice(i, i + STORE_BATCH));
      await new Promise((r) => setImmediate(r));
    }
    db.prepare('UPDATE mailings SET import_complete = 1 WHERE id = ?').run(id);
    return id;
  }

  /** A list whose storing was cut short by a crash is removed whole: it was never visible, nothing was sent. */
  const discardIncompleteImports = db.transaction((): number => {
    const ids = (db.prepare('SELECT id FROM mailings WHERE import_complete = 0').all() as { id: string }[]).map((r) => r.id);
    for (const mid of ids) {
      db.prepare('DELETE FROM documents WHERE mailing_id = ?').run(mid);
      db.prepare('DELETE FROM mailings WHERE id = ?').run(mid);
    }
    return ids.length;
  });

  function counts(mailingId?: string): StateCounts {
    const c = emptyCounts();
    const where = mailingId ? 'WHERE mailing_id = ?' : '';
    const args = mailingId ? [mailingId] : [];
    for (const r of db.prepare(`SELECT state, count(*) n FROM documents ${where} GROUP BY state`).all(...args) as { state: keyof StateCounts; n: number }[]) c[r.state] = r.n;
    const where2 = mailingId ? `WHERE mailing_id = ? AND state = 'ACCEPTED'` : `WHERE state = 'ACCEPTED'`;
    for (const r of db.prepare(`SELECT coalesce(doc_box_status, 'SENT') s, count(*) n FROM documents ${where2} GROUP BY s`).all(...args) as { s: keyof StateCounts; n: number }[]) c[r.s] = r.n;
    return c;
  }

  function getMailing(id: string): { id: string; name: string; profile: string; state: MailingState; created_at: number; ext_prefix: string; defaults_json: string; report_json: string } | undefined {
    return db.prepare('SELECT * FROM mailings WHERE id = ? AND import_complete = 1').get(id) as ReturnType<typeof getMailing>;
  }

  function summary(id: string): MailingSummary | undefined {
    const m = getMailing(id);
    if (!m) return undefined;
    const c = counts(id);
    const total = DOCUMENT_STATES.reduce((s, k) => s + c[k], 0);
    return { id: m.id, name: m.name, profile: m.profile, state: m.state, createdAt: m.created_at, total, counts: c };
  }

  function list(): MailingSummary[] {
    const ids = db.prepare('SELECT id FROM mailings WHERE import_complete = 1 ORDER BY created_at DESC').all() as { id: string }[];
    return ids.map((r) => summary(r.id)).filter((s): s is MailingSummary => s !== undefined);
  }

  function setMailingState(id: string, state: MailingState): void {
    db.prepare('UPDATE mailings SET state = ?, updated_at = ? WHERE id = ?').run(state, now(), id);
  }

  function documentDetail(ref: string): DocumentDetail | undefined {
    const row = db
      .prepare(
        `SELECT d.*, m.created_at mailing_created_at, m.source_file FROM documents d JOIN mailings m ON m.id = d.mailing_id
         WHERE d.document_binder_uuid = @ref OR d.id = (SELECT document_id FROM attempts WHERE external_document_uuid = @ref)`,
      )
      .get({ ref }) as
      | { id: number; mailing_id: string; source_row: number; mailing_created_at: number; source_file: string; recipient_label: string; state: DocumentDetail['state']; external_document_uuid: string | null; document_binder_uuid: string | null; doc_box_status: DocumentDetail['docBoxStatus']; error_code: string | null; error_message: string | null }
      | undefined;
    if (!row) return undefined;
    // The import row heads the timeline; it is derived from the mailing rather than stored once per document.
    const imported = { at: row.mailing_created_at, kind: 'imported', data: { mailingId: row.mailing_id, sourceFile: row.source_file, row: row.source_row } };
    const events = (db.prepare('SELECT at, kind, data_json FROM document_events WHERE document_id = ? ORDER BY id').all(row.id) as { at: number; kind: string; data_json: string }[]).map(
      (e) => ({ at: e.at, kind: e.kind, data: JSON.parse(e.data_json) as Record<string, unknown> }),
    );
    const timeline = [imported, ...events];
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
    };
  }

  function idsInState(mailingId: string, state: string): number[] {
    return (db.prepare('SELECT id FROM documents WHERE mailing_id = ? AND state = ? ORDER BY id').all(mailingId, state) as { id: number }[]).map((r) => r.id);
  }

  return { createMailing, discardIncompleteImports, counts, summary, list, getMailing, setMailingState, documentDetail, idsInState };
}
export type MailingQueries = ReturnType<typeof createMailingQueries>;
