// A bulk send's claim is its attempt row alone (migration 17, issue 16): the attempt is open (outcome NULL) from the
// claim until its answer, and its document stays QUEUED meanwhile, changing state once, at the answer (journal.ts).
// What a reader shows is unchanged: a QUEUED document with an open attempt is IN_FLIGHT, under the open attempt's
// external id and number. A database written before keeps documents in state IN_FLIGHT (with their attempt open
// too); both layouts read the same through these fragments — the one place that knows the rule.

/** Ids of the documents with an open attempt: read from attempts_open alone (at most a few hundred entries). */
export const OPEN_ATTEMPT_DOCUMENT_IDS = 'SELECT document_id FROM attempts WHERE outcome IS NULL';

/** Joins documents `doc` to their open attempt as `open` (NULL columns when none): one seek in attempts_open. */
export const openAttemptJoinSql = (doc: string, open: string): string =>
  `LEFT JOIN attempts ${open} ON ${open}.document_id = ${doc}.id AND ${open}.outcome IS NULL`;

const sentNow = (doc: string, open: string): string => `${doc}.state = 'QUEUED' AND ${open}.document_id IS NOT NULL`;

/** A document's state, external id, attempt number and state time as readers show them (with openAttemptJoinSql). */
export const shownDocumentSql = (doc: string, open: string) => ({
  state: `CASE WHEN ${sentNow(doc, open)} THEN 'IN_FLIGHT' ELSE ${doc}.state END`,
  stateAt: `CASE WHEN ${sentNow(doc, open)} THEN ${open}.created_at ELSE ${doc}.state_at END`,
  externalDocumentUuid: `CASE WHEN ${sentNow(doc, open)} THEN ${open}.external_document_uuid ELSE ${doc}.external_document_uuid END`,
  attemptNo: `CASE WHEN ${sentNow(doc, open)} THEN ${open}.attempt_no ELSE ${doc}.attempt_no END`,
});

/**
 * QUEUED documents (of the mailing bound as the statement's only parameter, or all) whose attempt is open: the
 * counts show them IN_FLIGHT instead of QUEUED. CROSS JOIN keeps the open attempts the outer loop: SQLite would
 * otherwise walk every QUEUED document of the mailing (100,000 at a send's start) and probe attempts for each.
 */
export const queuedInFlightCountSql = (ofMailing: boolean): string =>
  `SELECT count(*) n FROM attempts a CROSS JOIN documents d ON d.id = a.document_id
   WHERE a.outcome IS NULL AND d.state = 'QUEUED'${ofMailing ? ' AND d.mailing_id = ?' : ''}`;

/** A QUEUED document no request carries now: what a send may pick and a cancel may cancel. */
export const unsentQueuedSql = (doc: string): string => `${doc}.state = 'QUEUED' AND ${doc}.id NOT IN (${OPEN_ATTEMPT_DOCUMENT_IDS})`;

/**
 * Ids of the documents in flight in either layout (state IN_FLIGHT, or an open attempt; an older version's IN_FLIGHT
 * document is listed twice). A filter `id IN (…)` over them is answered by rowid seeks, within a mailing too.
 */
export const IN_FLIGHT_DOCUMENT_IDS = `SELECT id FROM documents WHERE state = 'IN_FLIGHT' UNION ALL ${OPEN_ATTEMPT_DOCUMENT_IDS}`;
