// Mailings list (issue 3 §3): live progress from mailing:progress events, per-state counts, send/pause/resume/
// cancel (cancel confirmed), status polling, the UNKNOWN-resolution dialog, and one document to one recipient.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { DOC_BOX_STATUSES } from '../../../shared/domain/edoc.ts';
import { DOCUMENT_STATES, type MailingSummary, type StateCounts } from '../../../shared/domain/mailing.ts';
import { call } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Empty, ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';
import { href } from '../../app/routes.ts';
import { isSending, sendFailure } from './send.ts';
import { SendOneDialog } from './SendOneDialog.tsx';
import { usePreReviewedSend } from './PreReviewSendDialog.tsx';
import { UnknownDialog } from './UnknownDialog.tsx';
import { useTrackerStatus } from '../settings/TrackerSettings.tsx';
import { MailingDeadlineCell } from '../follow-up/MailingDeadlineCell.tsx';
import { useDeadlines } from '../follow-up/useDeadlines.ts';

const FINISHED_STATES = ['ACCEPTED', 'REJECTED', 'ABANDONED', 'CANCELLED'] as const;

function processed(c: StateCounts): number {
  return FINISHED_STATES.reduce((sum, s) => sum + (c[s] ?? 0), 0);
}

function Counts({ counts }: { counts: StateCounts }) {
  const { t, locale } = useI18n();
  const shown = [...DOCUMENT_STATES.map((s) => [s, `state.${s}`] as const), ...DOC_BOX_STATUSES.map((s) => [s, `box.${s}`] as const)].filter(([s]) => (counts[s] ?? 0) > 0);
  return (
    <ul className="counts">
      {shown.map(([s, key]) => (
        <li key={s} className={`chip chip-${s}`} data-state={s}>
          {t(key)} {formatNumber(counts[s] ?? 0, locale)}
        </li>
      ))}
    </ul>
  );
}

/** When the tracker last asked about the mailing's documents and when it asks next (issue 14 item 1). */
function CheckTimes({ m }: { m: MailingSummary }) {
  const { t, locale } = useI18n();
  if ((m.counts.ACCEPTED ?? 0) === 0) return null;
  return (
    <div className="check-times muted" data-testid="mailing-checks">
      <div>
        {t('tracker.lastChecked')}: <span data-testid="mailing-last-checked">{m.lastCheckedAt === null ? t('tracker.never') : formatTime(m.lastCheckedAt, locale)}</span>
      </div>
      <div>
        {t('tracker.nextCheck')}: <span data-testid="mailing-next-check">{m.nextCheckAt === null ? t('tracker.done') : formatTime(m.nextCheckAt, locale)}</span>
      </div>
    </div>
  );
}

