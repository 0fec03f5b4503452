// The dashboard's per-mailing charts (issue 14 item 9): the SENT → RECEIVED → READ / EXPIRED funnel and the read
// rate day by day from the first acceptance to the read deadline. Days count on the gateway's clock, where its
// read times are (a sandbox runs a virtual clock), so the deadline falls on the same axis as the reads.
import type { MailingChart, MailingDeadline } from '../../shared/domain/follow-up.ts';
import type { ReadsByDayRows } from '../../shared/domain/follow-up-reads.ts';

const DAY_MS = 86_400_000;
/** A deadline may lie up to 1,157 days out (MAX_EXPIRES_IN_DAYS); a chart of more points says nothing more. */
const MAX_DAYS = 1_200;

export function createMailingChart(readsByDay: (mailingId: string, from: number) => Promise<ReadsByDayRows>) {
  return async function chart(d: MailingDeadline, now: number): Promise<MailingChart> {
    const funnel = {
      accepted: d.accepted,
      sent: d.accepted,
      received: d.reasons.UNREAD_RECEIVED + d.read,
      read: d.read,
      expired: d.reasons.EXPIRED,
    };
    const from = d.firstAcceptedAt;
    if (from === null) return { deadline: d, funnel, readCurve: [], deadlineDay: null };
    const deadlineDay = d.gatewayDeadlineAt === null ? null : Math.max(0, (d.gatewayDeadlineAt - from) / DAY_MS);
    const perDay = new Map<number, number>();
    let lastReadDay = 0;
    for (const r of await readsByDay(d.mailingId, from)) {
      const day = Math.max(0, r.day);
      perDay.set(day, (perDay.get(day) ?? 0) + r.n);
      lastReadDay = Math.max(lastReadDay, day);
    }
    const today = Math.floor(((now - from) * d.timeScale) / DAY_MS);
    const lastDay = Math.min(MAX_DAYS, Math.max(lastReadDay, Math.min(today, Math.ceil(deadlineDay ?? today))));
    const readCurve: MailingChart['readCurve'] = [];
    let cumulative = 0;
    for (let day = 0; day <= lastDay; day++) {
      cumulative += perDay.get(day) ?? 0;
      readCurve.push({ day, read: cumulative, rate: d.accepted > 0 ? Math.round((cumulative / d.accepted) * 1000) / 1000 : 0 });
    }
    return { deadline: d, funnel, readCurve, deadlineDay };
  };
}
