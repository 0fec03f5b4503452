// Settings → Connections (issue 15 items 4–5): the active profile's two line addresses (the bulk-only line of seed
// 001 §2.2) and PayUp and KCP as host choices — test or production, completed with the merchant id, the site code
// and the KCP module folder (a native folder dialog in the desktop app, a typed path in the browser; the backend
// checks it holds bin/pp_cli*). Red warnings: PayUp's test host may charge real KakaoPay money (reference B1), and
// KCP's test gateway and T0000 test site charge too. Saving shows every changed field and needs the confirmation of
// exactly that (the same digest-confirmed, audited replace as a profile import); a built-in profile is saved under a
// new name.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { z } from 'zod';
import type { Profile, ProfileImportPreview } from '../../../shared/domain/profile.ts';
import {
  hostChoiceOf,
  KCP_GATEWAYS,
  KCP_TEST_SITE,
  PAYUP_HOSTS,
  type ProfileEdit,
  type ServiceHostChoice,
} from '../../../shared/domain/service-settings.ts';
import { KCP_PORT, KCP_TEST_HOST, PAYUP_TEST_HOST } from '../../../shared/domain/network-hosts.ts';
import { call, callChannel } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useProfiles } from '../../app/useProfiles.ts';
import { ChangesTable } from './ProfileImport.tsx';

type Choice = ServiceHostChoice | 'keep' | 'none';

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname.toLowerCase();
  } catch {
    return '';
  }
}

/** The radio group's starting point: the current host as a choice, "keep" for any other host, "none" when absent. */
function initialChoice(host: string | undefined, hosts: Readonly<Record<ServiceHostChoice, string>>): Choice {
  if (host === undefined) return 'none';
  return hostChoiceOf(hosts, host) ?? 'keep';
}

function HostChoice({ name, value, onChange, keep, options }: { name: string; value: Choice; onChange: (c: Choice) => void; keep: string | null; options: { value: Choice; label: string }[] }) {
  const { t } = useI18n();
  const all: { value: Choice; label: string }[] = [...(keep !== null ? [{ value: 'keep' as const, label: t('conn.keep', { value: keep }) }] : []), { value: 'none', label: t('conn.none') }, ...options];
  return (
    <fieldset className="choice-group">
      <legend>{t('conn.host')}</legend>
      {all.map((o) => (
        <label key={o.value} className="choice">
          <input type="radio" name={name} value={o.value} checked={value === o.value} onChange={() => onChange(o.value)} data-testid={`${name}-${o.value}`} /> {o.label}
        </label>
      ))}
    </fieldset>
  );
}

function PayupTestWarning() {
  const { t } = useI18n();
  return (
    <div role="alert" className="error-box" data-testid="conn-payup-test-warning">
      <strong>{t('payup.testHost.title')}</strong> {t('payup.testHost.body', { host: PAYUP_TEST_HOST })}
    </div>
  );
}

function KcpTestWarning() {
  const { t } = useI18n();
  return (
    <div role="alert" className="error-box" data-testid="conn-kcp-test-warning">
      <strong>{t('conn.kcpTestTitle')}</strong> {t('conn.kcpTestBody', { host: KCP_TEST_HOST })}
    </div>
  );
}

