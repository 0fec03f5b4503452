// The mailings list's progress toward the read deadline (issue 14 item 9): a bar from sending to the deadline,
// the read share and what is left in words, and how many recipients already need follow-up.
import type { MailingDeadline } from '../../../shared/domain/follow-up.ts';
import { href } from '../../app/routes.ts';
import { DeadlineBar } from '../../components/charts/DeadlineBar.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber } from '../../lib/format.ts';
import { deadlineView } from './deadline-view.ts';

export function MailingDeadlineCell({ deadline, now }: { deadline: MailingDeadline | undefined; now: number }) {
  const { t, locale } = useI18n();
  if (!deadline) return null;
  const v = deadlineView(deadline, now, t, locale);
  if (!v.sent) return <span className="small muted">{v.left}</span>;
  const read = deadline.accepted > 0 ? `${Math.round((deadline.read / deadline.accepted) * 100)}%` : '0%';
  const pending = deadline.unread + deadline.failed;
  return (
    <>
      <DeadlineBar
        name={t('mailings.deadlineName', { name: deadline.name, pct: Math.round(v.elapsed * 100) })}
        elapsed={v.elapsed}
        passed={v.passed}
        text={t('mailings.deadlineText', { read, at: v.at, left: v.left })}
        testId="mailing-deadline"
      />
      {deadline.due && pending > 0 ? (
        <a className="small" href={href('followUp')} data-testid="mailing-followup-link">
          {t('mailings.followUp', { n: formatNumber(pending, locale) })}
        </a>
      ) : null}
    </>
  );
}
