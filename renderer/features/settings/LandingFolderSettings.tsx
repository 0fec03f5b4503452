// Settings → landing-events folder (issue 14 §6): the folder (often a share) the institution's landing page writes
// its JSON Lines to. While the app runs it is read every few seconds and each new line is imported once into the
// audit log; the card shows what was read per file and every refused line by number. Changes are audited.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import type { LandingFolderStatus } from '../../../shared/domain/landing-folder.ts';
import { call } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';

const KEY = ['landing-folder'];

export function LandingFolderSettings() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const inputId = useId();
  const hintId = useId();
  // Refreshed when lines arrive, and every few seconds for "last looked at".
  const status = useQuery({ queryKey: KEY, queryFn: () => call('landing:folderStatus', {}), refetchInterval: 5_000 });
  useEffect(() => carrier().api.on('landing:imported', () => void qc.invalidateQueries({ queryKey: KEY })), [qc]);
  const [draft, setDraft] = useState<string | null>(null);
  const [saved, setSaved] = useState('');
  const update = (next: LandingFolderStatus) => qc.setQueryData(KEY, next);
  const save = useMutation({
    mutationFn: (folder: string | null) => call('landing:setFolder', { folder }),
    onSuccess: (s) => {
      update(s);
      setDraft(null);
      setSaved(s.folder ? t('landingFolder.saved', { folder: s.folder }) : t('landingFolder.cleared'));
    },
  });
  const scan = useMutation({ mutationFn: () => call('landing:scanFolder', {}), onSuccess: update });
  const s = status.data;
  const value = draft ?? s?.folder ?? '';
  const errors = (s?.files ?? []).flatMap((f) => f.errors.map((e) => ({ file: f.name, ...e })));
  return (
    <section aria-labelledby="set-landing" className="card" data-testid="landing-folder-settings">
      <h2 id="set-landing">{t('landingFolder.title')}</h2>
      <p className="muted" id={hintId}>
        {t('landingFolder.intro')}
      </p>
      {status.isPending ? <Loading /> : null}
      <ErrorBox error={status.error} />
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved('');
          if (value.trim()) save.mutate(value.trim());
        }}
      >
        <label htmlFor={inputId}>{t('landingFolder.path')}</label>
        <input
          id={inputId}
          className="mono"
          size={48}
          aria-describedby={hintId}
          placeholder={t('landingFolder.placeholder')}
          value={value}
          onChange={(e) => setDraft(e.target.value)}
          data-testid="landing-folder-input"
        />
        <button type="submit" className="primary" disabled={!value.trim() || save.isPending || value.trim() === s?.folder} data-testid="landing-folder-save">
          {t('landingFolder.save')}
        </button>
        <button
          type="button"
          disabled={!s?.folder || save.isPending}
          onClick={() => {
            setSaved('');
            save.mutate(null);
          }}
          data-testid="landing-folder-clear"
        >
          {t('landingFolder.clear')}
        </button>
      </form>
      {saved ? <Notice>{saved}</Notice> : null}
      <ErrorBox error={save.error ?? scan.error} />
      {s?.folder ? (
        <>
          <dl className="summary" data-testid="landing-folder-status">
            <dt>{t('landingFolder.state')}</dt>
            <dd>{s.watching ? t('landingFolder.watching', { seconds: String(s.pollSeconds) }) : t('landingFolder.notWatching')}</dd>
            <dt>{t('landingFolder.lastScan')}</dt>
            <dd>{s.lastScanAt ? formatTime(s.lastScanAt, locale) : '—'}</dd>
          </dl>
          {s.lastError ? (
            <p role="alert" className="warning" data-testid="landing-folder-error">
              {s.lastError}
            </p>
          ) : null}
          <button type="button" onClick={() => scan.mutate()} disabled={scan.isPending} data-testid="landing-folder-scan">
            {t('landingFolder.scanNow')}
          </button>
          {s.files.length > 0 ? (
            <div className="scroll-box" tabIndex={0} role="region" aria-label={t('landingFolder.files')}>
              <table className="data-table" data-testid="landing-folder-files">
                <caption className="visually-hidden">{t('landingFolder.files')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('landingFolder.file')}</th>
                    <th scope="col">{t('landingFolder.lines')}</th>
                    <th scope="col">{t('landingFolder.added')}</th>
                    <th scope="col">{t('landingFolder.invalid')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.files.map((f) => (
                    <tr key={f.name}>
                      <td className="mono">{f.name}</td>
                      <td>{formatNumber(f.lines, locale)}</td>
                      <td>{formatNumber(f.added, locale)}</td>
                      <td>{formatNumber(f.invalid, locale)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">{t('landingFolder.noFiles')}</p>
          )}
          {errors.length > 0 ? (
            <>
              <h3>{t('landingFolder.errors')}</h3>
              <ul data-testid="landing-folder-errors">
                {errors.slice(0, 50).map((e) => (
                  <li key={`${e.file}:${e.line}`}>
                    <span className="mono">{e.file}</span> {t('landingFolder.line', { line: String(e.line) })} — {e.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
