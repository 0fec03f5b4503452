// "Check every flow from this PC" (issue 15 item 6) on the diagnostics screen: one row per flow of the firewall flow
// table (source → destination:port, purpose), what was checked (DNS vs pinned, TCP, TLS subject and issuer, the KCP
// module self-test) and the backend's Korean advice naming the flow-table or form row to fix. Run on demand only:
// it starts KCP's module, so it is not part of the minute-by-minute gateway badge.
import { useMutation } from '@tanstack/react-query';
import { networkCheckReportSchema } from '../../../shared/domain/network-check.ts';
import { callChannel } from '../../bridge/call.ts';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';

export function FlowCheck() {
  const { t, locale } = useI18n();
  const run = useMutation({ mutationFn: () => callChannel('network:check', {}, networkCheckReportSchema) });
  const r = run.data;
  return (
    <section aria-labelledby="flow-title" className="card" data-testid="flow-check">
      <h2 id="flow-title">{t('flow.title')}</h2>
      <p>{t('flow.intro')}</p>
      <button type="button" className="primary" onClick={() => run.mutate()} disabled={run.isPending} data-testid="flow-run">
        {t('flow.run')}
      </button>
      {run.isPending ? <p role="status">{t('flow.running')}</p> : null}
      <ErrorBox error={run.error} />
      {r ? (
        <>
          <p role="status" className={r.ok ? 'notice' : 'warning'} data-testid="flow-summary">
            {r.profile} · {formatTime(r.startedAt, locale)} — {r.ok ? t('flow.allOk') : t('flow.someFailed', { ids: r.flows.filter((f) => !f.ok).map((f) => f.id).join(', ') })}
          </p>
          <table className="data-table" data-testid="flow-table">
            <thead>
              <tr>
                <th scope="col">{t('flow.id')}</th>
                <th scope="col">{t('flow.path')}</th>
                <th scope="col">{t('flow.result')}</th>
                <th scope="col">{t('flow.checks')}</th>
                <th scope="col">{t('flow.advice')}</th>
              </tr>
            </thead>
            <tbody>
              {r.flows.map((f) => (
                <tr key={f.id} data-flow={f.id} data-ok={f.ok ? 'true' : 'false'}>
                  <th scope="row" className="mono">
                    {f.id}
                    <div className="muted small">{f.purpose}</div>
                  </th>
                  <td className="mono">
                    {f.source ?? t('flow.defaultSource')} → {f.destination}:{f.port}
                  </td>
                  <td>
                    <span className={`chip diag-${f.ok ? 'ok' : 'fail'}`}>{f.ok ? t('flow.ok') : t('flow.fail')}</span>
                  </td>
                  <td>
                    <ul className="flow-checks">
                      {f.checks.map((c, i) => (
                        <li key={i} data-check={c.check} data-status={c.status}>
                          <span className={`chip diag-${c.status}`}>
                            {c.check.toUpperCase()} {t(`diag.status.${c.status}`)}
                          </span>{' '}
                          {c.detail}
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>{f.advice}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
