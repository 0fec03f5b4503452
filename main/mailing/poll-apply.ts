// Applies one bulk-status answer to its group of documents in one transaction (runs on the docdesk writer's
// connection, main/mailing/journal-steps.ts). Keeps the furthest state: a status that seems to go
// backwards is logged as an anomaly, never applied (reference §8). The answer arrives column by column
// (shared/domain/mailing-store.ts pollAnsweredSchema, built by poll-answer.ts): index i is the group's document i.
import { gatewayEpochToMillis, type DocBoxStatus } from '../../shared/domain/edoc.ts';
import { BOX_STATUS_OF_CODE, type PollAnswered } from '../../shared/domain/mailing-store.ts';
import type { Db } from '../store/open-database.ts';
import { createPollUpdateQueries } from './poll-update-queries.ts';
import { isFinalStatus, nextPollAt, type PollSchedule } from './poll-schedule.ts';

export type { PollAnswered } from '../../shared/domain/mailing-store.ts';

/** A failed call is retried after this long (the group is not hammered while the gateway is down). */
const RETRY_AFTER_FAILED_CALL_MS = 30_000;
const RANK: Record<DocBoxStatus, number> = { SENT: 0, RECEIVED: 1, READ: 2, EXPIRED: 2 };

export function createPollApplier(db: Db) {
  // The gateway's status object is kept by the exchange's record (exchange_log, the audit chain: the document's
  // evidence view shows it); documents.status_json (migration 1) is no longer written: nothing read it, and each poll
  // rewrote it. A change's 'status' event names the move and the gateway's times as the grid keeps them (UTC ms).
  // A status that did not change (most answers once a document is SENT or RECEIVED) updates only what it can change
  // (`reschedule`): the unindexed send and receive times and the schedule. SQLite moves the entries of every index on
  // a column the SET names, also when the value stays the same: doc_box_status is in five grid indexes (directly or
  // through grid_box, migration 4) and read_at in one, so naming them (`update`) cost five index moves per document
  // for nothing. The first answer that only confirms SENT (migration 13) goes this way too: doc_box_status stays NULL
  // and status_seen_at records the answer (box-status-sql.ts), so its five grid index entries do not move either.
  const writes = createPollUpdateQueries(db);
  /** A gateway time as the documents row keeps it (NaN: not in the answer; null also when implausible). */
  const ms = (v: number): number | null => (Number.isNaN(v) ? null : gatewayEpochToMillis(v).ms);
  const statusOfCode = (code: number | undefined): DocBoxStatus | null => BOX_STATUS_OF_CODE[code ?? 0] ?? null;

  function applyStatus(a: PollAnswered, i: number, incoming: DocBoxStatus, schedule: PollSchedule): boolean {
    const id = a.ids[i] ?? NaN;
    const t = a.at;
    const current = statusOfCode(a.held[i]);
    let next: DocBoxStatus = incoming;
    if (current && (isFinalStatus(current) || RANK[incoming] < RANK[current])) {
      if (incoming !== current) writes.event(id, 'status.anomaly', { kept: current, received: incoming }, t);
      next = current;
    }
    const nextPoll = isFinalStatus(next) ? null : nextPollAt(t, a.acceptedAt[i] ?? NaN, schedule);
    const sentAt = ms(a.sentAt[i] ?? NaN);
    const receivedAt = ms(a.receivedAt[i] ?? NaN);
    const readAtRaw = a.readAt[i] ?? NaN;
    const readAt = ms(readAtRaw);
    // `current` is the status held (poll-reads.ts reads it through heldBoxStatusSql): NULL only before any answer.
    const confirmsSent = current === null && next === 'SENT';
    if ((next === current || confirmsSent) && Number.isNaN(readAtRaw)) {
      writes.reschedule(id, sentAt, receivedAt, t, nextPoll);
    } else {
      writes.update(id, next, sentAt, receivedAt, readAt, t, nextPoll);
    }
    if (next === current) return false;
    writes.event(id, 'status', { from: current, to: next, ...(sentAt !== null ? { sentAt } : {}), ...(receivedAt !== null ? { receivedAt } : {}), ...(readAt !== null ? { readAt } : {}) }, t);
    if (a.tokenUsed[i] === 1 && next !== 'READ') writes.event(id, 'evidence.gap', { reason: 'token_used_at without READ' }, t);
    return true;
  }

  /** One answered group, buffered in `writes`. */
  function applyGroup(a: PollAnswered, schedule: PollSchedule): { changed: number; errors: number } {
    const t = a.at;
    const n = a.ids.length;
    if (a.callFailed) {
      for (let i = 0; i < n; i++) writes.touch(a.ids[i] ?? NaN, t, t + RETRY_AFTER_FAILED_CALL_MS);
      return { changed: 0, errors: n };
    }
    let changed = 0;
    let nextError = 0;
    for (let i = 0; i < n; i++) {
      const incoming = statusOfCode(a.status[i]);
      if (incoming !== null) {
        if (applyStatus(a, i, incoming, schedule)) changed++;
        continue;
      }
      // The schema holds an error for exactly each document without a status, in group order.
      const error = a.errors[nextError++];
      const id = a.ids[i] ?? NaN;
      writes.event(id, 'status.error', { errorCode: error?.code ?? 'MISSING_FROM_RESPONSE', errorMessage: error?.message ?? '' }, t);
      writes.touch(id, t, nextPollAt(t, a.acceptedAt[i] ?? NaN, schedule));
    }
    return { changed, errors: nextError };
  }

  /** Several answered groups, no document twice (call inside one journal transaction). */
  function applyAnswered(answered: readonly PollAnswered[], schedule: PollSchedule): { changed: number; errors: number } {
    const total = { changed: 0, errors: 0 };
    try {
      for (const a of answered) {
        const r = applyGroup(a, schedule);
        total.changed += r.changed;
        total.errors += r.errors;
      }
      writes.flush();
    } finally {
      writes.discard();
    }
    return total;
  }

  return { applyAnswered };
}
