// PayUp KakaoPay cancel screen (issue 5 §4): one cancel (transaction id + reason → irreversible-action confirm →
// result with the response code's Korean message and advice), a batch from Excel, and the UNKNOWN cancels waiting
// for an operator decision. A red banner warns when the profile points at PayUp's test host (reference B1: it
// may make real KakaoPay charges).
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge/call.ts';
import { Empty, ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useProfiles } from '../../app/useProfiles.ts';
import { href } from '../../app/routes.ts';
import { PAYUP_TEST_HOST } from '../../../shared/domain/network-hosts.ts';
import { CancelBatch } from './CancelBatch.tsx';
import { CancelOne } from './CancelOne.tsx';
import { UnknownCancels } from './UnknownCancels.tsx';

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return '';
  }
}

export function PayupPage({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const view = params.get('view') === 'batch' ? 'batch' : 'one';
  const profiles = useProfiles();
  const active = profiles.data?.find((p) => p.active);
  const profile = useQuery({ queryKey: ['profile', active?.name], queryFn: () => call('profiles:show', { name: active?.name ?? '' }), enabled: !!active });
  const payup = profile.data?.payup;

  return (
    <section aria-labelledby="payup-title">
      <h1 id="payup-title">{t('payup.title')}</h1>
      <nav aria-label={t('payup.views')} className="toolbar">
        <a href={href('payup')} aria-current={view === 'one' ? 'page' : undefined} className={view === 'one' ? 'button-like primary' : 'button-like'} data-testid="payup-view-one">
          {t('payup.view.one')}
        </a>
        <a href={href('payup', { view: 'batch' })} aria-current={view === 'batch' ? 'page' : undefined} className={view === 'batch' ? 'button-like primary' : 'button-like'} data-testid="payup-view-batch">
          {t('payup.view.batch')}
        </a>
      </nav>
      {profiles.isPending || profile.isPending ? <Loading /> : null}
      <ErrorBox error={profiles.error ?? profile.error} />
      {payup && hostOf(payup.baseUrl) === PAYUP_TEST_HOST ? (
        <div role="alert" className="error-box" data-testid="payup-test-host-warning">
          <strong>{t('payup.testHost.title')}</strong> {t('payup.testHost.body', { host: PAYUP_TEST_HOST })}
        </div>
      ) : null}
      {profile.data && !payup ? (
        <Empty>{t('payup.notConfigured', { profile: profile.data.name })}</Empty>
      ) : payup ? (
        <>
          <p className="muted small" data-testid="payup-endpoint">
            {t('payup.endpoint', { host: hostOf(payup.baseUrl), merchant: payup.merchantId })}
          </p>
          {view === 'one' ? <CancelOne /> : <CancelBatch />}
          <UnknownCancels />
        </>
      ) : null}
    </section>
  );
}
