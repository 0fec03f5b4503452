// One cancel's outcome: the state, PayUp's response code and Korean message, the code table's advice (seed 002
// §4.1) and the backend's one-line summary of what to do next.
import type { z } from 'zod';
import type { payupCancelResultSchema, PayupCancelStateName } from '../../../shared/domain/payup.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';

export type CancelResult = z.infer<typeof payupCancelResultSchema>;

export const PAYUP_STATE_KEYS: Record<PayupCancelStateName, MessageKey> = {
  QUEUED: 'payup.state.QUEUED',
  IN_FLIGHT: 'payup.state.IN_FLIGHT',
  CANCELLED: 'payup.state.CANCELLED',
  ALREADY_CANCELLED: 'payup.state.ALREADY_CANCELLED',
  REJECTED: 'payup.state.REJECTED',
  UNKNOWN: 'payup.state.UNKNOWN',
  ABANDONED: 'payup.state.ABANDONED',
};

/** Chip colours reuse the mailing ones: done = ACCEPTED, refused = REJECTED, decision needed = UNKNOWN. */
export function stateChipClass(state: PayupCancelStateName): string {
  if (state === 'CANCELLED' || state === 'ALREADY_CANCELLED') return 'chip chip-ACCEPTED';
  if (state === 'REJECTED') return 'chip chip-REJECTED';
  if (state === 'UNKNOWN') return 'chip chip-UNKNOWN';
  return 'chip';
}

export function CancelResultView({ result, onResolve }: { result: CancelResult; onResolve: () => void }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="payup-result-title" className="result-panel" data-testid="payup-result" data-state={result.state}>
      <h2 id="payup-result-title">{t('payup.result.title')}</h2>
      <dl className="summary">
        <dt>{t('payup.field.transactionId')}</dt>
        <dd className="mono">{result.transactionId}</dd>
        <dt>{t('payup.result.state')}</dt>
        <dd>
          <span className={stateChipClass(result.state)}>{t(PAYUP_STATE_KEYS[result.state])}</span>
          {!result.sent ? <span className="muted small"> · {t('payup.result.notSentAgain')}</span> : null}
        </dd>
        <dt>{t('payup.result.code')}</dt>
        <dd data-testid="payup-result-code">{result.responseCode ? `[${result.responseCode}] ${result.responseMessage ?? ''}` : t('common.none')}</dd>
        {result.advice ? (
          <>
            <dt>{t('payup.result.advice')}</dt>
            <dd data-testid="payup-result-advice">{result.advice}</dd>
          </>
        ) : null}
        {result.cancelDateTime ? (
          <>
            <dt>{t('payup.result.cancelDateTime')}</dt>
            <dd>{result.cancelDateTime}</dd>
          </>
        ) : null}
      </dl>
      <p className={result.state === 'UNKNOWN' || result.state === 'REJECTED' ? 'warning' : 'notice'} data-testid="payup-result-summary">
        {result.summary}
      </p>
      {result.state === 'UNKNOWN' ? (
        <button type="button" className="warning-button" onClick={onResolve} data-testid="payup-result-resolve">
          {t('payup.resolve.open')}
        </button>
      ) : null}
    </section>
  );
}
