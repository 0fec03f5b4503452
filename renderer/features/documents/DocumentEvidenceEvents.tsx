// The landing-page evidence of one document in the drawer (issue 3 §3, issue 4 §4): OTT verification, entry
// confirmation, load failures and read-status calls, read from the audit chain (`audit:events`, `edoc.` events).
import { useQuery } from '@tanstack/react-query';
import { call } from '../../bridge/call.ts';
import { ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { familyOf, summarize } from '../audit/labels.ts';

export function DocumentEvidenceEvents({ documentRef }: { documentRef: string }) {
  const { t, locale } = useI18n();
  const events = useQuery({
    queryKey: ['document-evidence', documentRef],
    queryFn: () => call('audit:events', { document: documentRef, ev: 'edoc.', limit: 100 }),
  });
  const rows = events.data?.rows ?? [];
  return (
    <section aria-labelledby="drawer-evidence-title" data-testid="drawer-evidence-events">
      <h3 id="drawer-evidence-title">{t('drawer.evidenceEvents')}</h3>
      {events.isLoading ? <Loading /> : null}
      <ErrorBox error={events.error} />
      {rows.length > 0 ? (
        <ol className="timeline">
          {rows.map((r) => {
            const family = familyOf(r.ev);
            return (
              <li key={r.seq}>
                <time dateTime={r.ts}>{formatTime(Date.parse(r.ts), locale)}</time> <strong>{r.ev}</strong>
                {family ? <span className="muted small"> · {t(family)}</span> : null}
                <div className="small muted">{r.record ? summarize(r.record.data) : t('drawer.evidencePurged')}</div>
              </li>
            );
          })}
        </ol>
      ) : !events.isLoading ? (
        <p className="muted">{t('drawer.noEvidenceEvents')}</p>
      ) : null}
    </section>
  );
}
