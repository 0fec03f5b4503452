// The confirm step shared by "fix and re-send" and "send to one recipient" (issue 14 item 4): the plan as it will be
// sent, then back or send. The send button stays disabled once pressed and after success, so one confirmation can
// never become two documents.
import type { ReactNode } from 'react';
import type { OneDocumentPlan } from '../../../shared/domain/document-actions.ts';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { OneDocumentPlanView } from './OneDocumentPlanView.tsx';

type Sending = { isPending: boolean; isSuccess: boolean; error: unknown };

export function OneDocumentConfirm(p: {
  plan: OneDocumentPlan;
  sending: Sending;
  onBack: () => void;
  onSend: () => void;
  sendLabel: string;
  sendTestId: string;
  /** A re-send replaces a refused document: the warning and a red button say it is irreversible. */
  warning?: ReactNode;
  pendingText?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      {p.warning ? <p className="warning">{p.warning}</p> : null}
      <OneDocumentPlanView plan={p.plan} />
      {p.sending.isPending && p.pendingText ? <p role="status">{p.pendingText}</p> : null}
      <ErrorBox error={p.sending.error} />
      <div className="actions">
        <button type="button" onClick={p.onBack} disabled={p.sending.isPending}>
          {t('resend.back')}
        </button>
        <button type="button" className={p.warning ? 'danger' : 'primary'} onClick={p.onSend} disabled={p.sending.isPending || p.sending.isSuccess} data-testid={p.sendTestId}>
          {p.sendLabel}
        </button>
      </div>
    </>
  );
}
