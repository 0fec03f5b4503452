// Audit screen (issue 4 §7): verify the chain, search events, import landing events (issue 14 §6), the signing key
// with its checkpoints, retention and anchor-folder settings, and the evidence export wizard.
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { EventSearch } from './EventSearch.tsx';
import { ExportWizard } from './ExportWizard.tsx';
import { KeysPanel } from './KeysPanel.tsx';
import { LandingImport } from './LandingImport.tsx';
import { VerifyPanel } from './VerifyPanel.tsx';

export function AuditPage() {
  const { t } = useI18n();
  const [exporting, setExporting] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <section aria-labelledby="audit-title" data-testid="audit-page">
      <div className="toolbar">
        <h1 id="audit-title">{t('audit.title')}</h1>
        <span className="grow" />
        <button type="button" className="primary" ref={opener} onClick={() => setExporting(true)} data-testid="audit-export-open">
          {t('audit.exportOpen')}
        </button>
      </div>
      <p className="muted">{t('audit.intro')}</p>
      <VerifyPanel />
      <EventSearch />
      <LandingImport />
      <KeysPanel />
      {exporting ? (
        <ExportWizard
          onClose={() => {
            setExporting(false);
            opener.current?.focus();
          }}
        />
      ) : null}
    </section>
  );
}
