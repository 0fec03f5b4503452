// One verification: bank picker (Korean names from `kcp:banks`; banks whose KCP support is unconfirmed are listed
// apart and need an explicit confirmation), account number, owner name → the result with res_cd/res_msg.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import type { Bank } from '../../../shared/domain/banks.ts';
import { call } from '../../bridge/call.ts';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { zodResolver } from '../../lib/zod-resolver.ts';
import { VerificationResultView } from './VerificationResultView.tsx';

// Shapes only; the backend (main/kcp/validate.ts) applies seed 004's rules (forbidden characters, EUC-KR lengths).
const formSchema = z.object({
  bankCode: z.string().regex(/^\d{2}$/),
  accountNo: z.string().trim().min(1).max(40),
  ownerName: z.string().trim().min(1).max(40),
  confirmUnverifiedBank: z.boolean(),
});
type Form = z.infer<typeof formSchema>;

export function VerifyOne({ banks }: { banks: Bank[] }) {
  const { t } = useI18n();
  const [shownBank, setShownBank] = useState('');
  const form = useForm<Form>({ resolver: zodResolver(formSchema), mode: 'onTouched', defaultValues: { bankCode: '', accountNo: '', ownerName: '', confirmUnverifiedBank: false } });
  const errors = form.formState.errors;
  const bankCode = form.watch('bankCode');
  const bank = banks.find((b) => b.code === bankCode);
  const verify = useMutation({ mutationFn: (f: Form) => call('kcp:verify', f) });
  const confirmed = banks.filter((b) => b.kcpVerified);
  const unconfirmed = banks.filter((b) => !b.kcpVerified);

  return (
    <section aria-labelledby="kcp-one-title">
      <h2 id="kcp-one-title">{t('kcp.one.title')}</h2>
      <p className="muted">{t('kcp.one.intro')}</p>
      <form
        noValidate
        onSubmit={form.handleSubmit((f) => {
          setShownBank(bank?.nameKo ?? '');
          verify.mutate(f);
        })}
      >
        <div className="field">
          <label htmlFor="kcp-bank">{t('kcp.field.bank')}</label>
          <select id="kcp-bank" aria-invalid={errors.bankCode ? 'true' : 'false'} aria-describedby="kcp-bank-hint" data-testid="kcp-bank" {...form.register('bankCode')}>
            <option value="">{t('kcp.field.bankPlaceholder')}</option>
            <optgroup label={t('kcp.field.bankConfirmed')}>
              {confirmed.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.nameKo} ({b.code})
                </option>
              ))}
            </optgroup>
            <optgroup label={t('kcp.field.bankUnconfirmed')}>
              {unconfirmed.map((b) => (
                <option key={b.code} value={b.code}>
                  {t('kcp.field.bankUnconfirmedOption', { name: b.nameKo, code: b.code })}
                </option>
              ))}
            </optgroup>
          </select>
          <span id="kcp-bank-hint" className={errors.bankCode ? 'field-error' : 'muted small'}>
            {errors.bankCode ? t('kcp.field.bankError') : (bank?.note ?? t('kcp.field.bankHint'))}
          </span>
        </div>
        {bank && !bank.kcpVerified ? (
          <div className="warning" data-testid="kcp-unconfirmed-warning">
            <p>{t('kcp.unconfirmed.body', { name: bank.nameKo })}</p>
            <label className="check">
              <input type="checkbox" data-testid="kcp-confirm-unverified" {...form.register('confirmUnverifiedBank')} />
              {t('kcp.unconfirmed.ack')}
            </label>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor="kcp-account">{t('kcp.field.account')}</label>
          <input
            id="kcp-account"
            inputMode="numeric"
            autoComplete="off"
            className="mono"
            aria-invalid={errors.accountNo ? 'true' : 'false'}
            aria-describedby="kcp-account-hint"
            data-testid="kcp-account"
            {...form.register('accountNo')}
          />
          <span id="kcp-account-hint" className={errors.accountNo ? 'field-error' : 'muted small'}>
            {errors.accountNo ? t('kcp.field.accountError') : t('kcp.field.accountHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="kcp-owner">{t('kcp.field.owner')}</label>
          <input id="kcp-owner" autoComplete="off" aria-invalid={errors.ownerName ? 'true' : 'false'} aria-describedby="kcp-owner-hint" data-testid="kcp-owner" {...form.register('ownerName')} />
          <span id="kcp-owner-hint" className={errors.ownerName ? 'field-error' : 'muted small'}>
            {errors.ownerName ? t('kcp.field.ownerError') : t('kcp.field.ownerHint')}
          </span>
        </div>
        <div className="actions">
          <button type="submit" className="primary" disabled={verify.isPending} data-testid="kcp-submit">
            {t('kcp.one.submit')}
          </button>
        </div>
      </form>
      {verify.isPending ? <p role="status">{t('kcp.one.sending')}</p> : null}
      <ErrorBox error={verify.error} />
      {verify.data ? <VerificationResultView result={verify.data} bankName={verify.data.bankName ?? shownBank} /> : null}
    </section>
  );
}
