// Diagnostics for the active profile (issue 3 §3): DNS vs pinned address, TCP, TLS and certificate subject, KCP
// port — each result with the backend's Korean advice.
import { useQueryClient } from '@tanstack/react-query';
import { useDiagnostics } from '../../app/useGateway.ts';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { FlowCheck } from './FlowCheck.tsx';

export function Diagnostics() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const q = useDiagnostics();
  const d = q.data;
  return (
    <section aria-labelledby="diag-title" data-testid="diagnostics">
      <h1 id="diag-title">{t('diag.title')}</h1>
      <p>{t('diag.intro')}</p>
      <button type="button" className="primary" onClick={() => void qc.invalidateQueries({ queryKey: ['diagnostics'] })} disabled={q.isFetching} data-testid="diag-run">
        {t('diag.run')}
      </button>
      {q.isFetching ? <p role="status">{t('diag.running')}</p> : null}
      <ErrorBox error={q.error} />
      {d ? (
        <>
          <p className="muted">
            {d.profile} · {formatTime(d.startedAt, locale)}
          </p>
          <table className="data-table" data-testid="diag-table">
            <thead>
              <tr>
                <th scope="col">{t('diag.service')}</th>
                <th scope="col">{t('diag.check')}</th>
                <th scope="col">{t('diag.target')}</th>
                <th scope="col">{t('diag.status')}</th>
                <th scope="col">{t('diag.detail')}</th>
                <th scope="col">{t('diag.advice')}</th>
              </tr>
            </thead>
            <tbody>
              {d.results.map((r, i) => (
                <tr key={i} data-status={r.status}>
                  <td>{r.service}</td>
                  <td>{r.check.toUpperCase()}</td>
                  <td className="mono">{r.target}</td>
                  <td>
                    <span className={`chip diag-${r.status}`}>{t(`diag.status.${r.status}`)}</span>
                  </td>
                  <td>{r.detail}</td>
                  <td>{r.advice}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : !q.isFetching && !q.error ? (
        <p className="muted">{t('diag.notRun')}</p>
      ) : null}
      <FlowCheck />
    </section>
  );
}
