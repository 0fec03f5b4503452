// Importing a profile JSON (Settings): a new profile is added at once; one that replaces a profile of the same
// name — the active one included — first shows every field that changes (where we connect, whom we trust, what
// kind it is highlighted) and is replaced only when the operator confirms exactly that (the preview's digest).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PROFILE_KEY_FIELDS, type ProfileImportPreview } from '../../../shared/domain/profile.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { FileButton } from '../../components/FileButton.tsx';
import { chosenFilePath } from '../../lib/file-chooser.tsx';

type Pending = { filePath: string; preview: ProfileImportPreview };

/** Every field a replacement changes; where we connect, whom we trust and what kind it is are highlighted. */
export function ChangesTable({ preview }: { preview: ProfileImportPreview }) {
  const { t } = useI18n();
  return (
    <table className="data-table" data-testid="profile-changes">
      <thead>
        <tr>
          <th scope="col">{t('settings.changeField')}</th>
          <th scope="col">{t('settings.changeBefore')}</th>
          <th scope="col">{t('settings.changeAfter')}</th>
        </tr>
      </thead>
      <tbody>
        {preview.changes.map((c) => {
          const key = PROFILE_KEY_FIELDS.test(c.field);
          return (
            <tr key={c.field} className={key ? 'warning' : ''} data-key-field={key ? 'true' : undefined}>
              <th scope="row" className="mono">
                {c.field}
                {key ? <span className="visually-hidden"> ({t('settings.changeKey')})</span> : null}
              </th>
              <td className="mono">{c.before ?? t('settings.changeNone')}</td>
              <td className="mono">{c.after ?? t('settings.changeNone')}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

export function ProfileImport() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [done, setDone] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);

  const finish = (r: { name: string; replaced: boolean; changes: number }) => {
    setPending(null);
    setDone(r.replaced ? (r.changes === 0 ? t('settings.importUnchanged', { name: r.name }) : t('settings.replaced', { name: r.name, count: String(r.changes) })) : t('settings.imported', { name: r.name }));
    void qc.invalidateQueries();
  };

  const choose = useMutation({
    mutationFn: async (file: File | null) => {
      setDone('');
      const filePath = await chosenFilePath(file, 'profile');
      if (!filePath) return null;
      const preview = await call('profiles:previewImport', { filePath });
      // A new profile (or the same content again) changes nothing the operator has to look at.
      if (!preview.exists || preview.changes.length === 0) return { kind: 'imported' as const, result: await call('profiles:import', { filePath, confirmReplace: preview.digest }) };
      return { kind: 'confirm' as const, pending: { filePath, preview } };
    },
    onSuccess: (r) => {
      if (r?.kind === 'imported') finish(r.result);
      else if (r?.kind === 'confirm') setPending(r.pending);
    },
  });
  const replace = useMutation({
    mutationFn: (p: Pending) => call('profiles:import', { filePath: p.filePath, confirmReplace: p.preview.digest }),
    onSuccess: finish,
  });

  const p = pending?.preview;
  return (
    <div>
      <FileButton label={t('settings.import')} accept=".json,application/json" testId="profile-import-input" onChoose={(f) => choose.mutate(f)} />
      {done ? <Notice>{done}</Notice> : null}
      <ErrorBox error={choose.error} />

      <Dialog open={pending !== null} title={t('settings.replaceTitle', { name: p?.label || p?.name || '' })} onClose={() => setPending(null)} testId="profile-replace-dialog">
        {p ? (
          <>
            <p className="warning">{t(p.active ? 'settings.replaceActiveBody' : 'settings.replaceBody', { name: p.name, count: String(p.changes.length) })}</p>
            <ChangesTable preview={p} />
            <ErrorBox error={replace.error} />
            <div className="actions">
              <button type="button" onClick={() => setPending(null)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="danger" onClick={() => pending && replace.mutate(pending)} disabled={replace.isPending} data-testid="profile-replace-confirm">
                {t('settings.replaceConfirm')}
              </button>
            </div>
          </>
        ) : null}
      </Dialog>
    </div>
  );
}
