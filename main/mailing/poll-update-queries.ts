// A poll step's writes on the docdesk writer (poll-apply.ts), buffered while its answers are applied and written
// as multi-row statements (store/bulk-insert.ts bulkValues): one statement execution per up to 128 documents
// instead of one per document and statement — the per-call cost was ~2 µs of the writer per polled document
// (issue 16). Each statement's SQL per document is what it was one row at a time (see poll-apply.ts for why there
// are three updates), and the events keep their order. A flush may name a document once: UPDATE … FROM applies
// one VALUES row per target row, so the step's schema refuses a step that names a document twice.
import type { Db } from '../store/open-database.ts';
import { bulkInsert, bulkValues } from '../store/bulk-insert.ts';

export function createPollUpdateQueries(db: Db) {
  const from = (set: string) => (tuples: string) => `UPDATE documents SET ${set} FROM (VALUES ${tuples}) AS v WHERE documents.id = v.column1`;
  // v: id, status, sent, received, read (UTC ms or NULL), answered at, next poll.
  const update = bulkValues(
    db,
    from(`doc_box_status = v.column2, sent_at = coalesce(v.column3, sent_at), received_at = coalesce(v.column4, received_at),
      read_at = coalesce(v.column5, read_at), last_polled_at = v.column6, next_poll_at = v.column7, status_seen_at = coalesce(status_seen_at, v.column6)`),
    7,
  );
  // v: id, sent, received, answered at, next poll.
  const reschedule = bulkValues(
    db,
    from(`sent_at = coalesce(v.column2, sent_at), received_at = coalesce(v.column3, received_at), last_polled_at = v.column4, next_poll_at = v.column5,
      status_seen_at = coalesce(status_seen_at, v.column4)`),
    5,
  );
  // v: id, polled at, next poll.
  const touch = bulkValues(db, from('last_polled_at = v.column2, next_poll_at = v.column3'), 3);
  const insertEvents = bulkInsert(db, 'INSERT INTO document_events (document_id, at, kind, data_json) VALUES', 4);

  let updates: unknown[] = [];
  let reschedules: unknown[] = [];
  let touches: unknown[] = [];
  let events: unknown[] = [];
  const take = (): unknown[][] => {
    const all = [updates, reschedules, touches, events];
    updates = [];
    reschedules = [];
    touches = [];
    events = [];
    return all;
  };

  return {
    /** The status, the gateway's times, the schedule: names doc_box_status and read_at (their indexes move). */
    update(id: number, status: string, sentAt: number | null, receivedAt: number | null, readAt: number | null, at: number, nextPoll: number | null): void {
      updates.push(id, status, sentAt, receivedAt, readAt, at, nextPoll);
    },
    /** The unindexed times and the schedule only. */
    reschedule(id: number, sentAt: number | null, receivedAt: number | null, at: number, nextPoll: number | null): void {
      reschedules.push(id, sentAt, receivedAt, at, nextPoll);
    },
    /** The schedule only (no status answered). */
    touch(id: number, at: number, nextPoll: number): void {
      touches.push(id, at, nextPoll);
    },
    /** A document_events row, as journal.ts event() writes it. */
    event(id: number, kind: string, data: Record<string, unknown>, at: number): void {
      events.push(id, at, kind, JSON.stringify(data));
    },
    /** Writes what was buffered (inside the caller's transaction). */
    flush(): void {
      const [u = [], r = [], t = [], e = []] = take();
      update(u);
      reschedule(r);
      touch(t);
      insertEvents(e);
    },
    /** Forgets what was buffered (a step that failed: its savepoint rolls back). */
    discard: (): void => void take(),
  };
}
export type PollUpdateQueries = ReturnType<typeof createPollUpdateQueries>;
