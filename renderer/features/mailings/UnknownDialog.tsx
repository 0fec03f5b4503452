// The UNKNOWN-resolution dialog (issue 3 §3, DESIGN §6): explains the double-send risk in plain Korean before the
// operator chooses to resend or abandon; the choice needs an explicit acknowledgement and is audited by the backend.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { UnknownResolution } from '../../../shared/domain/mailing.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export function UnknownDialog({ mailingId, count, onClose }: { mailingId: string | null; count: number; onClose: () => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [ack, setAck] = useState(false);
  const resolve = useMutation({
    mutationFn: (resolution: UnknownResolution) => call('mailing:resolve', { mailingId: mailingId ?? '', resolution }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['mailings'] });
      setAck(false);
      onClose();
    },
  });
  return (
    <Dialog open={mailingId !== null} title={t('unknown.title', { count })} onClose={onClose} testId="unknown-dialog">
      <p>{t('unknown.body1')}</p>
      <p className="warning">{t('unknown.body2')}</p>
      <p>{t('unknown.body3')}</p>
      <label className="check">
        <input type="checkbox" checked={ack} onChange={(e) => setAck(e.target.checked)} />
        {t('unknown.ack')}
      </label>
      <ErrorBox error={resolve.error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
        <button type="button" disabled={!ack || resolve.isPending} onClick={() => resolve.mutate('abandon')}>
          {t('unknown.abandon')}
        </button>
        <button type="button" className="danger" disabled={!ack || resolve.isPending} onClick={() => resolve.mutate('resend')}>
          {t('unknown.resend')}
        </button>
      </div>
    </Dialog>
  );
}
