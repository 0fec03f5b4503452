// The decision on an UNKNOWN cancel (DESIGN §6 applied to PayUp, issue 5 §1): the request may already have
// cancelled the payment, so retrying can cancel twice (or fail with 1005) — the operator checks PayUp's admin
// screen first and acknowledges the risk before "retry" or "abandon". The backend audits the decision.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { CancelResult } from './CancelResultView.tsx';

export function ResolveDialog({
  transactionId,
  onClose,
  onResolved,
  testId = 'payup-resolve-dialog',
}: {
  transactionId: string | null;
  onClose: () => void;
  onResolved?: (r: CancelResult | null) => void;
  testId?: string;
}) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [ack, setAck] = useState(false);
  const resolve = useMutation({
    mutationFn: (decision: 'retry' | 'abandon') => call('payup:resolve', { transactionId: transactionId ?? '', decision }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: ['payup'] });
      setAck(false);
      onResolved?.(r.result);
      onClose();
    },
  });
  const close = () => {
    setAck(false);
    resolve.reset();
    onClose();
  };
  return (
    <Dialog open={transactionId !== null} title={t('payup.resolve.title', { tx: transactionId ?? '' })} onClose={close} testId={testId}>
      <p>{t('payup.resolve.body1')}</p>
      <p className="warning">{t('payup.resolve.body2')}</p>
      <p>{t('payup.resolve.body3')}</p>
      <label className="check">
        <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} data-testid="payup-resolve-ack" />
        {t('payup.resolve.ack')}
      </label>
      <ErrorBox error={resolve.error} />
      <div className="actions">
        <button type="button" onClick={close}>
          {t('common.close')}
        </button>
        <button type="button" disabled={!ack || resolve.isPending} onClick={() => resolve.mutate('abandon')}>
          {t('payup.resolve.abandon')}
        </button>
        <button type="button" className="danger" disabled={!ack || resolve.isPending} onClick={() => resolve.mutate('retry')}>
          {t('payup.resolve.retry')}
        </button>
      </div>
    </Dialog>
  );
}
