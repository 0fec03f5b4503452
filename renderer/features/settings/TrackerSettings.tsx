// Settings' tracker section (issue 14 item 1): whether statuses are tracked by themselves, pause/resume (persisted,
// audited), the last and next round — and, for when DocDesk is closed, the OS scheduler entry: registered with one
// confirmed click where this computer allows it, otherwise shown as the exact command to copy.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TrackerStatus } from '../../../shared/domain/tracker.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber, formatTime } from '../../lib/format.ts';

/** The tracker's status, kept current by the tracker:status event (renderer/app/useTrackerEvents.ts). */
export function useTrackerStatus() {
  return useQuery({ queryKey: ['tracker-status'], queryFn: () => call('tracker:status', {}), refetchInterval: 30_000 });
}

function CopyButton({ text, testId }: { text: string; testId: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <>
      <button
        type="button"
        data-testid={testId}
        onClick={() => {
          void navigator.clipboard?.writeText(text).then(() => setCopied(true));
        }}
      >
        {t('tracker.copy')}
      </button>
      {copied ? (
        <span role="status" className="small">
          {' '}
          {t('tracker.copied')}
        </span>
      ) : null}
    </>
  );
}

function StatusList({ s }: { s: TrackerStatus }) {
  const { t, locale } = useI18n();
  return (
    <dl className="summary" data-testid="tracker-status">
      <dt>{t('tracker.status')}</dt>
      <dd data-testid="tracker-state" data-state={s.state}>
        {t(`tracker.state.${s.state}`)}
      </dd>
      <dt>{t('tracker.profile')}</dt>
      <dd>{s.profile}</dd>
      <dt>{t('tracker.nextDue')}</dt>
      <dd data-testid="tracker-next">{s.nextDueAt === null ? t('tracker.nextDueNone') : formatTime(s.nextDueAt, locale)}</dd>
      <dt>{t('tracker.lastRound')}</dt>
      <dd data-testid="tracker-last">
        {s.lastRound === null
          ? t('tracker.never')
          : t('tracker.lastRoundValue', {
              at: formatTime(s.lastRound.at, locale),
              polled: formatNumber(s.lastRound.polled, locale),
              changed: formatNumber(s.lastRound.changed, locale),
            })}
      </dd>
      {s.lastError ? (
        <>
          <dt>{t('tracker.lastError')}</dt>
          <dd className="error-box small">{s.lastError}</dd>
        </>
      ) : null}
    </dl>
  );
}

export function TrackerSettings() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const status = useTrackerStatus();
  const plan = useQuery({ queryKey: ['tracker-scheduler'], queryFn: () => call('tracker:scheduler', {}) });
  const [confirming, setConfirming] = useState(false);
  const [registered, setRegistered] = useState(false);
  const setPaused = useMutation({
    mutationFn: (paused: boolean) => call('tracker:setPaused', { paused }),
    onSuccess: (s) => qc.setQueryData(['tracker-status'], s),
  });
  const register = useMutation({
    mutationFn: () => call('tracker:registerScheduler', {}),
    onSuccess: () => {
      setConfirming(false);
      setRegistered(true);
    },
  });
  const s = status.data;
  const p = plan.data;
  return (
    <section aria-labelledby="set-tracker" className="card" data-testid="tracker-settings">
      <h2 id="set-tracker">{t('tracker.title')}</h2>
      <p className="muted">{t('tracker.intro')}</p>
      <ErrorBox error={status.error ?? setPaused.error} />
      {s ? (
        <>
          <StatusList s={s} />
          <button type="button" onClick={() => setPaused.mutate(!s.paused)} disabled={setPaused.isPending} data-testid="tracker-toggle" aria-pressed={s.paused}>
            {t(s.paused ? 'tracker.resume' : 'tracker.pause')}
          </button>
          {s.paused ? <p className="small muted">{t('tracker.pausedNote')}</p> : null}
        </>
      ) : (
        <Loading />
      )}

      <h3>{t('tracker.scheduler')}</h3>
      <ErrorBox error={plan.error} />
      {p ? (
        <div data-testid="tracker-scheduler" data-kind={p.kind}>
          <p className="muted">{t('tracker.schedulerIntro', { minutes: p.intervalMinutes })}</p>
          <p>
            <strong>{t(`tracker.schedulerKind.${p.kind}`)}</strong>
          </p>
          <p className="small">{t('tracker.schedulerCommand')}</p>
          {/* Focusable: a long command scrolls, and keyboard users must reach it too. */}
          <pre className="mono code-block" data-testid="tracker-command" tabIndex={0} aria-label={t('tracker.schedulerCommand')}>
            {p.command}
          </pre>
          <p className="small">{t('tracker.schedulerScript')}</p>
          <pre className="mono code-block" data-testid="tracker-script" tabIndex={0} aria-label={t('tracker.schedulerScript')}>
            {p.script}
          </pre>
          <div className="actions">
            <CopyButton text={p.script} testId="tracker-copy" />
            {p.registrable ? (
              <button type="button" className="primary" onClick={() => setConfirming(true)} data-testid="tracker-register">
                {t('tracker.register')}
              </button>
            ) : null}
          </div>
          {p.reason ? (
            <p className="warning small" data-testid="tracker-not-registrable">
              {p.reason}
            </p>
          ) : null}
          <p className="small muted">{t('tracker.passphraseNote')}</p>
          {registered ? <Notice>{t('tracker.registered')}</Notice> : null}
        </div>
      ) : null}

      <Dialog open={confirming} title={t('tracker.registerTitle')} onClose={() => setConfirming(false)} testId="tracker-register-dialog">
        <p>{t('tracker.registerBody', { kind: p ? t(`tracker.schedulerKind.${p.kind}`) : '', minutes: p?.intervalMinutes ?? 15 })}</p>
        <pre className="mono code-block" tabIndex={0} aria-label={t('tracker.schedulerCommand')}>
          {p?.command}
        </pre>
        <ErrorBox error={register.error} />
        <div className="actions">
          <button type="button" onClick={() => setConfirming(false)}>
            {t('common.cancel')}
          </button>
          <button type="button" className="primary" onClick={() => register.mutate()} disabled={register.isPending}>
            {t('common.confirm')}
          </button>
        </div>
      </Dialog>
    </section>
  );
}
