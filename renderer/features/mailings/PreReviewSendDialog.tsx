// The mailings list's send action on a day at 500,000 or more: the pre-review form and the operator's decision in a
// dialog before the send starts (the send itself is refused without a decision, PRE_REVIEW_REQUIRED).
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import type { MailingSummary } from '../../../shared/domain/mailing.ts';
import type { PreReviewSend } from '../../../shared/domain/pre-review.ts';
import { call, errorMessage } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { PreReviewPanel } from './PreReviewPanel.tsx';
import { startSend } from './send.ts';

/** `send(m)` starts the send at once, or first shows the form when the day would cross the line. */
export function usePreReviewedSend(): { send: (m: MailingSummary) => void; dialog: ReactNode } {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [pending, setPending] = useState<MailingSummary | null>(null);
  const [choice, setChoice] = useState<PreReviewSend | null>(null);
  const [error, setError] = useState('');

  const send = (m: MailingSummary) => {
    setError('');
    call('mailing:preReview', { mailingId: m.id })
      .then((r) => {
        if (r.required) {
          setChoice(null);
          setPending(m);
        } else startSend(qc, m.id);
      })
      .catch((e: unknown) => setError(errorMessage(e)));
  };
  const close = () => setPending(null);

  const dialog = (
    <>
      {error ? <ErrorBox error={new Error(error)} /> : null}
      <Dialog open={pending !== null} title={t('preReview.dialogTitle', { name: pending?.name ?? '' })} onClose={close} testId="pre-review-dialog">
        {pending ? <PreReviewPanel target={{ mailingId: pending.id }} onChange={setChoice} /> : null}
        <div className="actions">
          <button type="button" onClick={close}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            disabled={choice === null}
            onClick={() => {
              if (pending && choice) startSend(qc, pending.id, choice);
              close();
            }}
            data-testid="pre-review-send"
          >
            {t('mailings.send')}
          </button>
        </div>
      </Dialog>
    </>
  );
  return { send, dialog };
}
