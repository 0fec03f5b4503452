// KCP account verification screen (issue 5 §4): one verification (bank picker with Korean names, account number,
// owner name → res_cd/res_msg, masked account) and a batch from Excel. Account numbers and names come back from
// the backend masked only (shared/domain/kcp-verification.ts).
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge/call.ts';
import { Empty, ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useProfiles } from '../../app/useProfiles.ts';
import { href } from '../../app/routes.ts';
import { VerifyBatch } from './VerifyBatch.tsx';
import { VerifyOne } from './VerifyOne.tsx';

export function KcpPage({ params }: { params: URLSearchParams }) {
  const { t } = useI18n();
  const view = params.get('view') === 'batch' ? 'batch' : 'one';
  const profiles = useProfiles();
  const active = profiles.data?.find((p) => p.active);
  const profile = useQuery({ queryKey: ['profile', active?.name], queryFn: () => call('profiles:show', { name: active?.name ?? '' }), enabled: !!active });
  const banks = useQuery({ queryKey: ['kcp', 'banks'], queryFn: () => call('kcp:banks', {}), staleTime: Infinity });
  const kcp = profile.data?.kcp;

  return (
    <section aria-labelledby="kcp-title">
      <h1 id="kcp-title">{t('kcp.title')}</h1>
      <nav aria-label={t('kcp.views')} className="toolbar">
        <a href={href('kcp')} aria-current={view === 'one' ? 'page' : undefined} className={view === 'one' ? 'button-like primary' : 'button-like'} data-testid="kcp-view-one">
          {t('kcp.view.one')}
        </a>
        <a href={href('kcp', { view: 'batch' })} aria-current={view === 'batch' ? 'page' : undefined} className={view === 'batch' ? 'button-like primary' : 'button-like'} data-testid="kcp-view-batch">
          {t('kcp.view.batch')}
        </a>
      </nav>
      {profiles.isPending || profile.isPending || banks.isPending ? <Loading /> : null}
      <ErrorBox error={profiles.error ?? profile.error ?? banks.error} />
      {profile.data && !kcp ? <Empty>{t('kcp.notConfigured', { profile: profile.data.name })}</Empty> : null}
      {kcp && banks.data ? (
        <>
          <p className="muted small" data-testid="kcp-endpoint">
            {t('kcp.endpoint', { transport: kcp.transport, address: kcp.port === 0 ? kcp.host : `${kcp.host}:${kcp.port}`, site: kcp.siteCd })}
          </p>
          {view === 'one' ? <VerifyOne banks={banks.data.banks} /> : <VerifyBatch />}
        </>
      ) : null}
    </section>
  );
}
