// Dashboard (issue 3 §3): today's volume against the 500,000/day pre-review line (seed 001 §2.1), the funnel
// SENT → RECEIVED → READ / EXPIRED, the read rate per day and recent errors — all computed by dashboard:summary —
// each error code with what it means and what to do next (issue 14). The funnel and the read rate are charts
// (plain SVG, each with its table), and each mailing has its own with the read deadline marked (issue 14 item 9).
import { useQuery } from '@tanstack/react-query';
import { errorCodeAdvice } from '../../../shared/domain/docsgw-advice.ts';
import { dashboardSummarySchema } from '../../../shared/domain/documents-query.ts';
import { callChannel } from '../../bridge/call.ts';
import { ChartTable } from '../../components/charts/ChartTable.tsx';
import { ColumnChart } from '../../components/charts/ColumnChart.tsx';
import { FunnelChart } from '../../components/charts/FunnelChart.tsx';
import { Empty, ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';
import { href } from '../../app/routes.ts';
import { funnelStages, percent } from './funnel-stages.ts';
import { MailingCharts } from './MailingCharts.tsx';

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
                <FunnelChart
                  name={t('dashboard.funnelName', { accepted: n(d.funnel.accepted), received: n(d.funnel.received), read: n(d.funnel.read), expired: n(d.funnel.expired) })}
                  stages={funnelStages(d.funnel, t)}
                  total={d.funnel.accepted}
                  formatValue={(v, share) => `${n(v)} (${percent(share)})`}
                  testId="funnel-chart"
                />
                <ChartTable
                  summary={t('dashboard.tableSummary')}
                  caption={t('dashboard.funnel')}
                  head={[t('dashboard.stage'), t('dashboard.count'), t('dashboard.share')]}
                  rows={funnelStages(d.funnel, t).map((st) => [st.label, n(st.value), percent(d.funnel.accepted > 0 ? st.value / d.funnel.accepted : 0)])}
                />
              </>
            )}
          </section>
          <section className="card wide" aria-labelledby="dash-rate">
            <h2 id="dash-rate">{t('dashboard.readRate')}</h2>
            {d.readRate.length === 0 ? (
              <p className="muted">{t('common.none')}</p>
            ) : (
              <>
                <ColumnChart
                  name={t('dashboard.readRateName', { days: d.readRate.length })}
                  columns={d.readRate.map((r) => ({ key: r.day, label: r.day.slice(5), rate: r.rate }))}
                  testId="read-rate-chart"
                />
                <ChartTable
                  summary={t('dashboard.tableSummary')}
                  caption={t('dashboard.readRate')}
                  head={[t('dashboard.day'), t('dashboard.accepted'), t('dashboard.read'), t('dashboard.rate')]}
                  rows={d.readRate.map((r) => [r.day, n(r.accepted), n(r.read), percent(r.rate)])}
                  testId="read-rate-table"
                />
              </>
            )}
          </section>
          <MailingCharts />
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
