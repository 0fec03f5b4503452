// The dashboard per mailing (issue 14 item 9): the mailing's SENT → RECEIVED → READ / EXPIRED funnel and its read
// rate day by day since sending, with the read deadline marked — both with their numbers as a table.
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { call } from '../../bridge/call.ts';
import { ChartTable } from '../../components/charts/ChartTable.tsx';
import { FunnelChart } from '../../components/charts/FunnelChart.tsx';
import { ReadCurveChart } from '../../components/charts/ReadCurveChart.tsx';
import { ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber } from '../../lib/format.ts';
import { useDeadlines } from '../follow-up/useDeadlines.ts';
import { funnelStages, percent } from './funnel-stages.ts';

export function MailingCharts() {
  const { t, locale } = useI18n();
  const n = (x: number) => formatNumber(x, locale);
  const pickId = useId();
  const deadlines = useDeadlines();
  const sent = (deadlines.data ?? []).filter((d) => d.accepted > 0);
  const [picked, setPicked] = useState<string | null>(null);
  const mailingId = picked !== null && sent.some((d) => d.mailingId === picked) ? picked : (sent[0]?.mailingId ?? null);
  const chart = useQuery({
    queryKey: ['dashboard', 'mailing', mailingId],
    queryFn: () => call('dashboard:mailing', { mailingId: mailingId ?? '' }),
    enabled: mailingId !== null,
    refetchInterval: 15_000,
  });
  const c = chart.data;
  const stages = c ? funnelStages(c.funnel, t) : [];
  const deadlineDay = c?.deadlineDay ?? null;
  const lastRate = c?.readCurve.at(-1)?.rate ?? 0;
  return (
    <section className="card wide" aria-labelledby="dash-mailing" data-testid="dashboard-mailing">
      <h2 id="dash-mailing">{t('dashboard.perMailing')}</h2>
      {deadlines.isPending ? <Loading /> : null}
      <ErrorBox error={deadlines.error ?? chart.error} />
      {deadlines.data && sent.length === 0 ? <p className="muted">{t('dashboard.noMailing')}</p> : null}
      {sent.length > 0 ? (
        <label className="field" htmlFor={pickId}>
          {t('dashboard.pickMailing')}
          <select id={pickId} value={mailingId ?? ''} onChange={(e) => setPicked(e.target.value)} data-testid="dashboard-mailing-pick">
            {sent.map((d) => (
              <option key={d.mailingId} value={d.mailingId}>
                {d.name} ({d.mailingId})
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {c ? (
        <div className="cards">
          <div>
            <FunnelChart
              name={t('dashboard.funnelName', { accepted: n(c.funnel.accepted), received: n(c.funnel.received), read: n(c.funnel.read), expired: n(c.funnel.expired) })}
              stages={stages}
              total={c.funnel.accepted}
              formatValue={(v, share) => `${n(v)} (${percent(share)})`}
              testId="mailing-funnel-chart"
            />
            <ChartTable
              summary={t('dashboard.tableSummary')}
              caption={t('dashboard.funnel')}
              head={[t('dashboard.stage'), t('dashboard.count'), t('dashboard.share')]}
              rows={stages.map((s) => [s.label, n(s.value), percent(c.funnel.accepted > 0 ? s.value / c.funnel.accepted : 0)])}
            />
          </div>
          <div>
            <ReadCurveChart
              name={t('dashboard.curveName', { name: c.deadline.name, days: n(Math.max(0, (c.readCurve.at(-1)?.day ?? 0))), rate: percent(lastRate), deadline: deadlineDay === null ? '-' : n(Math.round(deadlineDay)) })}
              points={c.readCurve}
              deadlineDay={deadlineDay}
              deadlineLabel={t('dashboard.deadlineMark')}
              dayLabel={(day) => t('dashboard.dayN', { n: day })}
              testId="mailing-read-curve"
            />
            <ChartTable
              summary={t('dashboard.tableSummary')}
              caption={t('dashboard.readRate')}
              head={[t('dashboard.day'), t('dashboard.cumulativeRead'), t('dashboard.rate')]}
              rows={c.readCurve.map((p) => [
                `${t('dashboard.dayN', { n: p.day })}${deadlineDay !== null && p.day === Math.ceil(deadlineDay) ? ` · ${t('dashboard.deadlineMark')}` : ''}`,
                n(p.read),
                percent(p.rate),
              ])}
              testId="mailing-read-table"
            />
          </div>
        </div>
      ) : null}
    </section>
  );
}
