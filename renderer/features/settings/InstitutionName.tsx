// The institution's name (이용기관명): field 1 of the pre-review form of seed 001 §2.1. Changing it is audited
// (config.set), as `docdesk config set institutionName` is.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { call } from '../../bridge/call.ts';
import { ErrorBox } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

export function InstitutionName() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const id = useId();
  const info = useQuery({ queryKey: ['settings-info'], queryFn: () => call('settings:info', {}) });
  const [name, setName] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const current = info.data?.institutionName ?? '';
  useEffect(() => {
    if (name === null && info.data) setName(current);
  }, [name, info.data, current]);
  const save = useMutation({
    mutationFn: () => call('settings:setInstitutionName', { name: name ?? '' }),
    onSuccess: () => {
      setSaved(true);
      void qc.invalidateQueries({ queryKey: ['settings-info'] });
      void qc.invalidateQueries({ queryKey: ['pre-review'] });
    },
  });
  return (
    <section aria-labelledby={`${id}-title`} className="card" data-testid="institution">
      <h2 id={`${id}-title`}>{t('settings.institution')}</h2>
      <p className="muted">{t('settings.institutionHint')}</p>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <label htmlFor={id}>{t('settings.institutionName')}</label>
        <input
          id={id}
          type="text"
          maxLength={100}
          value={name ?? ''}
          onChange={(e) => {
            setName(e.target.value);
            setSaved(false);
          }}
          data-testid="institution-name"
        />
        <button type="submit" disabled={!name?.trim() || name.trim() === current || save.isPending} data-testid="institution-save">
          {t('settings.secretSave')}
        </button>
      </form>
      {saved ? (
        <p role="status" className="small">
          {t('settings.secretSaved')}
        </p>
      ) : null}
      <ErrorBox error={save.error} />
    </section>
  );
}
