// "이 계획으로 프로필 만들기": the profile the saved plan implies, through the confirmed profile import — a profile of
// the same name is replaced only after the operator saw every change and confirmed exactly that (the digest).
// A sandbox-only data folder takes the rehearsal only (the simulators on this PC, loopback).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { PlanProfileTarget } from '../../../../shared/domain/network-documents.ts';
import type { ProfileImportPreview } from '../../../../shared/domain/profile.ts';
import { href } from '../../../app/routes.ts';
import { call } from '../../../bridge/call.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorBox, Notice } from '../../../components/Status.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { ChangesTable } from '../ProfileImport.tsx';

type Made = { name: string; kind: string; replaced: boolean; changes: number };

export function PlanProfile() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const nameId = useId();
  const info = useQuery({ queryKey: ['settings-info'], queryFn: () => call('settings:info', {}) });
  const sandboxOnly = info.data !== undefined && info.data.protection !== 'passphrase';
  const [name, setName] = useState('network-plan');
  const [chosen, setChosen] = useState<PlanProfileTarget | null>(null);
  const target: PlanProfileTarget = chosen ?? (sandboxOnly ? 'sandbox' : 'production');
  const [pending, setPending] = useState<ProfileImportPreview | null>(null);
  const [made, setMade] = useState<Made | null>(null);

  const done = (r: Made) => {
    setPending(null);
    setMade(r);
    void qc.invalidateQueries({ queryKey: ['profiles'] });
  };
  const start = useMutation({
    mutationFn: async () => {
      setMade(null);
      const { preview } = await call('network:previewProfile', { name, target });
      if (preview.exists && preview.changes.length > 0) return { kind: 'confirm' as const, preview };
      return { kind: 'made' as const, made: await call('network:makeProfile', { name, target, confirmReplace: preview.digest }) };
    },
    onSuccess: (r) => {
      if (r.kind === 'confirm') setPending(r.preview);
      else done(r.made);
    },
  });
  const replace = useMutation({
    mutationFn: (p: ProfileImportPreview) => call('network:makeProfile', { name, target, confirmReplace: p.digest }),
    onSuccess: done,
  });

  return (
    <section className="card" aria-labelledby="plan-profile-title" data-testid="network-plan-profile">
      <h2 id="plan-profile-title">{t('plan.makeProfile')}</h2>
      <p className="muted">{t('plan.profileIntro')}</p>
      <fieldset>
        <legend>{t('plan.profileTarget')}</legend>
        <label className="check">
          <input type="radio" name="plan-target" checked={target === 'production'} disabled={sandboxOnly} onChange={() => setChosen('production')} data-testid="plan-target-production" />
          {t('plan.target.production')}
        </label>
        <label className="check">
          <input type="radio" name="plan-target" checked={target === 'sandbox'} onChange={() => setChosen('sandbox')} data-testid="plan-target-sandbox" />
          {t('plan.target.sandbox')}
        </label>
        {sandboxOnly ? <p className="muted small">{t('plan.target.sandboxOnly')}</p> : null}
      </fieldset>
      <div className="field">
        <label htmlFor={nameId}>{t('plan.profileName')}</label>
        <input id={nameId} className="mono" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} aria-describedby={`${nameId}-hint`} data-testid="plan-profile-name" />
        <span id={`${nameId}-hint`} className="muted small">
          {t('plan.profileNameHint')}
        </span>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={() => start.mutate()} disabled={start.isPending || name.trim() === ''} data-testid="plan-make-profile">
          {t('plan.makeProfile')}
        </button>
      </div>
      <ErrorBox error={start.error} />
      {made ? (
        <Notice>
          {made.replaced ? t('plan.profileReplaced', { name: made.name, count: String(made.changes) }) : t('plan.profileMade', { name: made.name })}{' '}
          <a href={href('settings')}>{t('plan.profileUse')}</a>
        </Notice>
      ) : null}

      <Dialog open={pending !== null} title={t('settings.replaceTitle', { name: pending?.label || pending?.name || '' })} onClose={() => setPending(null)} testId="plan-profile-replace-dialog">
        {pending ? (
          <>
            <p className="warning">{t(pending.active ? 'settings.replaceActiveBody' : 'settings.replaceBody', { name: pending.name, count: String(pending.changes.length) })}</p>
            <ChangesTable preview={pending} />
            <ErrorBox error={replace.error} />
            <div className="actions">
              <button type="button" onClick={() => setPending(null)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="danger" onClick={() => replace.mutate(pending)} disabled={replace.isPending} data-testid="plan-profile-replace-confirm">
                {t('settings.replaceConfirm')}
              </button>
            </div>
          </>
        ) : null}
      </Dialog>
    </section>
  );
}
