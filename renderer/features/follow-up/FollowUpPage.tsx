// 후속 조치 (issue 14 item 2): mailings whose read deadline has passed — or that were sent at least N days ago, the
// institution's own rule ("unread after 3 days → post") — with recipients still unread or not reached, and the
// export of exactly those recipients for the next channel. The export needs a reason, which the audit log keeps.
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { FOLLOW_UP_REASONS, followUpExportReasonSchema, followUpReasonLabel, type MailingDeadline } from '../../../shared/domain/follow-up.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDownload } from '../../lib/download.ts';
import { formatNumber } from '../../lib/format.ts';
import { href } from '../../app/routes.ts';
import { deadlineView } from './deadline-view.ts';
import { useDeadlines } from './useDeadlines.ts';

type Mode = 'deadline' | 'days';

function ExportDialog({ mailing, onClose }: { mailing: MailingDeadline | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const n = (x: number) => formatNumber(x, locale);
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const download = useDownload(setDownloadError);
  const reasonId = useId();
  const hintId = useId();
  const run = useMutation({ mutationFn: (m: MailingDeadline) => call('followUp:export', { mailingId: m.mailingId, reason }) });
  const valid = followUpExportReasonSchema.safeParse(reason).success;
  const close = () => {
    setReason('');
    setTouched(false);
    setDownloadError(null);
    run.reset();
    onClose();
  };
  const done = run.data;
  return (
    <Dialog open={mailing !== null} title={t('followUp.dialogTitle', { name: mailing?.name ?? '' })} onClose={close} testId="followup-dialog">
      {mailing && !done ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setTouched(true);
            if (valid) run.mutate(mailing);
          }}
        >
          <p>{t('followUp.dialogBody', { unread: n(mailing.unread), failed: n(mailing.failed) })}</p>
          {mailing.unknown > 0 ? <p className="warning">{t('followUp.unknownExcluded', { n: n(mailing.unknown) })}</p> : null}
          <label className="field" htmlFor={reasonId}>
            {t('followUp.reason')}
          </label>
          <input
            id={reasonId}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('followUp.reasonPlaceholder')}
            aria-invalid={touched && !valid}
            aria-describedby={touched && !valid ? hintId : undefined}
            maxLength={200}
            data-testid="followup-reason"
          />
          {touched && !valid ? (
            <p id={hintId} className="field-error">
              {t('followUp.reasonRequired')}
            </p>
          ) : null}
          <ErrorBox error={run.error} />
          <div className="actions">
            <button type="button" onClick={close}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={run.isPending} data-testid="followup-export-confirm">
              {t('followUp.confirm')}
            </button>
          </div>
        </form>
      ) : null}
      {done ? (
        <div data-testid="followup-result" data-rows={done.rows}>
          <Notice>{t('followUp.done', { rows: n(done.rows), path: done.filePath })}</Notice>
          <div className="actions">
            <button type="button" onClick={close}>
              {t('common.close')}
            </button>
            <button type="button" className="primary" onClick={() => download(done.filePath)} data-testid="followup-download">
              {t('common.download')}
            </button>
          </div>
          {downloadError ? <ErrorBox error={new Error(downloadError)} /> : null}
        </div>
      ) : null}
    </Dialog>
  );
}

export function FollowUpPage() {
  const { t, locale, lang } = useI18n();
  const n = (x: number) => formatNumber(x, locale);
  const [mode, setMode] = useState<Mode>('deadline');
  const [days, setDays] = useState(3);
  const [exporting, setExporting] = useState<MailingDeadline | null>(null);
  const daysId = useId();
  const q = useDeadlines(mode === 'days' ? days : undefined);
  const now = Date.now();
  const due = (q.data ?? []).filter((m) => m.due);
  return (
    <section aria-labelledby="followup-title" data-testid="followup-page">
      <h1 id="followup-title">{t('followUp.title')}</h1>
      <p className="muted">{t('followUp.intro')}</p>
      <fieldset className="inline-form">
        <legend>{t('followUp.mode')}</legend>
        <label className="check">
          <input type="radio" name="followup-mode" checked={mode === 'deadline'} onChange={() => setMode('deadline')} data-testid="followup-mode-deadline" />
          {t('followUp.mode.deadline')}
        </label>
        <label className="check">
          <input type="radio" name="followup-mode" checked={mode === 'days'} onChange={() => setMode('days')} data-testid="followup-mode-days" />
          {t('followUp.mode.days')}
        </label>
        <label htmlFor={daysId}>{t('followUp.days')}</label>
        <input
          id={daysId}
          type="number"
          min={0}
          max={1157}
          value={days}
          disabled={mode !== 'days'}
          onChange={(e) => setDays(Math.max(0, Math.min(1157, Math.trunc(Number(e.target.value) || 0))))}
          aria-describedby={`${daysId}-hint`}
          data-testid="followup-days"
        />
        <span id={`${daysId}-hint`} className="small muted">
          {t('followUp.daysHint')}
        </span>
      </fieldset>
      <ErrorBox error={q.error} onRetry={() => void q.refetch()} />
      {q.isPending ? <Loading /> : null}
      {q.data && due.length === 0 ? <Empty>{t('followUp.empty')}</Empty> : null}
      {due.length > 0 ? (
        <table className="data-table" data-testid="followup-table">
          <thead>
            <tr>
              <th scope="col">{t('followUp.col.mailing')}</th>
              <th scope="col">{t('followUp.col.deadline')}</th>
              <th scope="col">{t('followUp.col.unread')}</th>
              <th scope="col">{t('followUp.col.failed')}</th>
              <th scope="col">{t('followUp.col.reasons')}</th>
              <th scope="col">{t('followUp.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {due.map((m) => {
              const v = deadlineView(m, now, t, locale);
              return (
                <tr key={m.mailingId} data-testid="followup-row" data-mailing-id={m.mailingId}>
                  <th scope="row">
                    <a href={href('documents', { mailingId: m.mailingId })}>{m.name}</a>
                    {m.daysSinceSent !== null ? <div className="small muted">{t('followUp.sinceSent', { days: n(Math.floor(m.daysSinceSent)) })}</div> : null}
                  </th>
                  <td>
                    {v.at} <span className={v.passed ? 'chip chip-EXPIRED' : 'chip'}>{v.left}</span>
                  </td>
                  <td data-testid="followup-unread">{n(m.unread)}</td>
                  <td data-testid="followup-failed">{n(m.failed)}</td>
                  <td>
                    <ul className="counts">
                      {FOLLOW_UP_REASONS.filter((r) => m.reasons[r] > 0).map((r) => (
                        <li key={r} className="chip" data-reason={r}>
                          {followUpReasonLabel(r, { deadlinePassed: m.deadlinePassed }, lang)} {n(m.reasons[r])}
                        </li>
                      ))}
                    </ul>
                    {m.unknown > 0 ? (
                      <p className="small warning">
                        {t('followUp.unknownExcluded', { n: n(m.unknown) })} <a href={href('mailings')}>{t('followUp.resolveLink')}</a>
                      </p>
                    ) : null}
                  </td>
                  <td>
                    <button type="button" className="primary" onClick={() => setExporting(m)} data-testid="followup-export">
                      {t('followUp.export')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <ExportDialog mailing={exporting} onClose={() => setExporting(null)} />
    </section>
  );
}
