// One verification's outcome as KCP answered it: verified only on res_cd 0000 (reference A10), res_cd/res_msg,
// the masked account and owner, tno and app_time kept for the records, and the backend's Korean next step.
import type { KcpVerificationResult, KcpVerificationState } from '../../../shared/domain/kcp-verification.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';
import { formatTime } from '../../lib/format.ts';

export const KCP_STATE_KEYS: Record<KcpVerificationState, MessageKey> = {
  QUEUED: 'kcp.state.QUEUED',
  INVALID: 'kcp.state.INVALID',
  IN_FLIGHT: 'kcp.state.IN_FLIGHT',
  VERIFIED: 'kcp.state.VERIFIED',
  NOT_VERIFIED: 'kcp.state.NOT_VERIFIED',
  FAILED: 'kcp.state.FAILED',
  UNKNOWN: 'kcp.state.UNKNOWN',
};

export function kcpChipClass(state: KcpVerificationState): string {
  if (state === 'VERIFIED') return 'chip chip-ACCEPTED';
  if (state === 'NOT_VERIFIED' || state === 'INVALID' || state === 'FAILED') return 'chip chip-REJECTED';
  if (state === 'UNKNOWN') return 'chip chip-UNKNOWN';
  return 'chip';
}

export function VerificationResultView({ result, bankName }: { result: KcpVerificationResult; bankName: string }) {
  const { t, locale } = useI18n();
  return (
    <section aria-labelledby="kcp-result-title" data-testid="kcp-result" data-state={result.state}>
      <h2 id="kcp-result-title">{t('kcp.result.title')}</h2>
      <dl className="summary">
        <dt>{t('kcp.result.state')}</dt>
        <dd>
          <span className={kcpChipClass(result.state)}>{t(KCP_STATE_KEYS[result.state])}</span>
        </dd>
        <dt>{t('kcp.result.code')}</dt>
        <dd data-testid="kcp-result-code">{result.resCd ? `${result.resCd} ${result.resMsg ?? ''}` : t('common.none')}</dd>
        <dt>{t('kcp.field.bank')}</dt>
        <dd>
          {bankName}
          {result.bankCode ? ` (${result.bankCode})` : ''}
          {result.bankCodeMappedFrom ? <span className="muted small"> · {t('kcp.result.mappedFrom', { code: result.bankCodeMappedFrom })}</span> : null}
        </dd>
        <dt>{t('kcp.field.account')}</dt>
        <dd className="mono" data-testid="kcp-result-account">
          {result.accountMasked}
        </dd>
        <dt>{t('kcp.field.owner')}</dt>
        <dd data-testid="kcp-result-owner">{result.ownerMasked}</dd>
        {result.tno ? (
          <>
            <dt>{t('kcp.result.tno')}</dt>
            <dd className="mono">{result.tno}</dd>
          </>
        ) : null}
        {result.appTime ? (
          <>
            <dt>{t('kcp.result.appTime')}</dt>
            <dd>{result.appTimeMs !== null ? formatTime(result.appTimeMs, locale) : result.appTime}</dd>
          </>
        ) : null}
      </dl>
      <p className={result.verified ? 'notice' : 'warning'} data-testid="kcp-result-message">
        {result.message}
      </p>
      {result.warnings.length > 0 ? (
        <ul className="small">
          {result.warnings.map((w) => (
            <li key={w}>{w}</li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
