// Retention and the anchor folder changed on the screen (issue 14 item 9: no screen speaks CLI), through
// audit:settings — the same backend calls as `docdesk audit config`, each change an audit event.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { call } from '../../bridge/call.ts';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export function AuditSettingsForm({ retentionDays, anchorFolder }: { retentionDays: number; anchorFolder: string | null }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const daysId = useId();
  const folderId = useId();
  const [days, setDays] = useState(String(retentionDays));
  const [folder, setFolder] = useState(anchorFolder ?? '');
  const save = useMutation({
    mutationFn: () => {
      const n = Number(days);
      const f = folder.trim();
      return call('audit:settings', {
        ...(Number.isInteger(n) && n !== retentionDays ? { retentionDays: n } : {}),
        ...(f !== (anchorFolder ?? '') ? { anchorFolder: f === '' ? null : f } : {}),
      });
    },
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['audit-overview'] }),
  });
  return (
    <details className="audit-settings-form">
      <summary>{t('audit.settings.edit')}</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label className="field" htmlFor={daysId}>
          {t('audit.settings.retentionInput')}
          <input id={daysId} type="number" min={365} max={36_500} value={days} onChange={(e) => setDays(e.target.value)} data-testid="audit-retention-input" />
        </label>
        <label className="field" htmlFor={folderId}>
          {t('audit.settings.anchorInput')}
          <input id={folderId} value={folder} onChange={(e) => setFolder(e.target.value)} data-testid="audit-anchor-input" />
        </label>
        <ErrorBox error={save.error} />
        {save.isSuccess ? <Notice>{t('audit.settings.saved')}</Notice> : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending} data-testid="audit-settings-save">
            {t('audit.settings.save')}
          </button>
        </div>
      </form>
    </details>
  );
}
