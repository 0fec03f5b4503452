// The landing-page evidence of one document in the drawer (issue 3 §3, issue 4 §4): OTT verification, entry
// confirmation, load failures and read-status calls, read from the audit chain (`audit:events`, `edoc.` events).
// Live (issue 14 §6): events imported from the watched landing folder or an upload refresh it as they arrive.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { call } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { familyOf, summarize } from '../audit/labels.ts';
import { evidenceSummary } from './evidence-summary.ts';

/** `ids`: every id the document is known by (external id, binder uuid): an imported event may name either. */
export function DocumentEvidenceEvents({ documentRef, ids }: { documentRef: string; ids: readonly string[] }) {
  const { t, locale } = useI18n();
  const events = useQuery({
    queryKey: ['document-evidence', documentRef],
    queryFn: () => call('audit:events', { document: documentRef, ev: 'edoc.', limit: 100 }),
  });
  const { refetch } = events;
  const idList = ids.join('\n');
  useEffect(
    () =>
      carrier().api.on('landing:imported', (r) => {
        // An upload does not say which documents it named: refresh then too.
        if (r.documents.length === 0 || r.documents.some((d) => idList.split('\n').includes(d))) void refetch();
      }),
    [idList, refetch],
  );
  const rows = events.data?.rows ?? [];
  return (
    <section aria-labelledby="drawer-evidence-title" data-testid="drawer-evidence-events" aria-live="polite">
      <h3 id="drawer-evidence-title">{t('drawer.evidenceEvents')}</h3>
      {events.isLoading ? <Loading /> : null}
      <ErrorBox error={events.error} />
      {rows.length > 0 ? (
        <ol className="timeline">
          {rows.map((r) => {
            const family = familyOf(r.ev);
            const said = r.record ? evidenceSummary(r.ev, r.record.data, r.record.actor.id, t) : null;
            return (
              <li key={r.seq}>
                <time dateTime={r.ts}>{formatTime(Date.parse(r.ts), locale)}</time> <strong>{r.ev}</strong>
                {family ? <span className="muted small"> · {t(family)}</span> : null}
                {said ? (
                  <>
                    <div>{said.what}</div>
                    {said.from ? <div className="small muted">{said.from}</div> : null}
                  </>
                ) : (
                  <div className="small muted">{r.record ? summarize(r.record.data) : t('drawer.evidencePurged')}</div>
                )}
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
