// Turns a grid filter into a SQL WHERE clause with named parameters. Every value is a bound parameter; column
// names come from a fixed whitelist, never from the input (DESIGN §12).
import type { DocumentsFilter } from '../../shared/domain/documents-query.ts';
import type { DocumentState } from '../../shared/domain/mailing.ts';
import { documentIdsByBinderSql } from '../mailing/binder-index.ts';
import { IN_FLIGHT_DOCUMENT_IDS, OPEN_ATTEMPT_DOCUMENT_IDS } from '../mailing/open-attempt-sql.ts';
import { SEARCH_KIND } from '../mailing/search-terms.ts';

/** Upper bound of a prefix range: every string starting with p sorts below p + U+10FFFF. */
const PREFIX_END = '\u{10FFFF}';

export interface WhereClause {
  sql: string;
  params: Record<string, string | number>;
}

/**
 * Search terms, by shape (reference: grid search in issue 3 §3):
 * - digits (dashes/spaces ignored): 4 digits = last 4 of the phone, otherwise a phone prefix;
 * - anything else: name prefix (NFC), external document id prefix (upper-cased: our ids are Crockford base32),
 *   binder uuid prefix as typed, or an exact external id of an earlier attempt (attempts table).
 * Each alternative is a range on a primary key or index (names and phones: document_search, migration 9), so
 * SQLite answers with index seeks.
 */
function searchClause(raw: string, params: WhereClause['params']): string | null {
  const term = raw.normalize('NFC').trim();
  if (!term) return null;
  const digits = term.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits)) {
    params.phone = SEARCH_KIND.phone + digits;
    params.phoneEnd = SEARCH_KIND.phone + digits + PREFIX_END;
    if (digits.length === 4) {
      params.last4 = SEARCH_KIND.phoneLast4 + digits;
      return 'd.id IN (SELECT document_id FROM document_search WHERE term = @last4 OR (term >= @phone AND term < @phoneEnd))';
    }
    return 'd.id IN (SELECT document_id FROM document_search WHERE term >= @phone AND term < @phoneEnd)';
  }
  params.q = term;
  params.qEnd = term + PREFIX_END;
  params.name = SEARCH_KIND.name + term;
  params.nameEnd = SEARCH_KIND.name + term + PREFIX_END;
  params.qUpper = term.toUpperCase();
  params.qUpperEnd = term.toUpperCase() + PREFIX_END;
  return `(
    d.id IN (SELECT document_id FROM document_search WHERE term >= @name AND term < @nameEnd)
    OR d.id IN (${documentIdsByBinderSql({ from: 'q', to: 'qEnd' })})
    OR d.id IN (SELECT a.document_id FROM attempts a WHERE a.external_document_uuid >= @qUpper AND a.external_document_uuid < @qUpperEnd)
  )`;
}

/**
 * Our states as readers show them (open-attempt-sql.ts): a QUEUED document with an open attempt is IN_FLIGHT. Only
 * a filter that takes one of QUEUED and IN_FLIGHT without the other needs the open attempts (a few hundred ids);
 * each form keeps an index on state or rowid usable.
 */
function statesClause(states: readonly DocumentState[], params: WhereClause['params']): string {
  const inFlightOnly = states.includes('IN_FLIGHT') && !states.includes('QUEUED');
  const queuedOnly = states.includes('QUEUED') && !states.includes('IN_FLIGHT');
  const stored = inFlightOnly ? states.filter((s) => s !== 'IN_FLIGHT') : states;
  const names = stored.map((s, i) => {
    params[`st${i}`] = s;
    return `@st${i}`;
  });
  const inState = `d.state IN (${names.join(', ')})`;
  if (inFlightOnly) return names.length ? `(${inState} OR d.id IN (${IN_FLIGHT_DOCUMENT_IDS}))` : `d.id IN (${IN_FLIGHT_DOCUMENT_IDS})`;
  if (queuedOnly) return `${inState} AND NOT (d.state = 'QUEUED' AND d.id IN (${OPEN_ATTEMPT_DOCUMENT_IDS}))`;
  return inState;
}

/**
 * `storedBox`: test the stored doc_box_status instead of grid_box (equal for every status but SENT, since only
 * accepted documents ever get a gateway status), so an index holding doc_box_status can decide the filter.
 */
export function whereClause(f: DocumentsFilter, options: { storedBox?: boolean } = {}): WhereClause {
  const terms: string[] = [];
  const params: WhereClause['params'] = {};
  if (f.mailingId) {
    terms.push('d.mailing_id = @mailingId');
    params.mailingId = f.mailingId;
  }
  if (f.states?.length) terms.push(statesClause(f.states, params));
  if (f.docBoxStatuses?.length) {
    // grid_box (migration 4): the gateway status, with accepted-but-not-yet-polled documents counted as SENT.
    const named = f.docBoxStatuses.map((s, i) => {
      params[`bx${i}`] = s;
      return `@bx${i}`;
    });
    const stored = options.storedBox === true && !f.docBoxStatuses.includes('SENT');
    terms.push(`${stored ? 'd.doc_box_status' : 'd.grid_box'} IN (${named.join(', ')})`);
  }
  if (f.errorCode) {
    terms.push('d.error_code = @errorCode');
    params.errorCode = f.errorCode;
  }
  if (f.search) {
    const s = searchClause(f.search, params);
    if (s) terms.push(s);
  }
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** Whitelisted sort columns → SQL expressions. The id tiebreak makes every page order total and stable. */
export const SORT_SQL = {
  id: 'd.id',
  mailingId: 'd.mailing_id',
  sourceRow: 'd.source_row',
  state: 'd.state',
  stateAt: 'd.state_at',
  docBoxStatus: 'd.grid_box',
  errorCode: 'd.error_code',
  acceptedAt: 'd.accepted_at',
  readAt: 'd.read_at',
} as const;
