// Cancels whose outcome is UNKNOWN (timeout after sending, crash): they are never resent on their own; each waits
// here for the operator's decision (ResolveDialog).
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../bridge/call.ts';
import { Empty, ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { ResolveDialog } from './ResolveDialog.tsx';

export function UnknownCancels() {
  const { t, locale } = useI18n();
  const [resolving, setResolving] = useState<string | null>(null);
  const q = useQuery({ queryKey: ['payup', 'unknown'], queryFn: () => call('payup:list', { state: 'UNKNOWN', limit: 200 }) });
  const items = q.data?.items ?? [];
  return (
    <section aria-labelledby="payup-unknown-title" data-testid="payup-unknown">
      <h2 id="payup-unknown-title">{t('payup.unknown.title')}</h2>
      <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      {q.data && items.length === 0 ? <Empty>{t('payup.unknown.empty')}</Empty> : null}
      {items.length > 0 ? (
        <table className="data-table">
          <caption className="visually-hidden">{t('payup.unknown.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('payup.field.transactionId')}</th>
              <th scope="col">{t('payup.field.reason')}</th>
              <th scope="col">{t('payup.unknown.since')}</th>
              <th scope="col">{t('payup.unknown.detail')}</th>
              <th scope="col">{t('payup.unknown.action')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} data-testid="payup-unknown-row">
                <td className="mono">{r.transactionId}</td>
                <td>{r.reason}</td>
                <td>{formatTime(r.stateAt, locale)}</td>
                <td>{r.detail ?? ''}</td>
                <td>
                  <button type="button" className="warning-button" onClick={() => setResolving(r.transactionId)} aria-label={t('payup.unknown.resolveFor', { tx: r.transactionId })}>
                    {t('payup.resolve.open')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ResolveDialog transactionId={resolving} onClose={() => setResolving(null)} testId="payup-unknown-resolve-dialog" />
    </section>
  );
}
