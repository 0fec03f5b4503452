// Cleaning up <dataDir>/exports/ (issue 14 §7): result workbooks, error lists, forms and evidence bundles hold
// personal data, so staff see what is there (size, date) and delete chosen entries or those older than N days,
// after a confirmation. The backend audits every deletion.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ExportEntry, ExportsDeleteInput } from '../../../shared/domain/exports.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatBytes, formatNumber, formatTime } from '../../lib/format.ts';

const DAY_MS = 86_400_000;

export function ExportsCleanup() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const id = useId();
  const list = useQuery({ queryKey: ['exports'], queryFn: () => call('exports:list', {}) });
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [days, setDays] = useState(30);
  const [confirming, setConfirming] = useState<{ input: ExportsDeleteInput; entries: ExportEntry[] } | null>(null);
  const [done, setDone] = useState('');
  const remove = useMutation({
    mutationFn: (input: ExportsDeleteInput) => call('exports:delete', input),
    onSuccess: (r) => {
      setConfirming(null);
      setSelected(new Set());
      setDone(t('exports.deleted', { count: formatNumber(r.deleted, locale), size: formatBytes(r.bytes, locale) }));
      void qc.invalidateQueries({ queryKey: ['exports'] });
    },
  });

  const entries = list.data?.entries ?? [];
  const toggle = (name: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(name);
      else next.delete(name);
      return next;
    });
  const validDays = Number.isInteger(days) && days >= 1 && days <= 3650;
  const askOlder = () => {
    const cutoff = Date.now() - days * DAY_MS;
    setConfirming({ input: { olderThanDays: days }, entries: entries.filter((e) => e.modifiedAt < cutoff) });
  };
  const askSelected = () => setConfirming({ input: { names: [...selected] }, entries: entries.filter((e) => selected.has(e.name)) });
  const confirmBytes = confirming?.entries.reduce((n, e) => n + e.bytes, 0) ?? 0;

  return (
    <section aria-labelledby={`${id}-title`} className="card" data-testid="exports-cleanup">
      <h2 id={`${id}-title`}>{t('exports.title')}</h2>
      <p className="muted">{t('exports.intro')}</p>
      {list.data ? (
        <p>
          {t('exports.folder')} <span className="mono">{list.data.folder}</span> ·{' '}
          <span data-testid="exports-total">{t('exports.total', { count: formatNumber(entries.length, locale), size: formatBytes(list.data.totalBytes, locale) })}</span>
        </p>
      ) : null}
      {list.isPending ? <Loading /> : null}
      <ErrorBox error={list.error} onRetry={() => void list.refetch()} />
      {done ? <Notice>{done}</Notice> : null}
      {list.data && entries.length === 0 ? <Empty>{t('exports.empty')}</Empty> : null}
      {entries.length > 0 ? (
        <div className="scroll-box" tabIndex={0} role="region" aria-label={t('exports.title')}>
          <table className="data-table" data-testid="exports-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">{t('exports.select')}</span>
                </th>
                <th scope="col">{t('exports.name')}</th>
                <th scope="col">{t('exports.kind')}</th>
                <th scope="col">{t('exports.size')}</th>
                <th scope="col">{t('exports.modified')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.name} data-testid="exports-row" data-name={e.name}>
                  <td>
                    <input type="checkbox" checked={selected.has(e.name)} onChange={(ev) => toggle(e.name, ev.target.checked)} aria-label={t('exports.selectOne', { name: e.name })} />
                  </td>
                  <td className="mono">{e.name}</td>
                  <td>{t(e.kind === 'folder' ? 'exports.kind.folder' : 'exports.kind.file')}</td>
                  <td>{formatBytes(e.bytes, locale)}</td>
                  <td>{formatTime(e.modifiedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <div className="actions">
        <button type="button" className="danger" disabled={selected.size === 0} onClick={askSelected} data-testid="exports-delete-selected">
          {t('exports.deleteSelected', { count: formatNumber(selected.size, locale) })}
        </button>
        <label className="inline-form">
          {t('exports.olderThan')}
          <input type="number" min={1} max={3650} className="narrow" value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="exports-days" />
          {t('exports.days')}
        </label>
        <button type="button" className="danger" disabled={!validDays || entries.length === 0} onClick={askOlder} data-testid="exports-delete-older">
          {t('exports.deleteOlder')}
        </button>
      </div>

      <Dialog open={confirming !== null} title={t('exports.confirmTitle')} onClose={() => setConfirming(null)} testId="exports-confirm">
        {confirming && confirming.entries.length === 0 ? (
          <p>{t('exports.nothingOlder', { days })}</p>
        ) : (
          <>
            <p className="warning">{t('exports.confirmBody', { count: formatNumber(confirming?.entries.length ?? 0, locale), size: formatBytes(confirmBytes, locale) })}</p>
            <ul className="small" data-testid="exports-confirm-list">
              {confirming?.entries.slice(0, 20).map((e) => (
                <li key={e.name} className="mono">
                  {e.name}
                </li>
              ))}
              {(confirming?.entries.length ?? 0) > 20 ? <li>{t('exports.andMore', { count: formatNumber((confirming?.entries.length ?? 0) - 20, locale) })}</li> : null}
            </ul>
          </>
        )}
        <ErrorBox error={remove.error} />
        <div className="actions">
          <button type="button" onClick={() => setConfirming(null)}>
            {t('common.cancel')}
          </button>
          <button
            type="button"
            className="danger"
            disabled={remove.isPending || !confirming || confirming.entries.length === 0}
            onClick={() => confirming && remove.mutate(confirming.input)}
            data-testid="exports-confirm-delete"
          >
            {t('exports.confirmDelete')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
