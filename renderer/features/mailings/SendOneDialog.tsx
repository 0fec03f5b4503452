// "한 명에게 보내기" (issue 14 item 4): one new document to one recipient — name, phone and birthday, or a CI — with
// the title, link and customer centre of a chosen mailing's defaults unless typed here. The backend checks it like
// an imported row, shows the plan (what, to whom, which profile) and sends it, once confirmed, as a mailing of one
// document through the usual sender and journal.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { MailingSummary } from '../../../shared/domain/mailing.ts';
import type { OneDocumentPlan, OneDocumentResult, SendOneInput } from '../../../shared/domain/document-actions.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox } from '../../components/Status.tsx';
import { TextField } from '../../components/TextField.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { errorNotShownByField, fieldErrors } from '../documents/field-errors.ts';
import { OneDocumentConfirm } from '../documents/OneDocumentConfirm.tsx';

const RECIPIENT = ['name', 'phone', 'birthday', 'ci'] as const;
const CONTENT = ['title', 'link', 'csNumber', 'csName', 'message'] as const;
type Typed = Record<(typeof RECIPIENT)[number] | (typeof CONTENT)[number], string>;
const EMPTY: Typed = { name: '', phone: '', birthday: '', ci: '', title: '', link: '', csNumber: '', csName: '', message: '' };

/** Only what was typed: an empty content field takes the mailing's default. */
function inputOf(base: string, typed: Typed): SendOneInput {
  const pick = <K extends keyof Typed>(keys: readonly K[]) => Object.fromEntries(keys.filter((k) => typed[k].trim() !== '').map((k) => [k, typed[k].trim()]));
  return { ...(base ? { baseMailingId: base } : {}), recipient: pick(RECIPIENT), content: pick(CONTENT) };
}

export function SendOneDialog({ mailings, onClose, onDone }: { mailings: MailingSummary[]; onClose: () => void; onDone: (r: OneDocumentResult) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const baseId = useId();
  const [base, setBase] = useState(mailings[0]?.id ?? '');
  const [typed, setTyped] = useState<Typed>(EMPTY);
  const [plan, setPlan] = useState<OneDocumentPlan | null>(null);
  const review = useMutation({ mutationFn: () => call('documents:planSendOne', inputOf(base, typed)), onSuccess: setPlan });
  const send = useMutation({
    mutationFn: (p: OneDocumentPlan) => call('documents:sendOne', { ...inputOf(base, typed), confirmDigest: p.digest }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['mailings'] });
      void qc.invalidateQueries({ queryKey: ['documents'] });
      onDone(r);
    },
  });
  const errors = fieldErrors(review.error);
  const field = (k: keyof Typed, label: string, o: { hint?: string; mono?: boolean } = {}) => (
    <TextField
      label={label}
      hint={o.hint}
      mono={o.mono}
      error={errors[k]}
      value={typed[k]}
      onChange={(v) => {
        setTyped((x) => ({ ...x, [k]: v }));
        review.reset();
      }}
      testId={`send-one-${k}`}
    />
  );
  return (
    <Dialog open title={plan ? t('sendOne.confirmTitle') : t('sendOne.title')} onClose={onClose} testId="send-one-dialog">
      {plan ? (
        <OneDocumentConfirm plan={plan} sending={send} onBack={() => setPlan(null)} onSend={() => send.mutate(plan)} sendLabel={t('sendOne.send')} sendTestId="send-one-confirm" />
      ) : (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            review.mutate();
          }}
        >
          <p className="muted">{t('sendOne.intro')}</p>
          <div className="field">
            <label htmlFor={baseId}>{t('sendOne.base')}</label>
            <select id={baseId} value={base} onChange={(e) => setBase(e.target.value)} data-testid="send-one-base">
              <option value="">{t('sendOne.noBase')}</option>
              {mailings.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset>
            <legend>{t('sendOne.recipient')}</legend>
            {field('name', t('sendOne.name'))}
            {field('phone', t('sendOne.phone'), { hint: t('resend.phoneHint'), mono: true })}
            {field('birthday', t('sendOne.birthday'), { hint: t('resend.birthdayHint'), mono: true })}
            {field('ci', t('sendOne.ci'), { mono: true })}
          </fieldset>
          <fieldset>
            <legend>{t('sendOne.content')}</legend>
            {field('title', t('sendOne.docTitle'))}
            {field('link', t('sendOne.link'), { mono: true })}
            {field('csNumber', t('sendOne.csNumber'))}
            {field('csName', t('sendOne.csName'))}
            {field('message', t('sendOne.message'))}
          </fieldset>
          <ErrorBox error={errorNotShownByField(review.error, [...RECIPIENT, ...CONTENT])} />
          <div className="actions">
            <button type="button" onClick={onClose}>
              {t('common.close')}
            </button>
            <button type="submit" className="primary" disabled={review.isPending} data-testid="send-one-review">
              {t('resend.review')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
