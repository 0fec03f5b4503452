// The poll applier as it was before issue 16's narrow answer (3df6a32 main/mailing/poll-apply.ts, verbatim but for
// its types): it took the group's rows and the gateway's parsed items and matched them on the writer. Kept only as
// the general path the column-by-column answer (poll-answer.ts + poll-apply.ts) is checked against.
import { gatewayEpochToMillis, type DocBoxStatus, type StatusData } from '../../shared/domain/edoc.ts';
import type { PollAnswer, PolledRow, PollSchedule } from '../../shared/domain/mailing-store.ts';
import type { Journal } from '../../main/mailing/journal.ts';
import { isFinalStatus, nextPollAt } from '../../main/mailing/poll-schedule.ts';
import type { Db } from '../../main/store/open-database.ts';

export type ReferencePollAnswered = { group: PolledRow[]; answer: PollAnswer; at: number };

const RETRY_AFTER_FAILED_CALL_MS = 30_000;
const RANK: Record<DocBoxStatus, number> = { SENT: 0, RECEIVED: 1, READ: 2, EXPIRED: 2 };

export function createReferencePollApplier(db: Db, journal: Journal) {
  const update = db.prepare(
    `UPDATE documents SET doc_box_status = ?, sent_at = coalesce(?, sent_at), received_at = coalesce(?, received_at),
     read_at = coalesce(?, read_at), last_polled_at = ?, next_poll_at = ?, status_seen_at = coalesce(status_seen_at, ?) WHERE id = ?`,
  );
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

  function applyAnswered(answered: readonly ReferencePollAnswered[], schedule: PollSchedule): { changed: number; errors: number } {
    const total = { changed: 0, errors: 0 };
    for (const a of answered) {
      const r = applyGroup(a.group, a.answer, a.at, schedule);
      total.changed += r.changed;
      total.errors += r.errors;
    }
    return total;
  }

  return { applyAnswered };
}
