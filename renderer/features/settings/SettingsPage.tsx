// Settings (issue 3 §3): profiles (built-ins, import custom JSON, switch with confirmation), credentials as
// write-only fields (set/clear; only "set" and the last 4 characters ever come back, DESIGN §3), rate and
// concurrency of the active profile, the landing-events folder (issue 14 §6), the institution's name (pre-review
// form), data folder, language, and the clean-up of exports/.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { SECRET_KEYS, type SecretKey, type SecretStatus } from '../../../shared/domain/secrets.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n, type Lang } from '../../i18n/i18n.tsx';
import { useProfiles } from '../../app/useProfiles.ts';
import { LandingFolderSettings } from './LandingFolderSettings.tsx';
import { ProfileImport } from './ProfileImport.tsx';
import { InstitutionName } from './InstitutionName.tsx';
import { ExportsCleanup } from './ExportsCleanup.tsx';
import { href } from '../../app/routes.ts';
import { TrackerSettings } from './TrackerSettings.tsx';

type ProfileItem = { name: string; kind: 'sandbox' | 'test' | 'production'; label: string; builtin: boolean; active: boolean };

function SecretRow({ status }: { status: SecretStatus }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [value, setValue] = useState('');
  const [saved, setSaved] = useState(false);
  const id = useId();
  const done = () => {
    setValue('');
    setSaved(true);
    void qc.invalidateQueries({ queryKey: ['secrets'] });
  };
  const set = useMutation({ mutationFn: () => call('settings:setSecret', { key: status.key, value }), onSuccess: done });
  const clear = useMutation({ mutationFn: () => call('settings:clearSecret', { key: status.key }), onSuccess: done });
  const label = t(`settings.secret.${status.key}`);
  return (
    <tr data-testid={`secret-${status.key}`}>
      <th scope="row">
        <label htmlFor={id}>{label}</label>
      </th>
      <td>
        {status.set ? (status.last4 ? t('settings.secretSet', { last4: status.last4 }) : t('settings.secretSetNoLast4')) : t('settings.secretUnset')}
        <div className="small muted">{t(`settings.secretSource.${status.source}`)}</div>
      </td>
      <td>
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (value) set.mutate();
          }}
        >
          {/* Write-only: the field never holds a stored value, and the browser must not remember it. */}
          <input
            id={id}
            type="password"
            autoComplete="new-password"
            placeholder={t('settings.secretNew')}
            value={value}
            onChange={(e) => {
              setValue(e.target.value);
              setSaved(false);
            }}
            data-testid={`secret-input-${status.key}`}
          />
          <button type="submit" disabled={!value || set.isPending} data-testid={`secret-save-${status.key}`}>
            {t('settings.secretSave')}
          </button>
          <button type="button" onClick={() => clear.mutate()} disabled={!status.set || status.source !== 'vault' || clear.isPending}>
            {t('settings.secretClear')}
          </button>
        </form>
        {saved ? <span role="status" className="small">{t('settings.secretSaved')}</span> : null}
        <ErrorBox error={set.error ?? clear.error} />
      </td>
    </tr>
  );
}

