// Loading, error and empty states. Errors show the backend's Korean message as is (it says what to do next), and
// a link when the next step is on another screen (NextStep).
import type { ReactNode } from 'react';
import { errorMessage } from '../bridge/call.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { NextStep } from './NextStep.tsx';

export function Loading() {
  const { t } = useI18n();
  return (
    <p role="status" className="muted">
      {t('common.loading')}
    </p>
  );
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <div role="alert" className="error-box">
      <strong>{t('common.error')}: </strong>
      {errorMessage(error)} <NextStep error={error} />
      {onRetry ? (
        <button type="button" className="link-button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}

export function Notice({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="notice">
      {children}
    </p>
  );
}