export function MailingsPage() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const tracker = useTrackerStatus();
  const list = useQuery({ queryKey: ['mailings'], queryFn: () => call('mailing:list', {}), refetchInterval: 5_000 });
  const [live, setLive] = useState<Record<string, StateCounts>>({});
  const [toCancel, setToCancel] = useState<MailingSummary | null>(null);
  const [unknownFor, setUnknownFor] = useState<MailingSummary | null>(null);
  const [notice, setNotice] = useState('');
  const [sendingOne, setSendingOne] = useState(false);
  const reviewedSend = usePreReviewedSend();
  const deadlines = useDeadlines();
  const deadlineOf = new Map((deadlines.data ?? []).map((d) => [d.mailingId, d]));

  useEffect(
    () =>
      carrier().api.on('mailing:progress', (p) => {
        setLive((m) => ({ ...m, [p.mailingId]: p.counts }));
      }),
    [],
  );

  const pause = useMutation({ mutationFn: (id: string) => call('mailing:pause', { mailingId: id }), onSuccess: () => qc.invalidateQueries({ queryKey: ['mailings'] }) });
  const cancel = useMutation({
    mutationFn: (id: string) => call('mailing:cancel', { mailingId: id }),
    onSuccess: () => {
      setToCancel(null);
      void qc.invalidateQueries({ queryKey: ['mailings'] });
    },
  });
  const poll = useMutation({
    mutationFn: (id: string) => call('mailing:poll', { mailingId: id }),
    onSuccess: (r) => {
      setNotice(t('mailings.polled', { changed: r.changed, remaining: r.remaining }));
      void qc.invalidateQueries({ queryKey: ['mailings'] });
      void qc.invalidateQueries({ queryKey: ['documents'] });
    },
  });

  return (
    <section aria-labelledby="mailings-title">
      <h1 id="mailings-title">{t('mailings.title')}</h1>
      <div className="toolbar">
        <button type="button" onClick={() => setSendingOne(true)} data-testid="send-one">
          {t('sendOne.open')}
        </button>
      </div>
      {tracker.data ? (
        <p className="small" data-testid="tracker-summary" data-state={tracker.data.state}>
          <a href={href('settings')}>{t('tracker.summary', { state: t(`tracker.state.${tracker.data.state}`) })}</a>
        </p>
      ) : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={list.error ?? pause.error ?? poll.error} onRetry={() => void list.refetch()} />
      {list.isPending ? <Loading /> : null}
      {list.data && list.data.length === 0 ? (
        <Empty>
          {t('mailings.empty')} <a href={href('import')}>{t('nav.import')}</a>
        </Empty>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <table className="data-table" data-testid="mailings-table">
          <thead>
            <tr>
              <th scope="col">{t('mailings.name')}</th>
              <th scope="col">{t('mailings.state')}</th>
              <th scope="col">{t('mailings.created')}</th>
              <th scope="col">{t('tracker.checks')}</th>
              <th scope="col">{t('mailings.progress')}</th>
              <th scope="col">{t('mailings.deadline')}</th>
              <th scope="col">{t('mailings.counts')}</th>
              <th scope="col">{t('mailings.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.map((m) => {
              const counts = live[m.id] && m.state === 'SENDING' ? live[m.id] ?? m.counts : m.counts;
              const done = processed(counts);
              const sending = m.state === 'SENDING' || isSending(m.id);
              const failure = sendFailure(m.id);
              const unknown = counts.UNKNOWN ?? 0;
              return (
                <tr key={m.id} data-testid="mailing-row" data-mailing-id={m.id} data-state={m.state}>
                  <td>
                    <a href={href('documents', { mailingId: m.id })}>{m.name}</a>
                    <div className="muted small">{m.profile}</div>
                  </td>
                  <td>{t(`mstate.${m.state}`)}</td>
                  <td>{formatTime(m.createdAt, locale)}</td>
                  <td>
                    <CheckTimes m={m} />
                  </td>
                  <td>
                    <progress max={m.total || 1} value={done} aria-label={t('mailings.progressLabel', { name: m.name })} />
                    <span className="small" data-testid="mailing-progress">
                      {' '}
                      {formatNumber(done, locale)} / {formatNumber(m.total, locale)}
                    </span>
                  </td>
                  <td>
                    <MailingDeadlineCell deadline={deadlineOf.get(m.id)} now={Date.now()} />
                  </td>
                  <td>
                    <Counts counts={counts} />
                    {failure ? (
                      <div role="alert" className="error-box small">
                        {failure.message}
                        {failure.code === 'PRE_REVIEW_REQUIRED' && !sending ? (
                          <button type="button" className="warning-button" onClick={() => reviewedSend.send(m)} data-testid="mailing-send-prereviewed">
                            {t('mailings.preReviewSend')}
                          </button>
                        ) : null}
                      </div>
                    ) : null}
                  </td>
                  <td className="row-actions">
                    {(m.state === 'IMPORTED' || m.state === 'PAUSED') && !sending ? (
                      <button type="button" className="primary" onClick={() => reviewedSend.send(m)} data-testid="mailing-send">
                        {t(m.state === 'PAUSED' ? 'mailings.resume' : 'mailings.send')}
                      </button>
                    ) : null}
                    {sending ? (
                      <button type="button" onClick={() => pause.mutate(m.id)} data-testid="mailing-pause">
                        {t('mailings.pause')}
                      </button>
                    ) : null}
                    {m.state !== 'CANCELLED' && m.state !== 'SENT' ? (
                      <button type="button" className="danger" onClick={() => setToCancel(m)} data-testid="mailing-cancel">
                        {t('mailings.cancel')}
                      </button>
                    ) : null}
                    {(counts.ACCEPTED ?? 0) > 0 ? (
                      <button type="button" onClick={() => poll.mutate(m.id)} disabled={poll.isPending} data-testid="mailing-poll">
                        {t('mailings.poll')}
                      </button>
                    ) : null}
                    {unknown > 0 ? (
                      <button type="button" className="warning-button" onClick={() => setUnknownFor(m)} data-testid="mailing-resolve">
                        {t('mailings.resolve', { count: unknown })}
                      </button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      <Dialog open={toCancel !== null} title={t('mailings.cancelTitle')} onClose={() => setToCancel(null)} testId="cancel-dialog">
        <p>{t('mailings.cancelBody', { name: toCancel?.name ?? '' })}</p>
        <ErrorBox error={cancel.error} />
        <div className="actions">
          <button type="button" onClick={() => setToCancel(null)}>
            {t('common.close')}
          </button>
          <button type="button" className="danger" onClick={() => toCancel && cancel.mutate(toCancel.id)} disabled={cancel.isPending}>
            {t('mailings.cancelConfirm')}
          </button>
        </div>
      </Dialog>
      <UnknownDialog mailingId={unknownFor?.id ?? null} count={unknownFor?.counts.UNKNOWN ?? 0} onClose={() => setUnknownFor(null)} />
      {sendingOne ? (
        <SendOneDialog
          mailings={list.data ?? []}
          onClose={() => setSendingOne(false)}
          onDone={(r) => {
            setSendingOne(false);
            setNotice(t('sendOne.done', { ext: r.externalDocumentUuid ?? '—', state: t(`state.${r.state}`), mailing: r.mailingId }));
          }}
        />
      ) : null}
      {reviewedSend.dialog}
    </section>
  );
}
