// Applies one bulk-status answer to its group of documents in one transaction (runs on the docdesk writer's
// connection, main/mailing/journal-steps.ts). Keeps the furthest state: a status that seems to go
// backwards is logged as an anomaly, never applied (reference §8).
import { gatewayEpochToMillis, type DocBoxStatus, type StatusData } from '../../shared/domain/edoc.ts';
import type { PollAnswer, PollAnswered, PolledRow } from '../../shared/domain/mailing-store.ts';
import type { Db } from '../store/open-database.ts';
import type { Journal } from './journal.ts';
import { isFinalStatus, nextPollAt, type PollSchedule } from './poll-schedule.ts';

export type { PollAnswer, PollAnswered, PolledRow } from '../../shared/domain/mailing-store.ts';

/** A failed call is retried after this long (the group is not hammered while the gateway is down). */
const RETRY_AFTER_FAILED_CALL_MS = 30_000;
const RANK: Record<DocBoxStatus, number> = { SENT: 0, RECEIVED: 1, READ: 2, EXPIRED: 2 };

export function createPollApplier(db: Db, journal: Journal) {
  // The gateway's status object is kept by the 'status' event of a change and by the exchange's audit record;
  // documents.status_json (migration 1) is no longer written: nothing read it, and each poll rewrote it.
  const update = db.prepare(
    `UPDATE documents SET doc_box_status = ?, sent_at = coalesce(?, sent_at), received_at = coalesce(?, received_at),
     read_at = coalesce(?, read_at), last_polled_at = ?, next_poll_at = ?, status_seen_at = coalesce(status_seen_at, ?) WHERE id = ?`,
  );
  // A status that did not change (most answers once a document is SENT or RECEIVED) updates only what it can change:
  // the unindexed send and receive times and the schedule. SQLite moves the entries of every index on a column the
  // SET names, also when the value stays the same: doc_box_status is in five grid indexes (directly or through
  // grid_box, migration 4) and read_at in one, so naming them cost five index moves per document for nothing.
  // The first answer that only confirms SENT (migration 13) goes this way too: doc_box_status stays NULL and
  // status_seen_at records the answer (box-status-sql.ts), so its five grid index entries do not move either.
  const reschedule = db.prepare(
    `UPDATE documents SET sent_at = coalesce(?, sent_at), received_at = coalesce(?, received_at), last_polled_at = ?, next_poll_at = ?,
     status_seen_at = coalesce(status_seen_at, ?) WHERE id = ?`,
  );
  const touch = db.prepare('UPDATE documents SET last_polled_at = ?, next_poll_at = ? WHERE id = ?');
  const ms = (v: number | undefined): number | null => (v === undefined ? null : gatewayEpochToMillis(v).ms);

  function applyStatus(row: PolledRow, data: StatusData, t: number, schedule: PollSchedule): boolean {
    const incoming = data.doc_box_status;
    const current = row.s;
    let next: DocBoxStatus = incoming;
    if (current && (isFinalStatus(current) || RANK[incoming] < RANK[current])) {
      if (incoming !== current) journal.event(row.id, 'status.anomaly', { kept: current, received: incoming }, t);
      next = current;
    }
    const nextPoll = isFinalStatus(next) ? null : nextPollAt(t, row.accepted_at, schedule);
    // `current` is the status held (poll-reads.ts reads it through heldBoxStatusSql): NULL only before any answer.
    const confirmsSent = current === null && next === 'SENT';
    if ((next === current || confirmsSent) && data.doc_box_read_at === undefined) {
      reschedule.run(ms(data.doc_box_sent_at), ms(data.doc_box_received_at), t, nextPoll, t, row.id);
    } else {
      update.run(next, ms(data.doc_box_sent_at), ms(data.doc_box_received_at), ms(data.doc_box_read_at), t, nextPoll, t, row.id);
    }
    if (next === current) return false;
    journal.event(row.id, 'status', { from: current, to: next, raw: data }, t);
    if (data.token_used_at !== undefined && next !== 'READ') journal.event(row.id, 'evidence.gap', { reason: 'token_used_at without READ' }, t);
    return true;
  }

  /** Call inside a journal transaction. */
  function applyGroup(group: PolledRow[], answer: PollAnswer, t: number, schedule: PollSchedule): { changed: number; errors: number } {
    if (!answer.ok) {
      for (const r of group) touch.run(t, t + RETRY_AFTER_FAILED_CALL_MS, r.id);
      return { changed: 0, errors: group.length };
    }
    let changed = 0;
    let errors = 0;
    const byBinder = new Map(answer.documents.map((d) => [d.document_binder_uuid, d]));
    for (const r of group) {
      const item = byBinder.get(r.b);
      if (item?.status_data) {
        if (applyStatus(r, item.status_data, t, schedule)) changed++;
      } else {
        errors++;
        journal.event(r.id, 'status.error', { errorCode: item?.error_code ?? 'MISSING_FROM_RESPONSE', errorMessage: item?.error_message ?? '' }, t);
        touch.run(t, nextPollAt(t, r.accepted_at, schedule), r.id);
      }
    }
    return { changed, errors };
  }

  /** Several answered groups (call inside one journal transaction). */
  function applyAnswered(answered: readonly PollAnswered[], schedule: PollSchedule): { changed: number; errors: number } {
    const total = { changed: 0, errors: 0 };
    for (const a of answered) {
      const r = applyGroup(a.group, a.answer, a.at, schedule);
      total.changed += r.changed;
      total.errors += r.errors;
    }
    return total;
  }

  return { applyGroup, applyAnswered };
}
