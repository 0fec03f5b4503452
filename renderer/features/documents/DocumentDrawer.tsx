// Document drawer (issue 3 §3): the whole timeline from documents:show (import row → chunk request → response →
// every status change with its time), what its error or UNKNOWN reason means and what to do next (issue 14), the
// one-document actions — fix and re-send, check now, the link between a re-send and its original (issue 14 item 4) —
// and the evidence export for this document (issue 4 §7).
import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { documentAdvice } from '../../../shared/domain/docsgw-advice.ts';
import type { DocumentRow } from '../../../shared/domain/documents-query.ts';
import { call } from '../../bridge/call.ts';
import { ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { ExportWizard } from '../audit/ExportWizard.tsx';
import { DocumentActions } from './DocumentActions.tsx';
import { DocumentEvidenceEvents } from './DocumentEvidenceEvents.tsx';

function describe(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

export function DocumentDrawer({ row, onClose, onOpenDocument }: { row: DocumentRow; onClose: () => void; onOpenDocument: (row: DocumentRow) => void }) {
  const { t, locale, lang } = useI18n();
  const advice = documentAdvice(row, lang);
  const ref = row.documentBinderUuid ?? row.externalDocumentUuid;
  const detail = useQuery({ queryKey: ['document', ref], queryFn: () => call('documents:show', { ref: ref ?? '' }), enabled: ref !== null });
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    closeRef.current?.focus();
    // An open modal (the evidence export wizard) takes its own Escape; the drawer stays open behind it.
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !document.querySelector('dialog[open]') && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const d = detail.data;
  // The document as it is now: a check or a re-send may have changed it since the grid row was read.
  const state = d?.state ?? row.state;
  const box = d ? d.docBoxStatus : row.docBoxStatus;
  const evidenceRef = row.externalDocumentUuid ?? row.documentBinderUuid;
  const [exporting, setExporting] = useState(false);
  const evidenceButton = useRef<HTMLButtonElement>(null);
  return (
    <aside className="drawer" role="dialog" aria-modal="false" aria-labelledby="drawer-title" data-testid="document-drawer">
      <div className="drawer-head">
        <h2 id="drawer-title">
          {t('drawer.title')} #{row.id}
        </h2>
        <button type="button" ref={closeRef} onClick={onClose} data-testid="drawer-close">
          {t('common.close')}
        </button>
      </div>
      <dl className="summary">
        <dt>{t('col.recipient')}</dt>
        <dd>{row.recipient}</dd>
        <dt>{t('col.mailingName')}</dt>
        <dd>{row.mailingName}</dd>
        <dt>{t('col.sourceRow')}</dt>
        <dd>{row.sourceRow}</dd>
        <dt>{t('col.state')}</dt>
        <dd data-testid="drawer-state">
          {t(`state.${state}`)}
          {box ? ` · ${t(`box.${box}`)}` : ''}
        </dd>
        <dt>{t('col.externalDocumentUuid')}</dt>
        <dd className="mono">{row.externalDocumentUuid ?? '—'}</dd>
        <dt>{t('col.documentBinderUuid')}</dt>
        <dd className="mono">{row.documentBinderUuid ?? '—'}</dd>
        {row.errorCode ? (
          <>
            <dt>{t('col.errorCode')}</dt>
            <dd>
              {row.errorCode} {row.errorMessage}
            </dd>
          </>
        ) : null}
        {advice ? (
          <>
            {row.errorCode ? null : (
              <>
                <dt>{t('advice.reason')}</dt>
                <dd className="mono">{advice.code}</dd>
              </>
            )}
            <dt>{t('advice.explanation')}</dt>
            <dd data-testid="drawer-advice-explanation">{advice.explanation}</dd>
            <dt>{t('advice.next')}</dt>
            <dd data-testid="drawer-advice">{advice.advice}</dd>
          </>
        ) : null}
      </dl>
      {d && ref ? <DocumentActions detail={d} documentRef={ref} onOpenDocument={onOpenDocument} /> : null}
      <h3>{t('drawer.timeline')}</h3>
      {detail.isLoading ? <Loading /> : null}
      <ErrorBox error={detail.error} />
      {d && d.timeline.length > 0 ? (
        <ol className="timeline" data-testid="timeline">
          {d.timeline.map((e, i) => (
            <li key={i}>
              <time dateTime={new Date(e.at).toISOString()}>{formatTime(e.at, locale)}</time> <strong>{e.kind}</strong>
              <div className="small muted">{describe(e.data)}</div>
            </li>
          ))}
        </ol>
      ) : !detail.isLoading ? (
        <p className="muted">{t('drawer.noTimeline')}</p>
      ) : null}
      {evidenceRef ? <DocumentEvidenceEvents documentRef={evidenceRef} ids={[row.externalDocumentUuid, row.documentBinderUuid].filter((x) => x !== null)} /> : null}
      <p className="muted small">{t('drawer.landing')}</p>
      {/* Evidence for a reading dispute (issue 4 §7): the audit screen's export wizard, pre-filled with this document. */}
      <p className="muted small">{t(evidenceRef ? 'drawer.exportHint' : 'drawer.exportUnavailable')}</p>
      <button type="button" ref={evidenceButton} disabled={!evidenceRef} onClick={() => setExporting(true)} data-testid="drawer-export">
        {t('drawer.evidence')}
      </button>
      {exporting && evidenceRef ? (
        <ExportWizard
          prefill={{ document: evidenceRef }}
          onClose={() => {
            setExporting(false);
            evidenceButton.current?.focus();
          }}
        />
      ) : null}
    </aside>
  );
}