function ConnectionForm({ profile, builtin, onSaved }: { profile: Profile; builtin: boolean; onSaved: (message: string) => void }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const ids = { saveAs: useId(), label: useId(), local: useId(), bulk: useId(), merchant: useId(), site: useId(), home: useId() };
  const [saveAs, setSaveAs] = useState('');
  const [label, setLabel] = useState('');
  const [local, setLocal] = useState(profile.docsgw.localAddress ?? '');
  const [bulk, setBulk] = useState(profile.docsgw.bulkLocalAddress ?? '');
  const payupHost = profile.payup ? hostOf(profile.payup.baseUrl) : undefined;
  const [payup, setPayup] = useState<Choice>(initialChoice(payupHost, PAYUP_HOSTS));
  const [merchantId, setMerchantId] = useState(profile.payup?.merchantId ?? '');
  const [kcp, setKcp] = useState<Choice>(initialChoice(profile.kcp?.host, KCP_GATEWAYS));
  const [siteCd, setSiteCd] = useState(profile.kcp?.siteCd ?? '');
  const [home, setHome] = useState(profile.kcp?.ppcliHome ?? '');
  const [pending, setPending] = useState<{ edit: ProfileEdit; preview: ProfileImportPreview } | null>(null);

  const edit = (): ProfileEdit => ({
    ...(builtin ? { saveAs: saveAs.trim(), ...(label.trim() ? { label: label.trim() } : {}) } : {}),
    lines: { localAddress: local.trim() || null, bulkLocalAddress: bulk.trim() || null },
    ...(payup === 'keep' ? {} : { payup: payup === 'none' ? null : { host: payup, merchantId: merchantId.trim() } }),
    ...(kcp === 'keep' ? {} : { kcp: kcp === 'none' ? null : { gateway: kcp, siteCd: siteCd.trim(), ppcliHome: home.trim() } }),
  });
  const review = useMutation({
    mutationFn: async () => {
      onSaved('');
      const e = edit();
      return { edit: e, preview: await call('profiles:previewEdit', e) };
    },
    onSuccess: setPending,
  });
  const save = useMutation({
    mutationFn: (p: { edit: ProfileEdit; preview: ProfileImportPreview }) => call('profiles:edit', { ...p.edit, confirmReplace: p.preview.digest }),
    onSuccess: (r) => {
      setPending(null);
      onSaved(r.replaced ? t('conn.saved', { name: r.name, count: String(r.changes) }) : t('conn.created', { name: r.name }));
      void qc.invalidateQueries();
    },
  });
  const pick = useMutation({
    mutationFn: () => callChannel('files:pickFolder', { purpose: 'kcpModule' }, z.object({ folderPath: z.string().nullable() })),
    onSuccess: (r) => {
      if (r.folderPath) setHome(r.folderPath);
    },
  });
  const kcpTest = kcp === 'test' || (kcp !== 'none' && KCP_TEST_SITE.test(siteCd.trim()));
  const p = pending?.preview;

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        review.mutate();
      }}
    >
      {builtin ? (
        <section className="card">
          <p className="warning">{t('conn.builtin')}</p>
          <label className="field" htmlFor={ids.saveAs}>
            {t('conn.saveAs')}
            <input id={ids.saveAs} value={saveAs} onChange={(e) => setSaveAs(e.target.value)} required pattern="[a-z0-9][a-z0-9._\-]{0,63}" data-testid="conn-save-as" />
          </label>
          <label className="field" htmlFor={ids.label}>
            {t('conn.label')}
            <input id={ids.label} value={label} onChange={(e) => setLabel(e.target.value)} maxLength={100} data-testid="conn-label" />
          </label>
        </section>
      ) : null}

      <section className="card" aria-labelledby="conn-lines">
        <h2 id="conn-lines">{t('conn.lines')}</h2>
        <p className="muted">{t('conn.linesIntro')}</p>
        <label className="field" htmlFor={ids.local}>
          {t('conn.localAddress')}
          <input id={ids.local} className="mono" value={local} onChange={(e) => setLocal(e.target.value)} placeholder="203.0.113.10" data-testid="conn-local-address" />
        </label>
        <label className="field" htmlFor={ids.bulk}>
          {t('conn.bulkLocalAddress')}
          <input id={ids.bulk} className="mono" value={bulk} onChange={(e) => setBulk(e.target.value)} placeholder="203.0.113.20" data-testid="conn-bulk-address" />
        </label>
      </section>

      <section className="card" aria-labelledby="conn-payup">
        <h2 id="conn-payup">{t('conn.payup')}</h2>
        <HostChoice
          name="payup-host"
          value={payup}
          onChange={setPayup}
          keep={profile.payup && initialChoice(payupHost, PAYUP_HOSTS) === 'keep' ? profile.payup.baseUrl : null}
          options={[
            { value: 'test', label: t('conn.payupTest', { host: PAYUP_HOSTS.test }) },
            { value: 'production', label: t('conn.payupProduction', { host: PAYUP_HOSTS.production }) },
          ]}
        />
        {payup === 'test' ? <PayupTestWarning /> : null}
        {payup === 'test' || payup === 'production' ? (
          <label className="field" htmlFor={ids.merchant}>
            {t('conn.merchantId')}
            <input id={ids.merchant} className="mono" value={merchantId} onChange={(e) => setMerchantId(e.target.value)} required maxLength={64} data-testid="conn-merchant-id" />
          </label>
        ) : null}
      </section>

      <section className="card" aria-labelledby="conn-kcp">
        <h2 id="conn-kcp">{t('conn.kcp')}</h2>
        <HostChoice
          name="kcp-host"
          value={kcp}
          onChange={setKcp}
          keep={profile.kcp && initialChoice(profile.kcp.host, KCP_GATEWAYS) === 'keep' ? `${profile.kcp.transport} · ${profile.kcp.host}:${profile.kcp.port}` : null}
          options={[
            { value: 'test', label: t('conn.kcpTest', { host: KCP_GATEWAYS.test, port: String(KCP_PORT) }) },
            { value: 'production', label: t('conn.kcpProduction', { host: KCP_GATEWAYS.production, port: String(KCP_PORT) }) },
          ]}
        />
        {kcpTest ? <KcpTestWarning /> : null}
        {kcp === 'test' || kcp === 'production' ? (
          <>
            <label className="field" htmlFor={ids.site}>
              {t('conn.siteCd')}
              <input id={ids.site} className="mono" value={siteCd} onChange={(e) => setSiteCd(e.target.value)} required maxLength={5} data-testid="conn-site-cd" />
            </label>
            <label className="field" htmlFor={ids.home}>
              {t('conn.ppcliHome')}
              <span className="inline-form">
                <input id={ids.home} className="mono" value={home} onChange={(e) => setHome(e.target.value)} required data-testid="conn-ppcli-home" />
                {carrier().kind === 'electron' ? (
                  <button type="button" onClick={() => pick.mutate()} disabled={pick.isPending}>
                    {t('conn.pickFolder')}
                  </button>
                ) : null}
              </span>
              <span className="muted small">{t('conn.ppcliHomeHint')}</span>
            </label>
            <ErrorBox error={pick.error} />
          </>
        ) : null}
        <p className="muted small">{t('conn.secretsHint')}</p>
      </section>

      <ErrorBox error={review.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={review.isPending} data-testid="conn-review">
          {t('conn.review')}
        </button>
      </div>

      <Dialog open={pending !== null} title={t('conn.reviewTitle', { name: p?.name ?? '' })} onClose={() => setPending(null)} testId="conn-review-dialog">
        {p ? (
          <>
            {p.exists ? <p className="warning">{p.changes.length ? t(p.active ? 'settings.replaceActiveBody' : 'settings.replaceBody', { name: p.name, count: String(p.changes.length) }) : t('conn.noChanges')}</p> : <p>{t('conn.newBody', { name: p.name })}</p>}
            {p.changes.length ? <ChangesTable preview={p} /> : null}
            {pending?.edit.payup?.host === 'test' ? <PayupTestWarning /> : null}
            {pending?.edit.kcp && (pending.edit.kcp.gateway === 'test' || KCP_TEST_SITE.test(pending.edit.kcp.siteCd)) ? <KcpTestWarning /> : null}
            <ErrorBox error={save.error} />
            <div className="actions">
              <button type="button" onClick={() => setPending(null)}>
                {t('common.cancel')}
              </button>
              <button type="button" className="danger" onClick={() => pending && save.mutate(pending)} disabled={save.isPending} data-testid="conn-confirm">
                {t('conn.confirm')}
              </button>
            </div>
          </>
        ) : null}
      </Dialog>
    </form>
  );
}

export function ConnectionSettings() {
  const { t } = useI18n();
  const profiles = useProfiles();
  const active = profiles.data?.find((p) => p.active);
  const detail = useQuery({ queryKey: ['profile', active?.name], queryFn: () => call('profiles:show', { name: active?.name ?? '' }), enabled: !!active });
  // Kept here: the form starts again from the stored profile after a save, the message stays.
  const [saved, setSaved] = useState('');
  return (
    <section aria-labelledby="conn-title" data-testid="connections">
      <h1 id="conn-title">{t('conn.title')}</h1>
      <p>{t('conn.intro')}</p>
      {active ? <p className="muted">{t('conn.profile', { name: active.label || active.name, kind: t(`profile.kind.${active.kind}`) })}</p> : null}
      <ErrorBox error={profiles.error ?? detail.error} />
      {saved ? <Notice>{saved}</Notice> : null}
      {/* Keyed by the stored profile: after a save or a switch the form starts again from what is stored. */}
      {detail.data && active ? <ConnectionForm key={JSON.stringify(detail.data)} profile={detail.data} builtin={active.builtin} onSaved={setSaved} /> : <Loading />}
    </section>
  );
}
