// The status grid's page query (issue 3 §3): filter, search, sort and page 500,000 documents in SQLite and return
// one page with masked personal data. Two steps: the page's ids come from an index walk (narrow entries, so a
// deep offset stays cheap), then only those rows are read from the wide documents table.
import { z } from 'zod';
import { createDbVersion } from '../store/db-version.ts';
import { countRowSchema, integersSchema, parseRows } from '../store/row-shapes.ts';
import type { CountThread } from './count-thread.ts';
import {
  documentRowSchema,
  documentsQueryInputSchema,
  type DocumentRow,
  type DocumentsFilter,
  type DocumentsPage,
  type DocumentsQueryInput,
} from '../../shared/domain/documents-query.ts';
import type { Db } from '../store/open-database.ts';
import { SORT_SQL, whereClause } from './filter-sql.ts';
import { openAttemptJoinSql, shownDocumentSql } from '../mailing/open-attempt-sql.ts';

// The page's rows are selected under the contract's own names and parsed with its row schema: one copy per row,
// where a cast and then a mapping object made two (the parse replaced that copy; measured in the grid benchmark).
// recipient_label is written masked at import (mailing-queries.ts): the full name/phone/CI never leave here.
// Accepted but not yet polled: the gateway's first status is SENT (same rule as the mailing counts).
// A document a request carries now shows IN_FLIGHT under that attempt (open-attempt-sql.ts).
const shown = shownDocumentSql('d', 'oa');
const ROW_COLUMNS = `d.id, d.mailing_id AS mailingId, coalesce(m.name, '') AS mailingName, d.source_row AS sourceRow,
  d.recipient_label AS recipient, ${shown.state} AS state, ${shown.stateAt} AS stateAt,
  coalesce(d.doc_box_status, CASE WHEN d.state = 'ACCEPTED' THEN 'SENT' END) AS docBoxStatus,
  d.error_code AS errorCode, d.error_message AS errorMessage, ${shown.externalDocumentUuid} AS externalDocumentUuid,
  d.gateway_binder_uuid AS documentBinderUuid, d.accepted_at AS acceptedAt, d.read_at AS readAt, ${shown.attemptNo} AS attemptNo`;
const ROW_SOURCE = `documents d LEFT JOIN mailings m ON m.id = d.mailing_id ${openAttemptJoinSql('d', 'oa')}`;
const documentRowsSchema = z.array(documentRowSchema);

/**
 * The migration-4 index behind each sort column and the quick-filter columns it carries. `storedBox`: the index
 * holds doc_box_status rather than grid_box, so it can serve a gateway-status filter without SENT (SENT also
 * means "accepted, not yet polled", which only grid_box knows).
 */
const SORT_INDEXES: Partial<Record<keyof typeof SORT_SQL, { index: string; covers: readonly (keyof DocumentsFilter)[]; storedBox?: boolean }>> = {
  state: { index: 'documents_grid_state', covers: ['states', 'docBoxStatuses', 'mailingId'] },
  docBoxStatus: { index: 'documents_grid_box', covers: ['states', 'docBoxStatuses', 'mailingId'] },
  stateAt: { index: 'documents_grid_state_at', covers: ['states', 'docBoxStatuses', 'mailingId'] },
  acceptedAt: { index: 'documents_grid_accepted_at', covers: ['docBoxStatuses', 'mailingId'], storedBox: true },
  readAt: { index: 'documents_grid_read_at', covers: ['docBoxStatuses', 'mailingId'], storedBox: true },
  errorCode: { index: 'documents_grid_error', covers: ['errorCode', 'mailingId'] },
  sourceRow: { index: 'documents_grid_source_row', covers: ['mailingId'] },
};

/** Below this many matches, sorting them is cheaper than walking a whole sort index. */
const WALK_SORT_INDEX_ABOVE = 20_000;

/**
 * SQLite (without ANALYZE statistics) prefers an index that matches a filter, then sorts every match with a read of
 * the wide table row each — seconds for 300,000 matches. When the filter is broad and every filter column is
 * carried by the sort column's index, walking that index in order is bounded by the offset instead.
 */
function sortIndexHint(sort: keyof typeof SORT_SQL, filter: DocumentsFilter, total: number): { sql: string; storedBox: boolean } {
  const none = { sql: '', storedBox: false };
  const entry = SORT_INDEXES[sort];
  if (!entry || filter.search || total <= WALK_SORT_INDEX_ABOVE) return none;
  const active = (Object.keys(filter) as (keyof DocumentsFilter)[]).filter((k) => {
    const v = filter[k];
    return Array.isArray(v) ? v.length > 0 : v !== undefined && v !== '';
  });
  if (active.length === 0) return none;
  if (entry.storedBox && filter.docBoxStatuses?.includes('SENT')) return none;
  if (!active.every((k) => entry.covers.includes(k))) return none;
  return { sql: `INDEXED BY ${entry.index}`, storedBox: entry.storedBox ?? false };
}

/** When a total counts as expensive, and how long such a total is reused while the database changes. */
export type TotalReuse = { expensiveTotalMs: number; maxAgeMs: number };

/**
 * `counter`: recounts expensive totals off the main thread (count-thread.ts); without it they are recounted
 * here. `reuse`: the default except in tests, which cannot make a count slow on purpose.
 */
