// Signing key, checkpoints and retention (issue 4 §2, §6, §7): the public-key fingerprint the institution registers,
// the signed checkpoints (newest first) with whether each reached the anchor folder, and the retention and
// anchor-folder settings, changed here too (AuditSettingsForm).
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge/call.ts';
import { Empty, ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';
import { AuditSettingsForm } from './AuditSettingsForm.tsx';
import { isoToMs } from './time.ts';

const SHOWN = 50;

export function useAuditOverview() {
  return useQuery({ queryKey: ['audit-overview'], queryFn: () => call('audit:checkpoints', {}) });
}

export function KeysPanel() {
  const { t, locale } = useI18n();
  const q = useAuditOverview();
  const o = q.data;
  const cps = o ? [...o.checkpoints].sort((a, b) => b.size - a.size) : [];
  return (
    <>
      <section aria-labelledby="audit-keys-title" className="card" data-testid="audit-keys">
        <h2 id="audit-keys-title">{t('audit.keys.title')}</h2>
        {q.isPending ? <Loading /> : null}
        <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
        {o ? (
          <>
            <dl className="summary">
              <dt>{t('audit.keys.fingerprint')}</dt>
              <dd className="mono" data-testid="audit-fingerprint">
                {o.keyFingerprint}
              </dd>
              <dt>{t('audit.keys.logId')}</dt>
              <dd className="mono">{o.logId}</dd>
              <dt>{t('audit.keys.size')}</dt>
              <dd>{formatNumber(o.size, locale)}</dd>
            </dl>
            <p className="muted small">{t('audit.keys.fingerprintHint')}</p>
            <details>
              <summary>{t('audit.keys.pem')}</summary>
              <pre className="mono small" data-testid="audit-pem">
                {o.publicKeyPem}
              </pre>
            </details>
            {cps.length === 0 ? (
              <Empty>{t('audit.keys.empty')}</Empty>
            ) : (
              <div className="scroll-box" tabIndex={0} role="region" aria-label={t('audit.keys.caption')}>
                <table className="data-table" data-testid="audit-checkpoints">
                  <caption className="visually-hidden">{t('audit.keys.caption')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('audit.keys.cpSize')}</th>
                      <th scope="col">{t('audit.keys.cpAt')}</th>
                      <th scope="col">{t('audit.keys.cpHead')}</th>
                      <th scope="col">{t('audit.keys.cpKey')}</th>
                      <th scope="col">{t('audit.keys.cpAnchored')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {cps.slice(0, SHOWN).map((c) => {
                      const anchored = c.anchoredAt ? isoToMs(c.anchoredAt) : null;
                      return (
                        <tr key={`${c.size}-${c.keyFingerprint}`} data-testid="audit-checkpoint">
                          <td>{formatNumber(c.size, locale)}</td>
                          <td>{formatTime(c.createdAt, locale)}</td>
                          <td className="mono small" title={c.head}>
                            {c.head.slice(0, 16)}…
                          </td>
                          <td className="mono small" title={c.keyFingerprint}>
                            {c.keyFingerprint.slice(0, 16)}…
                          </td>
                          <td>{anchored !== null ? formatTime(anchored, locale) : c.anchoredAt ?? t('audit.keys.cpNotAnchored')}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {cps.length > SHOWN ? <p className="muted small">{t('audit.keys.more', { shown: SHOWN, total: cps.length })}</p> : null}
          </>
        ) : null}
      </section>
      <section aria-labelledby="audit-settings-title" className="card" data-testid="audit-settings">
        <h2 id="audit-settings-title">{t('audit.settings.title')}</h2>
        {o ? (
          <dl className="summary">
            <dt>{t('audit.settings.retention')}</dt>
            <dd data-testid="audit-retention">{t('audit.settings.retentionValue', { days: formatNumber(o.retentionDays, locale), years: Math.round((o.retentionDays / 365) * 10) / 10 })}</dd>
            <dt>{t('audit.settings.anchor')}</dt>
            <dd className={o.anchorFolder ? 'mono' : ''} data-testid="audit-anchor">
              {o.anchorFolder ?? t('audit.settings.anchorNone')}
            </dd>
          </dl>
        ) : null}
        <p className="muted small">{t('audit.settings.hint')}</p>
        {o ? <AuditSettingsForm retentionDays={o.retentionDays} anchorFolder={o.anchorFolder} /> : null}
      </section>
    </>
  );
}
