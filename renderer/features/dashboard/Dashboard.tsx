// Dashboard (issue 3 §3): today's volume against the 500,000/day pre-review line (seed 001 §2.1), the funnel
// SENT → RECEIVED → READ / EXPIRED, the read rate per day and recent errors — all computed by dashboard:summary —
// each error code with what it means and what to do next (issue 14).
import { useQuery } from '@tanstack/react-query';
import { errorCodeAdvice } from '../../../shared/domain/docsgw-advice.ts';
import { dashboardSummarySchema } from '../../../shared/domain/documents-query.ts';
import { callChannel } from '../../bridge/call.ts';
import { Empty, ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';
import { href } from '../../app/routes.ts';

function Bar({ label, value, max, className, suffix = '' }: { label: string; value: number; max: number; className?: string; suffix?: string }) {
  const { locale } = useI18n();
  const pct = max > 0 ? Math.min(100, (value / max) * 100) : 0;
  return (
    <div className="bar-row">
      <span className="bar-label">{label}</span>
      <span className="bar-track" aria-hidden="true">
        <span className={`bar-fill ${className ?? ''}`} style={{ width: `${pct}%` }} />
      </span>
      <span className="bar-value">
        {formatNumber(value, locale)}
        {suffix}
      </span>
    </div>
  );
}

export function Dashboard() {
  const { t, locale, lang } = useI18n();
  const q = useQuery({ queryKey: ['dashboard'], queryFn: () => callChannel('dashboard:summary', {}, dashboardSummarySchema), refetchInterval: 15_000 });
  const d = q.data;
  const n = (v: number) => formatNumber(v, locale);
  return (
    <section aria-labelledby="dash-title" data-testid="dashboard">
      <h1 id="dash-title">{t('dashboard.title')}</h1>
      {q.isPending ? <Loading /> : null}
      <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      {d ? (
        <div className="cards">
          <section className="card" aria-labelledby="dash-today">
            <h2 id="dash-today">{t('dashboard.today')}</h2>
            <p className="big">{t('dashboard.todayValue', { planned: n(d.today.planned), threshold: n(d.today.preReviewThreshold) })}</p>
            <progress max={d.today.preReviewThreshold} value={Math.min(d.today.planned, d.today.preReviewThreshold)} aria-label={t('dashboard.today')} />
            <p className={d.today.preReviewRequired ? 'warning' : 'muted'}>{t(d.today.preReviewRequired ? 'dashboard.preReview' : 'dashboard.belowLine')}</p>
          </section>
          <section className="card" aria-labelledby="dash-funnel">
            <h2 id="dash-funnel">{t('dashboard.funnel')}</h2>
            {d.funnel.accepted === 0 ? (
              <Empty>
                {t('dashboard.empty')} <a href={href('import')}>{t('nav.import')}</a>
              </Empty>
            ) : (
              <>
                <Bar label={t('state.ACCEPTED')} value={d.funnel.accepted} max={d.funnel.accepted} />
                <Bar label={t('box.SENT')} value={d.funnel.sent} max={d.funnel.accepted} />
                <Bar label={t('box.RECEIVED')} value={d.funnel.received} max={d.funnel.accepted} />
                <Bar label={t('box.READ')} value={d.funnel.read} max={d.funnel.accepted} className="ok" />
                <Bar label={t('box.EXPIRED')} value={d.funnel.expired} max={d.funnel.accepted} className="bad" />
              </>
            )}
          </section>
          <section className="card wide" aria-labelledby="dash-rate">
            <h2 id="dash-rate">{t('dashboard.readRate')}</h2>
            {d.readRate.length === 0 ? (
              <p className="muted">{t('common.none')}</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.day')}</th>
                    <th scope="col">{t('dashboard.accepted')}</th>
                    <th scope="col">{t('dashboard.read')}</th>
                    <th scope="col">{t('dashboard.rate')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.readRate.map((r) => (
                    <tr key={r.day}>
                      <td>{r.day}</td>
                      <td>{n(r.accepted)}</td>
                      <td>{n(r.read)}</td>
                      <td>
                        <Bar label="" value={Math.round(r.rate * 1000) / 10} max={100} className="ok" suffix="%" />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card wide" aria-labelledby="dash-errors">
            <h2 id="dash-errors">{t('dashboard.recentErrors')}</h2>
            {d.recentErrors.length === 0 ? (
              <p className="muted">{t('dashboard.noErrors')}</p>
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">{t('col.errorCode')}</th>
                    <th scope="col">{t('col.errorMessage')}</th>
                    <th scope="col">{t('dashboard.count')}</th>
                    <th scope="col">{t('dashboard.lastAt')}</th>
                    <th scope="col">{t('dashboard.advice')}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.recentErrors.map((e) => {
                    const a = errorCodeAdvice(e.errorCode, lang);
                    return (
                      <tr key={`${e.errorCode}-${e.mailingId}`}>
                        <td>
                          <a href={href('documents', { mailingId: e.mailingId })}>{e.errorCode}</a>
                        </td>
                        <td>{e.errorMessage ?? ''}</td>
                        <td>{n(e.count)}</td>
                        <td>{formatTime(e.lastAt, locale)}</td>
                        <td data-testid="dashboard-error-advice">
                          <span className="small muted">{a.explanation}</span> <span className="small">{a.advice}</span>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
        </div>
      ) : null}
    </section>
  );
}
