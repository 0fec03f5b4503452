// "수정 후 다시 보내기" (issue 14 item 4): the corrected phone, name or birthday → the plan (what will be sent, to which
// profile; nothing changes yet) → the confirmed send of a NEW document linked to this one. The backend checks the
// values like an imported row and refuses a document that was already re-sent; the send button is disabled while a
// send runs, so a double click sends nothing twice.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { OneDocumentPlan, OneDocumentResult, RecipientFix } from '../../../shared/domain/document-actions.ts';
import type { DocumentDetail } from '../../../shared/domain/mailing.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox } from '../../components/Status.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorNotShownByField, fieldErrors } from './field-errors.ts';
import { OneDocumentConfirm } from './OneDocumentConfirm.tsx';

export function ResendDialog({ detail, documentRef, onClose, onDone }: { detail: DocumentDetail; documentRef: string; onClose: () => void; onDone: (r: OneDocumentResult) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [typed, setTyped] = useState({ phone: '', name: '', birthday: '' });
  const [plan, setPlan] = useState<OneDocumentPlan | null>(null);
  const fix = (): RecipientFix => ({
    ...(typed.phone.trim() ? { phone: typed.phone.trim() } : {}),
    ...(typed.name.trim() ? { name: typed.name.trim() } : {}),
    ...(typed.birthday.trim() ? { birthday: typed.birthday.trim() } : {}),
  });
  const review = useMutation({ mutationFn: () => call('documents:planResend', { ref: documentRef, fix: fix() }), onSuccess: setPlan });
  const send = useMutation({
    mutationFn: (p: OneDocumentPlan) => call('documents:resend', { ref: documentRef, fix: fix(), confirmDigest: p.digest }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['document'] });
      void qc.invalidateQueries({ queryKey: ['documents'] });
      void qc.invalidateQueries({ queryKey: ['mailings'] });
      onDone(r);
    },
  });
  const errors = fieldErrors(review.error);
  const set = (k: keyof typeof typed) => (v: string) => {
    setTyped((x) => ({ ...x, [k]: v }));
    review.reset();
  };
  return (
    <Dialog open title={plan ? t('resend.confirmTitle') : t('resend.title')} onClose={onClose} testId="resend-dialog">
      <dl className="summary">
        <dt>{t('resend.original')}</dt>
        <dd>
          <span className="mono">{detail.externalDocumentUuid ?? `#${detail.id}`}</span> · {detail.recipient} · {t(`state.${detail.state}`)}
          {detail.errorCode ? ` ${detail.errorCode}` : ''}
        </dd>
      </dl>
      {plan ? (
        <OneDocumentConfirm
          plan={plan}
          sending={send}
          onBack={() => setPlan(null)}
          onSend={() => send.mutate(plan)}
          sendLabel={t('resend.send')}
          sendTestId="resend-confirm"
          warning={t('resend.confirmBody')}
          pendingText={t('resend.sending')}
        />
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            review.mutate();
          }}
        >
          <p className="muted">{t('resend.intro')}</p>
          <TextField label={t('resend.phone')} hint={t('resend.phoneHint')} error={errors['phone']} value={typed.phone} onChange={set('phone')} testId="resend-phone" mono autoFocus />
          <TextField label={t('resend.name')} error={errors['name']} value={typed.name} onChange={set('name')} testId="resend-name" />
          <TextField label={t('resend.birthday')} hint={t('resend.birthdayHint')} error={errors['birthday']} value={typed.birthday} onChange={set('birthday')} testId="resend-birthday" mono />
          <ErrorBox error={errorNotShownByField(review.error, ['phone', 'name', 'birthday'])} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              {t('common.close')}
            </button>
            <button type="submit" className="primary" disabled={review.isPending} data-testid="resend-review">
              {t('resend.review')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
