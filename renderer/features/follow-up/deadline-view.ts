// How a mailing's read deadline reads on screen: how much of the period has gone, whether it passed, and what is
// left, on this computer's clock (a sandbox's deadlines pass in seconds: its gateway runs a virtual clock).
import type { MailingDeadline } from '../../../shared/domain/follow-up.ts';
import type { Translate } from '../../i18n/i18n.tsx';
import { formatDuration, formatTime } from '../../lib/format.ts';

const DAY_MS = 86_400_000;

export function timeLeft(ms: number, t: Translate): string {
  if (ms >= 2 * DAY_MS) return t('duration.days', { n: Math.floor(ms / DAY_MS) });
  return formatDuration(ms / 1000, t);
}

export type DeadlineView = { sent: boolean; elapsed: number; passed: boolean; at: string; left: string };

export function deadlineView(d: MailingDeadline, now: number, t: Translate, locale: string): DeadlineView {
  if (d.firstAcceptedAt === null) return { sent: false, elapsed: 0, passed: false, at: '', left: t('followUp.notSentYet') };
  // Accepted, but the deadline (read_expired_at) is known only from the first status answer.
  if (d.deadlineAt === null) return { sent: false, elapsed: 0, passed: false, at: '', left: t('followUp.deadlineUnknown') };
  const span = Math.max(1, d.deadlineAt - d.firstAcceptedAt);
  const elapsed = d.deadlinePassed ? 1 : Math.min(1, Math.max(0, (now - d.firstAcceptedAt) / span));
  return {
    sent: true,
    elapsed,
    passed: d.deadlinePassed,
    at: formatTime(d.deadlineAt, locale),
    left: d.deadlinePassed ? t('followUp.deadlinePassed') : t('followUp.deadlineLeft', { left: timeLeft(d.deadlineAt - now, t) }),
  };
}
