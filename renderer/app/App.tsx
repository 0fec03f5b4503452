// App shell (issue 3 §3): navigation, the active profile always visible (SANDBOX unmistakable, production in its
// own colour), the gateway connection state, language switch, and the routed screen.
import { useEffect, useState } from 'react';
import { AuditPage } from '../features/audit/AuditPage.tsx';
import { Dashboard } from '../features/dashboard/Dashboard.tsx';
import { Diagnostics } from '../features/diagnostics/Diagnostics.tsx';
import { DocumentsPage } from '../features/documents/DocumentsPage.tsx';
import { FollowUpPage } from '../features/follow-up/FollowUpPage.tsx';
import { ImportWizard } from '../features/import/ImportWizard.tsx';
import { MailingsPage } from '../features/mailings/MailingsPage.tsx';
import { PayupPage } from '../features/payup/PayupPage.tsx';
import { KcpPage } from '../features/kcp/KcpPage.tsx';
import { SettingsPage } from '../features/settings/SettingsPage.tsx';
import { ConnectionSettings } from '../features/settings/ConnectionSettings.tsx';
import { NetworkPlanPage } from '../features/settings/network-plan/NetworkPlanPage.tsx';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/ko.ts';
import { href, parseHash, ROUTES, type Route } from './routes.ts';
import { useGatewayState } from './useGateway.ts';
import { useProfileChanges, useProfiles } from './useProfiles.ts';
import { useTrackerEvents } from './useTrackerEvents.ts';

const NAV_KEYS: Record<Route, MessageKey> = {
  dashboard: 'nav.dashboard',
  import: 'nav.import',
  mailings: 'nav.mailings',
  documents: 'nav.documents',
  followUp: 'nav.followUp',
  payup: 'nav.payup',
  kcp: 'nav.kcp',
  audit: 'nav.audit',
  settings: 'nav.settings',
  connections: 'nav.connections',
  diagnostics: 'nav.diagnostics',
};

function ProfileBadge() {
  const { t } = useI18n();
  const q = useProfiles();
  const active = q.data?.find((p) => p.active);
  if (!active) return <span className="profile-badge">{t('common.loading')}</span>;
  return (
    <span className={`profile-badge profile-${active.kind}`} data-testid="profile-badge" data-kind={active.kind}>
      <span className="visually-hidden">{t('profile.label')}: </span>
      <span className="kind-tag">{t(`profile.tag.${active.kind}`)}</span> {active.label || active.name}
    </span>
  );
}

function GatewayBadge() {
  const { t } = useI18n();
  const state = useGatewayState();
  return (
    <span className={`gateway gateway-${state}`} data-testid="gateway-state" role="status">
      <span aria-hidden="true" className="dot" />
      {t('gateway.label')}: {t(`gateway.${state}`)}
    </span>
  );
}

export function App() {
  const { t, lang, setLang } = useI18n();
  useProfileChanges();
  useTrackerEvents();
  const [loc, setLoc] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onHash = () => {
      setLoc(parseHash(window.location.hash));
      // Move focus to the new screen's heading so keyboard and screen-reader users land on it.
      requestAnimationFrame(() => document.getElementById('main')?.focus());
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.title = `${t(NAV_KEYS[loc.route])} · DocDesk`;
  }, [loc.route, t]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>
        {t('app.skip')}
      </a>
      <header className="topbar">
        <span className="brand">DocDesk</span>
        <ProfileBadge />
        <GatewayBadge />
        <label className="lang">
          {t('lang.label')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-testid="lang-select">
            <option value="ko">한국어</option>
            <option value="en">English</option>
          </select>
        </label>
      </header>
      <nav aria-label={t('nav.label')} className="sidenav">
        <ul>
          {ROUTES.map((r) => (
            <li key={r}>
              <a href={href(r)} aria-current={loc.route === r ? 'page' : undefined} data-testid={`nav-${r}`}>
                {t(NAV_KEYS[r])}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1} className="content">
        {loc.route === 'dashboard' && <Dashboard />}
        {loc.route === 'import' && <ImportWizard />}
        {loc.route === 'mailings' && <MailingsPage />}
        {loc.route === 'documents' && <DocumentsPage params={loc.params} />}
        {loc.route === 'followUp' && <FollowUpPage />}
        {loc.route === 'payup' && <PayupPage params={loc.params} />}
        {loc.route === 'kcp' && <KcpPage params={loc.params} />}
        {loc.route === 'audit' && <AuditPage />}
        {loc.route === 'settings' && (loc.params.get('section') === 'network-plan' ? <NetworkPlanPage /> : <SettingsPage />)}
        {loc.route === 'connections' && <ConnectionSettings />}
        {loc.route === 'diagnostics' && <Diagnostics />}
      </main>
    </div>
  );
}
