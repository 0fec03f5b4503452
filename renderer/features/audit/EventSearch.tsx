// Event search (issue 4 §7): type prefix, document, recipient phone, time range (Korean time) and text, paged in
// SQLite by `audit:events`, newest first. Records arrive as stored in the chain, already masked (reference
// evidence-and-audit.md §9); a purged record shows only that its hash remains.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { z } from 'zod';
import type { auditEventsInputSchema } from '../../../shared/domain/audit.ts';
import { call } from '../../bridge/call.ts';
import { Empty, ErrorBox, Loading } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';
import { EV_PREFIXES, familyKey, familyOf, summarize } from './labels.ts';
import { isoToMs, seoulLocalToIso } from './time.ts';

const PAGE = 50;
const PHONE = /^[\d-]{10,13}$/;

type Draft = { ev: string; document: string; phone: string; from: string; to: string; text: string };
const EMPTY: Draft = { ev: '', document: '', phone: '', from: '', to: '', text: '' };
type Filter = Omit<z.input<typeof auditEventsInputSchema>, 'offset' | 'limit'>;

function toFilter(d: Draft): Filter {
  const from = seoulLocalToIso(d.from);
  const to = seoulLocalToIso(d.to);
  return {
    ...(d.ev ? { ev: d.ev } : {}),
    ...(d.document.trim() ? { document: d.document.trim() } : {}),
    ...(d.phone.trim() ? { phone: d.phone.replace(/\s/g, '') } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...(d.text.trim() ? { text: d.text.trim() } : {}),
  };
}

export function EventSearch() {
  const { t, locale } = useI18n();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<Filter>({});
  const [offset, setOffset] = useState(0);
  const [phoneError, setPhoneError] = useState(false);
  const events = useQuery({
    queryKey: ['audit-events', filter, offset],
    queryFn: () => call('audit:events', { ...filter, offset, limit: PAGE }),
    placeholderData: keepPreviousData,
  });

  const set = (k: keyof Draft) => (e: { target: { value: string } }) => setDraft((d) => ({ ...d, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const bad = draft.phone.trim() !== '' && !PHONE.test(draft.phone.replace(/\s/g, ''));
    setPhoneError(bad);
    if (bad) return;
    setFilter(toFilter(draft));
    setOffset(0);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilter({});
    setOffset(0);
    setPhoneError(false);
  };

  const page = events.data;
  const filtered = Object.keys(filter).length > 0;
  return (
    <section aria-labelledby="audit-events-title" className="card" data-testid="audit-events">
      <h2 id="audit-events-title">{t('audit.events.title')}</h2>
      <form className="audit-filters" onSubmit={submit} noValidate data-testid="audit-filter">
        <label className="field">
          {t('audit.events.type')}
          <select value={draft.ev} onChange={set('ev')} data-testid="audit-filter-ev">
            <option value="">{t('audit.events.typeAll')}</option>
            {EV_PREFIXES.map((p) => (
              <option key={p} value={p}>
                {t(familyKey(p))} ({p}*)
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t('audit.events.document')}
          <input type="text" value={draft.document} onChange={set('document')} maxLength={64} data-testid="audit-filter-document" />
        </label>
        <label className="field">
          {t('audit.events.phone')}
          <input type="tel" value={draft.phone} onChange={set('phone')} maxLength={13} aria-invalid={phoneError || undefined} data-testid="audit-filter-phone" />
          {phoneError ? (
            <span className="field-error" role="alert">
              {t('audit.events.phoneInvalid')}
            </span>
          ) : null}
        </label>
        <label className="field">
          {t('audit.events.from')}
          <input type="datetime-local" value={draft.from} onChange={set('from')} data-testid="audit-filter-from" />
        </label>
        <label className="field">
          {t('audit.events.to')}
          <input type="datetime-local" value={draft.to} onChange={set('to')} data-testid="audit-filter-to" />
        </label>
        <label className="field">
          {t('audit.events.text')}
          <input type="search" value={draft.text} onChange={set('text')} maxLength={200} data-testid="audit-filter-text" />
        </label>
        <div className="actions">
          <button type="submit" className="primary" data-testid="audit-search">
            {t('audit.events.search')}
          </button>
          <button type="button" onClick={clear} data-testid="audit-clear">
            {t('audit.events.clear')}
          </button>
        </div>
      </form>

      {events.isPending ? <Loading /> : null}
      <ErrorBox error={events.error} onRetry={() => void events.refetch()} />
      {page && page.total === 0 ? <Empty>{t(filtered ? 'audit.events.empty' : 'audit.events.emptyLog')}</Empty> : null}
      {page && page.total > 0 ? (
        <>
          <div className="toolbar">
            <span role="status" data-testid="audit-total" data-total={page.total}>
              {t('audit.events.range', { from: formatNumber(offset + 1, locale), to: formatNumber(offset + page.rows.length, locale), total: formatNumber(page.total, locale) })}
            </span>
            <span className="grow" />
            <button type="button" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))} data-testid="audit-prev">
              {t('audit.events.prev')}
            </button>
            <button type="button" disabled={offset + PAGE >= page.total} onClick={() => setOffset(offset + PAGE)} data-testid="audit-next">
              {t('audit.events.next')}
            </button>
          </div>
          {/* Focusable so keyboard users can scroll a long page of rows (axe scrollable-region-focusable). */}
          <div className="scroll-box audit-scroll" tabIndex={0} role="region" aria-label={t('audit.events.caption')}>
            <table className="data-table audit-table" data-testid="audit-table">
              <caption className="visually-hidden">{t('audit.events.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.events.seq')}</th>
                  <th scope="col">{t('audit.events.time')}</th>
                  <th scope="col">{t('audit.events.ev')}</th>
                  <th scope="col">{t('audit.events.actor')}</th>
                  <th scope="col">{t('audit.events.subject')}</th>
                  <th scope="col">{t('audit.events.data')}</th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((r) => {
                  const fam = familyOf(r.ev);
                  const ms = isoToMs(r.ts);
                  return (
                    <tr key={r.seq} data-testid="audit-row" data-seq={r.seq} data-ev={r.ev}>
                      <td className="mono">{r.seq}</td>
                      <td className="nowrap">{ms === null ? '' : <time dateTime={r.ts}>{formatTime(ms, locale)}</time>}</td>
                      <td className="nowrap">
                        <span className="mono">{r.ev}</span>
                        {fam ? <div className="small muted">{t(fam)}</div> : null}
                      </td>
                      <td>{r.record ? `${t(`audit.actor.${r.record.actor.type}`)} ${r.record.actor.id}` : ''}</td>
                      <td className="small wrap">{r.record ? summarize(r.record.subj) : ''}</td>
                      <td className="small wrap">{r.record ? summarize(r.record.data) : <span className="muted">{t('audit.events.purged')}</span>}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
