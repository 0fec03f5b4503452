// Status polling (DESIGN §6, reference §11): bulk status in groups of ≤100, only accepted documents that are not
// final, never more often than every 5 s per document, backing off as documents age.
import { EDOC_LIMITS, gatewayEpochToMillis, type DocBoxStatus, type StatusData } from '../../shared/domain/edoc.ts';
import type { Db } from '../store/open-database.ts';
import type { Journal } from './journal.ts';
import type { MailingGateway } from './types.ts';

export interface PollSchedule {
  firstAfterSec: number;
  dayOneEverySec: number;
  laterEverySec: number;
}

/** The gateway's documented minimum interval per document (reference §11). */
export const MIN_POLL_INTERVAL_MS = 5_000;
const DAY_MS = 86_400_000;
const RANK: Record<DocBoxStatus, number> = { SENT: 0, RECEIVED: 1, READ: 2, EXPIRED: 2 };
const isFinal = (s: DocBoxStatus | null) => s === 'READ' || s === 'EXPIRED';

export function nextPollAt(now: number, acceptedAt: number, schedule: PollSchedule): number {
  const everySec = now - acceptedAt < DAY_MS ? schedule.dayOneEverySec : schedule.laterEverySec;
  return now + Math.max(MIN_POLL_INTERVAL_MS, everySec * 1000);
}

export interface PollRoundResult {
  polled: number;
  changed: number;
  errors: number;
  remaining: number;
  nextDueAt: number | null;
}

export function createPoller(deps: { db: Db; journal: Journal; gateway: () => MailingGateway; now?: () => number }) {
  const { db, journal } = deps;
  const now = deps.now ?? Date.now;
  const due = db.prepare(
    `SELECT id, document_binder_uuid b, accepted_at, doc_box_status s FROM documents
     WHERE next_poll_at IS NOT NULL AND next_poll_at <= @now AND (@mailing IS NULL OR mailing_id = @mailing) ORDER BY next_poll_at LIMIT @limit`,
  );
  const update = db.prepare(
    `UPDATE documents SET doc_box_status = ?, status_json = ?, sent_at = coalesce(?, sent_at), received_at = coalesce(?, received_at),
     read_at = coalesce(?, read_at), last_polled_at = ?, next_poll_at = ? WHERE id = ?`,
  );
  const touch = db.prepare('UPDATE documents SET last_polled_at = ?, next_poll_at = ? WHERE id = ?');
  const remaining = db.prepare(`SELECT count(*) n, min(next_poll_at) next FROM documents WHERE next_poll_at IS NOT NULL AND (@mailing IS NULL OR mailing_id = @mailing)`);

  type Row = { id: number; b: string; accepted_at: number; s: DocBoxStatus | null };

  function applyStatus(row: Row, data: StatusData, t: number, schedule: PollSchedule): boolean {
    const incoming = data.doc_box_status;
    const current = row.s;
    // Keep the furthest state; a status that seems to go backwards is logged as an anomaly (reference §8).
    let next: DocBoxStatus = incoming;
    if (current && (isFinal(current) || RANK[incoming] < RANK[current])) {
      if (incoming !== current) journal.event(row.id, 'status.anomaly', { kept: current, received: incoming }, t);
      next = current;
    }
    const ms = (v: number | undefined) => (v === undefined ? null : gatewayEpochToMillis(v).ms);
    update.run(
      next,
      JSON.stringify(data),
      ms(data.doc_box_sent_at),
      ms(data.doc_box_received_at),
      ms(data.doc_box_read_at),
      t,
      isFinal(next) ? null : nextPollAt(t, row.accepted_at, schedule),
      row.id,
    );
    if (next !== current) {
      journal.event(row.id, 'status', { from: current, to: next, raw: data }, t);
      if (data.token_used_at !== undefined && next !== 'READ') journal.event(row.id, 'evidence.gap', { reason: 'token_used_at without READ' }, t);
      return true;
    }
    return false;
  }

  /** One round: every due document of the mailing (or all mailings), in groups of 100, `concurrency` at a time. */
  async function pollRound(options: { mailingId?: string; schedule: PollSchedule; concurrency: number; limit?: number }): Promise<PollRoundResult> {
    const t0 = now();
    const rows = due.all({ now: t0, mailing: options.mailingId ?? null, limit: options.limit ?? 1_000_000 }) as Row[];
    const groups: Row[][] = [];
    for (let i = 0; i < rows.length; i += EDOC_LIMITS.bulkStatusMaxIds) groups.push(rows.slice(i, i + EDOC_LIMITS.bulkStatusMaxIds));
    const gateway = deps.gateway();
    let changed = 0;
    let errors = 0;
    let next = 0;
    async function worker() {
      while (next < groups.length) {
        const group = groups[next++]!;
        const outcome = await gateway.bulkStatus(group.map((r) => r.b), { poll: 'bulkStatus' });
        const t = now();
        journal.transaction(() => {
          if (outcome.kind !== 'ok') {
            errors += group.length;
            for (const r of group) touch.run(t, t + 30_000, r.id);
            return;
          }
          const byBinder = new Map(outcome.value.documents.map((d) => [d.document_binder_uuid, d]));
          for (const r of group) {
            const item = byBinder.get(r.b);
            if (item?.status_data) {
              if (applyStatus(r, item.status_data, t, options.schedule)) changed++;
            } else {
              errors++;
              journal.event(r.id, 'status.error', { errorCode: item?.error_code ?? 'MISSING_FROM_RESPONSE', errorMessage: item?.error_message ?? '' }, t);
              touch.run(t, nextPollAt(t, r.accepted_at, options.schedule), r.id);
            }
          }
        });
      }
    }
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
    const rem = remaining.get({ mailing: options.mailingId ?? null }) as { n: number; next: number | null };
    return { polled: rows.length, changed, errors, remaining: rem.n, nextDueAt: rem.next };
  }

  return { pollRound };
}
export type Poller = ReturnType<typeof createPoller>;