export function SettingsPage() {
  const { t, lang, setLang } = useI18n();
  const qc = useQueryClient();
  const profiles = useProfiles();
  const secrets = useQuery({ queryKey: ['secrets'], queryFn: () => call('settings:secretStatus', {}) });
  const info = useQuery({ queryKey: ['settings-info'], queryFn: () => call('settings:info', {}) });
  const active = profiles.data?.find((p) => p.active);
  const detail = useQuery({ queryKey: ['profile', active?.name], queryFn: () => call('profiles:show', { name: active?.name ?? '' }), enabled: !!active });
  const [switchTo, setSwitchTo] = useState<ProfileItem | null>(null);
  const [switched, setSwitched] = useState('');
  const use = useMutation({
    mutationFn: (p: ProfileItem) => call('profiles:use', { name: p.name, confirmProduction: p.kind === 'production' }),
    onSuccess: () => {
      setSwitchTo(null);
      setSwitched(t('settings.switched'));
      void qc.invalidateQueries();
    },
  });
  const svc = detail.data?.docsgw;
  return (
    <section aria-labelledby="settings-title" data-testid="settings">
      <h1 id="settings-title">{t('settings.title')}</h1>

      <section aria-labelledby="set-profiles" className="card">
        <h2 id="set-profiles">{t('settings.profiles')}</h2>
        {profiles.isPending ? <Loading /> : null}
        <ErrorBox error={profiles.error} />
        {switched ? <Notice>{switched}</Notice> : null}
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('settings.profileName')}</th>
              <th scope="col">{t('settings.profileKind')}</th>
              <th scope="col">{t('settings.profileActive')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('mailings.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {(profiles.data ?? []).map((p) => (
              <tr key={p.name}>
                <td>
                  {p.label || p.name} <span className="muted small">({p.name})</span>
                </td>
                <td>
                  <span className={`chip profile-chip-${p.kind}`}>{t(`profile.kind.${p.kind}`)}</span>
                </td>
                <td>{p.active ? t('common.yes') : ''}</td>
                <td>
                  {!p.active ? (
                    <button type="button" onClick={() => setSwitchTo(p)} data-testid={`use-${p.name}`}>
                      {t('settings.use')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ProfileImport />
      </section>

      <InstitutionName />
      <section aria-labelledby="set-network-plan" className="card">
        <h2 id="set-network-plan">{t('settings.networkPlan')}</h2>
        <p className="muted">{t('settings.networkPlanIntro')}</p>
        <a href={href('settings', { section: 'network-plan' })} className="button-like" data-testid="open-network-plan">
          {t('settings.networkPlanOpen')}
        </a>
      </section>

      <section aria-labelledby="set-secrets" className="card">
        <h2 id="set-secrets">{t('settings.credentials')}</h2>
        <p className="muted">{t('settings.credentialsIntro')}</p>
        <ErrorBox error={secrets.error} />
        <table className="data-table" data-testid="secrets-table">
          <tbody>
            {SECRET_KEYS.map((k: SecretKey) => {
              const s = secrets.data?.find((x) => x.key === k);
              return s ? <SecretRow key={k} status={s} /> : null;
            })}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="set-limits" className="card">
        <h2 id="set-limits">{t('settings.limits')}</h2>
        {svc ? (
          <dl className="summary">
            <dt>{t('settings.host')}</dt>
            <dd className="mono">
              {svc.host}:{svc.port}
            </dd>
            <dt>{t('settings.addresses')}</dt>
            <dd className="mono">{svc.addresses.join(', ') || '—'}</dd>
            <dt>{t('settings.rate')}</dt>
            <dd>{svc.rateLimitPerSec}</dd>
            <dt>{t('settings.concurrency')}</dt>
            <dd>{svc.concurrency}</dd>
          </dl>
        ) : (
          <Loading />
        )}
      </section>

      <LandingFolderSettings />
      <TrackerSettings />

      <section aria-labelledby="set-general" className="card">
        <h2 id="set-general">{t('settings.dataFolder')}</h2>
        {info.data ? (
          <p>
            <span className="mono" data-testid="data-folder">
              {info.data.dataDir}
            </span>{' '}
            <span className="muted small">({info.data.protection === 'passphrase' ? t('settings.protectionPassphrase') : info.data.protection === 'unprotected-sandbox' ? t('settings.protectionSandbox') : info.data.protection})</span>
          </p>
        ) : null}
        <p className="muted">{t('settings.dataFolderHint')}</p>
        <label className="field">
          {t('settings.language')}
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="settings-lang">
            <option value="ko">한국어</option>
            <option value="en">English</option>
          </select>
        </label>
      </section>

      <ExportsCleanup />

      <Dialog open={switchTo !== null} title={t('settings.switchTitle', { name: switchTo?.label || switchTo?.name || '' })} onClose={() => setSwitchTo(null)} testId="switch-dialog">
        <p className={switchTo?.kind === 'production' ? 'warning' : ''}>{t(switchTo?.kind === 'production' ? 'settings.switchBody' : 'settings.switchSandbox')}</p>
        <ErrorBox error={use.error} />
        <div className="actions">
          <button type="button" onClick={() => setSwitchTo(null)}>
            {t('common.cancel')}
          </button>
          <button type="button" className={switchTo?.kind === 'production' ? 'danger' : 'primary'} onClick={() => switchTo && use.mutate(switchTo)} disabled={use.isPending}>
            {t('common.confirm')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
