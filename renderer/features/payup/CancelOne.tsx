// One cancel: transaction id and reason (checked with the contract's own limits) → a confirm dialog that says the
// cancel cannot be undone → the result. An UNKNOWN answer opens the resolve dialog at once.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { payupCancelInputSchema } from '../../../shared/domain/payup.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { zodResolver } from '../../lib/zod-resolver.ts';
import { CancelResultView, type CancelResult } from './CancelResultView.tsx';
import { ResolveDialog } from './ResolveDialog.tsx';

type Form = z.infer<typeof payupCancelInputSchema>;

export function CancelOne() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [confirming, setConfirming] = useState<Form | null>(null);
  const [result, setResult] = useState<CancelResult | null>(null);
  const [resolving, setResolving] = useState<string | null>(null);
  const form = useForm<Form>({ resolver: zodResolver(payupCancelInputSchema), mode: 'onTouched', defaultValues: { transactionId: '', reason: '' } });
  const errors = form.formState.errors;

  const cancel = useMutation({
    mutationFn: (input: Form) => call('payup:cancel', input),
    onSuccess: (r) => {
      setConfirming(null);
      setResult(r);
      void qc.invalidateQueries({ queryKey: ['payup'] });
      if (r.state === 'UNKNOWN') setResolving(r.transactionId);
    },
  });

  return (
    <section aria-labelledby="payup-one-title">
      <h2 id="payup-one-title">{t('payup.one.title')}</h2>
      <p className="muted">{t('payup.one.intro')}</p>
      <form
        noValidate
        onSubmit={form.handleSubmit((values) => {
          cancel.reset();
          setConfirming(values);
        })}
      >
        <div className="field">
          <label htmlFor="payup-tx">{t('payup.field.transactionId')}</label>
          <input
            id="payup-tx"
            className="mono"
            maxLength={20}
            autoComplete="off"
            aria-invalid={errors.transactionId ? 'true' : 'false'}
            aria-describedby="payup-tx-hint"
            data-testid="payup-tx"
            {...form.register('transactionId')}
          />
          <span id="payup-tx-hint" className={errors.transactionId ? 'field-error' : 'muted small'}>
            {errors.transactionId ? t('payup.field.transactionIdError') : t('payup.field.transactionIdHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="payup-reason">{t('payup.field.reason')}</label>
          <input
            id="payup-reason"
            maxLength={256}
            aria-invalid={errors.reason ? 'true' : 'false'}
            aria-describedby="payup-reason-hint"
            data-testid="payup-reason"
            {...form.register('reason')}
          />
          <span id="payup-reason-hint" className={errors.reason ? 'field-error' : 'muted small'}>
            {errors.reason ? t('payup.field.reasonError') : t('payup.field.reasonHint')}
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="danger" data-testid="payup-submit">
            {t('payup.one.submit')}
          </button>
        </div>
      </form>

      <Dialog open={confirming !== null} title={t('payup.confirm.title')} onClose={() => setConfirming(null)} testId="payup-confirm-dialog">
        <p className="warning">{t('payup.confirm.irreversible')}</p>
        <dl className="summary">
          <dt>{t('payup.field.transactionId')}</dt>
          <dd className="mono">{confirming?.transactionId}</dd>
          <dt>{t('payup.field.reason')}</dt>
          <dd>{confirming?.reason}</dd>
        </dl>
        {cancel.isPending ? <p role="status">{t('payup.one.sending')}</p> : null}
        <ErrorBox error={cancel.error} />
        <div className="actions">
          <button type="button" onClick={() => setConfirming(null)} disabled={cancel.isPending}>
            {t('common.close')}
          </button>
          <button type="button" className="danger" disabled={cancel.isPending} onClick={() => confirming && cancel.mutate(confirming)} data-testid="payup-confirm">
            {t('payup.confirm.go')}
          </button>
        </div>
      </Dialog>

      {result ? <CancelResultView result={result} onResolve={() => setResolving(result.transactionId)} /> : null}
      <ResolveDialog transactionId={resolving} onClose={() => setResolving(null)} onResolved={(r) => r && setResult(r)} />
    </section>
  );
}