export function createDocumentQueries(db: Db, counter?: Pick<CountThread, 'count'>, reuse: TotalReuse = { expensiveTotalMs: 20, maxAgeMs: 5_000 }) {
  const statementCache = new Map<string, ReturnType<Db['prepare']>>();
  function stmt(sql: string) {
    let s = statementCache.get(sql);
    if (!s) {
      s = db.prepare(sql);
      if (statementCache.size > 200) statementCache.clear();
      statementCache.set(sql, s);
    }
    return s;
  }

  // Totals are cached per filter until the database changes: scrolling asks for the same total on every page,
  // and a count over 500,000 rows costs more than the page itself. data_version moves on commits by other
  // connections, total_changes() on ours. While the database keeps changing (the status tracker commits every
  // few hundred ms), an expensive total is reused for up to EXPENSIVE_TOTAL_MAX_AGE_MS: recounting 500,000 rows
  // on every page held the main thread for 100–400 ms per page (tracker benchmark). A cheap total is always fresh.
  // Once that age is reached, the page still answers with the reused total and the recount runs on the count
  // thread: done here, it stalled the event loop every 5 s per view (60–400 ms at 500,000 documents while the
  // tracker committed, tracker benchmark CPU profile).
  const EXPENSIVE_TOTAL_MS = reuse.expensiveTotalMs;
  const EXPENSIVE_TOTAL_MAX_AGE_MS = reuse.maxAgeMs;
  type Total = { version: string; total: number; at: number; expensive: boolean; recounting: boolean };
  const totalCache = new Map<string, Total>();
  const dbVersion = createDbVersion(db);

  function recountOffThread(key: string, filter: DocumentsFilter, hit: Total, version: string, c: Pick<CountThread, 'count'>): void {
    hit.recounting = true;
    c.count(filter).then(
      (r) => {
        // A total counted after `version` is at least as fresh as that version; a newer change is caught by the
        // next recount. It leaves the thread only when it is far below the line: a count's time varies several
        // times over with the writers' commits, and one that swings back to the main thread stalls it again.
        const expensive = r.ms >= EXPENSIVE_TOTAL_MS / 4;
        if (totalCache.get(key) === hit) totalCache.set(key, { version, total: r.total, at: performance.now(), expensive, recounting: false });
      },
      () => {
        // The reused total stays; the next page after the age tries again (on the thread, or here if it is gone).
        hit.recounting = false;
        hit.at = performance.now();
      },
    );
  }

  function count(filter: DocumentsFilter): number {
    const key = JSON.stringify(filter);
    const version = dbVersion();
    const hit = totalCache.get(key);
    const t0 = performance.now();
    if (hit && (hit.version === version || (hit.expensive && (hit.recounting || t0 - hit.at < EXPENSIVE_TOTAL_MAX_AGE_MS)))) return hit.total;
    if (hit && hit.expensive && counter) {
      recountOffThread(key, filter, hit, version, counter);
      return hit.total;
    }
    const w = whereClause(filter);
    const total = parseRows(countRowSchema, stmt(`SELECT count(*) AS n FROM documents d ${w.sql}`).get(w.params), 'documents').n;
    if (totalCache.size > 100) totalCache.clear();
    const t1 = performance.now();
    totalCache.set(key, { version, total, at: t1, expensive: t1 - t0 >= EXPENSIVE_TOTAL_MS, recounting: false });
    return total;
  }

  function orderBy(sort: keyof typeof SORT_SQL, direction: 'asc' | 'desc'): string {
    const dir = direction === 'desc' ? 'DESC' : 'ASC';
    return sort === 'id' ? `ORDER BY d.id ${dir}` : `ORDER BY ${SORT_SQL[sort]} ${dir}, d.id ${dir}`;
  }

  /** One page of the grid. Input is parsed here too, so the backend is safe whichever face calls it. */
  function query(raw: DocumentsQueryInput): DocumentsPage {
    const input = documentsQueryInputSchema.parse(raw);
    const { sort, direction, offset, limit, ...filter } = input;
    const order = orderBy(sort, direction);
    const total = count(filter);
    const hint = sortIndexHint(sort, filter, total);
    const w = whereClause(filter, { storedBox: hint.storedBox });
    const ids = parseRows(integersSchema, stmt(`SELECT d.id FROM documents d ${hint.sql} ${w.sql} ${order} LIMIT @limit OFFSET @offset`).pluck().all({ ...w.params, limit, offset }), 'documents');
    const rows: DocumentRow[] = [];
    if (ids.length > 0) {
      const byId = new Map<number, DocumentRow>();
      const fetch = stmt(`SELECT ${ROW_COLUMNS} FROM ${ROW_SOURCE} WHERE d.id IN (SELECT value FROM json_each(@ids))`);
      for (const r of parseRows(documentRowsSchema, fetch.all({ ids: JSON.stringify(ids) }), 'documents')) byId.set(r.id, r);
      for (const id of ids) {
        const r = byId.get(id);
        if (r) rows.push(r);
      }
    }
    return { total, rows };
  }

  /** Rows of a whole view, streamed in batches by one statement (for the export); `max` bounds the work. */
  function* iterate(raw: DocumentsQueryInput, max: number, batchSize = 5000): Generator<DocumentRow[]> {
    const input = documentsQueryInputSchema.parse({ ...raw, offset: 0, limit: 1 });
    const { sort, direction, offset: _o, limit: _l, ...filter } = input;
    const w = whereClause(filter);
    // A fresh statement: an iterating statement is busy until it finishes, so it must not be the cached one.
    const select = db.prepare(`SELECT ${ROW_COLUMNS} FROM ${ROW_SOURCE} ${w.sql} ${orderBy(sort, direction)} LIMIT @max`);
    let batch: unknown[] = [];
    for (const raw of select.iterate({ ...w.params, max })) {
      batch.push(raw);
      if (batch.length >= batchSize) {
        yield parseRows(documentRowsSchema, batch, 'documents');
        batch = [];
      }
    }
    if (batch.length) yield parseRows(documentRowsSchema, batch, 'documents');
  }

  return { query, count, iterate };
}
export type DocumentQueries = ReturnType<typeof createDocumentQueries>;
