// "Verify now" (issue 4 §3 and §7): `audit:verify` recomputes the whole chain, every checkpoint signature, the
// triggers and the integrity check. The answer is OK, or the first bad sequence number and each problem in Korean
// (the backend's messages, main/audit/verify.ts), with what to do next.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { call } from '../../bridge/call.ts';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber } from '../../lib/format.ts';

export function VerifyPanel() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const verify = useMutation({
    mutationFn: () => call('audit:verify', {}),
    // Verifying is itself an audit event (audit.integrity): the list and the checkpoints change.
    onSettled: () => void qc.invalidateQueries({ queryKey: ['audit-events'] }),
  });
  const r = verify.data;
  return (
    <section aria-labelledby="audit-verify-title" className="card" data-testid="audit-verify">
      <h2 id="audit-verify-title">{t('audit.verify.title')}</h2>
      <p className="muted">{t('audit.verify.intro')}</p>
      <button type="button" className="primary" onClick={() => verify.mutate()} disabled={verify.isPending} data-testid="audit-verify-run">
        {verify.isPending ? t('audit.verify.running') : t('audit.verify.run')}
      </button>
      <div aria-live="polite">
        {verify.isPending ? (
          <p role="status" className="muted">
            {t('audit.verify.running')}
          </p>
        ) : null}
        {r && !verify.isPending ? (
          r.ok ? (
            <p className="notice" data-testid="audit-verify-result" data-ok="true">
              {t('audit.verify.ok', { size: formatNumber(r.size, locale), checkpoints: formatNumber(r.checkpointsChecked + r.externalCheckpointsChecked, locale) })}
            </p>
          ) : (
            <div className="error-box" data-testid="audit-verify-result" data-ok="false" data-first-bad-seq={r.firstBadSeq ?? ''}>
              <strong>{r.firstBadSeq === null ? t('audit.verify.badNoSeq') : t('audit.verify.bad', { seq: r.firstBadSeq })}</strong>
              <ul>
                {r.problems.map((p, i) => (
                  <li key={i}>
                    {p.message} <span className="mono small">({p.code})</span>
                  </li>
                ))}
              </ul>
              {r.integrity !== 'ok' ? <p>{t('audit.verify.integrity', { value: r.integrity })}</p> : null}
              <p>{t('audit.verify.advice')}</p>
            </div>
          )
        ) : null}
        {!r && !verify.isPending && !verify.isError ? <p className="muted small">{t('audit.verify.notRun')}</p> : null}
      </div>
      <ErrorBox error={verify.error} />
    </section>
  );
}
