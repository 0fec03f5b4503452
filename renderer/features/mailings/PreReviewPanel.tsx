// The pre-review request form of seed 001 §2.1, shown where a send would take the day to 500,000 documents or more
// (the import wizard's confirm step, the send action of the mailings list). The operator picks the planned date or
// period and the purpose; the backend fills in the five fields (the same as `docdesk mail pre-review`); the form is
// copied as text or saved as .xlsx; the decision (form sent / send without it) goes with the send and is audited.
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Fragment, useEffect, useId, useMemo, useState } from 'react';
import { PRE_REVIEW_FIELDS, preReviewFieldText, preReviewFormText, type PreReviewDecision, type PreReviewPlan, type PreReviewSend } from '../../../shared/domain/pre-review.ts';
import { call } from '../../bridge/call.ts';
import { ExportLocation } from '../../components/ExportLocation.tsx';
import { ErrorBox, Loading } from '../../components/Status.tsx';
import { href } from '../../app/routes.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';
import { useDownload } from '../../lib/download.ts';
import { formatNumber } from '../../lib/format.ts';

/** A stored mailing, or the wizard's validated list before it is imported. */
export type PreReviewTarget = { mailingId: string } | { newDocuments: number; name: string };

const FIELD_KEYS: Record<(typeof PRE_REVIEW_FIELDS)[number]['key'], MessageKey> = {
  institutionName: 'preReview.field.institutionName',
  plannedDates: 'preReview.field.plannedDates',
  dailyCount: 'preReview.field.dailyCount',
  expectedTps: 'preReview.field.expectedTps',
  purpose: 'preReview.field.purpose',
};

/** Today in Asia/Seoul, YYYY-MM-DD (the date picker's first allowed day). */
function seoulToday(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** Whether sending `target` now takes today over the line (the form's plan does not change that). */
export function usePreReviewCheck(target: PreReviewTarget | null) {
  return useQuery({
    queryKey: ['pre-review', target],
    queryFn: () => call('mailing:preReview', target ?? { mailingId: '' }),
    enabled: target !== null,
    retry: false,
  });
}

export function PreReviewPanel({ target, onChange }: { target: PreReviewTarget; onChange: (choice: PreReviewSend | null) => void }) {
  const { t, locale } = useI18n();
  const ids = { date: useId(), until: useId(), purpose: useId(), text: useId() };
  const [date, setDate] = useState(seoulToday);
  const [until, setUntil] = useState('');
  const [purpose, setPurpose] = useState<string | null>(null);
  const [decision, setDecision] = useState<PreReviewDecision | null>(null);
  const [copied, setCopied] = useState<'copied' | 'manual' | null>(null);
  const plan = useMemo<PreReviewPlan>(() => ({ date, ...(until ? { until } : {}), ...(purpose?.trim() ? { purpose: purpose.trim() } : {}) }), [date, until, purpose]);
  const review = useQuery({ queryKey: ['pre-review', target, plan], queryFn: () => call('mailing:preReview', { ...target, ...plan }), retry: false, placeholderData: keepPreviousData });
  const download = useDownload();
  // Like every export: the web downloads it at once, the desktop offers "save as"; the screen says where it is.
  const saved = useMutation({ mutationFn: () => call('mailing:preReviewExport', { ...target, ...plan }), onSuccess: (r) => download(r.filePath) });

  // The purpose starts as what the backend proposes (the mailing's name) and is the operator's from then on.
  useEffect(() => {
    if (purpose === null && review.data) setPurpose(review.data.form.purpose);
  }, [purpose, review.data]);
  useEffect(() => {
    onChange(decision !== null && review.isSuccess ? { decision, ...plan } : null);
  }, [decision, plan, review.isSuccess, onChange]);

  const copy = async () => {
    if (!review.data) return;
    try {
      await navigator.clipboard.writeText(preReviewFormText(review.data));
      setCopied('copied');
    } catch {
      // No clipboard (permission, an old browser): the text is selected for Ctrl+C.
      setCopied('manual');
    }
  };

  const r = review.data;
  return (
    <section className="card pre-review" aria-labelledby={`${ids.text}-title`} data-testid="pre-review">
      <h3 id={`${ids.text}-title`}>{t('preReview.title')}</h3>
      {r ? <p className="warning">{t('preReview.intro', { planned: formatNumber(r.plannedToday, locale), threshold: formatNumber(r.threshold, locale) })}</p> : null}
      <div className="pre-review-plan">
        <label className="field" htmlFor={ids.date}>
          {t('preReview.date')}
          <input id={ids.date} type="date" min={seoulToday()} value={date} onChange={(e) => setDate(e.target.value || seoulToday())} data-testid="pre-review-date" />
        </label>
        <label className="field" htmlFor={ids.until}>
          {t('preReview.until')}
          <input id={ids.until} type="date" min={date} value={until} onChange={(e) => setUntil(e.target.value)} data-testid="pre-review-until" />
        </label>
        <label className="field" htmlFor={ids.purpose}>
          {t('preReview.purpose')}
          <input id={ids.purpose} type="text" maxLength={200} value={purpose ?? ''} onChange={(e) => setPurpose(e.target.value)} data-testid="pre-review-purpose" />
        </label>
      </div>
      {review.isPending ? <Loading /> : null}
      <ErrorBox error={review.error} />
      {r ? (
        <>
          {r.form.institutionName === '' ? (
            <p className="warning" data-testid="pre-review-no-institution">
              {t('preReview.noInstitution')} <a href={href('settings')}>{t('nav.settings')}</a>
            </p>
          ) : null}
          <dl className="summary" data-testid="pre-review-form">
            {PRE_REVIEW_FIELDS.map((f, i) => (
              <Fragment key={f.key}>
                <dt>
                  {i + 1}. {t(FIELD_KEYS[f.key])}
                </dt>
                <dd data-field={f.key}>{preReviewFieldText(r, f.key)}</dd>
              </Fragment>
            ))}
          </dl>
          <div className="actions">
            <button type="button" onClick={() => void copy()} data-testid="pre-review-copy">
              {t('preReview.copy')}
            </button>
            <button type="button" onClick={() => saved.mutate()} disabled={saved.isPending} data-testid="pre-review-xlsx">
              {t('preReview.saveXlsx')}
            </button>
          </div>
          {copied === 'copied' ? <p role="status">{t('preReview.copied')}</p> : null}
          {copied === 'manual' ? (
            <label className="field" htmlFor={ids.text}>
              {t('preReview.copyManual')}
              <textarea id={ids.text} readOnly rows={6} value={preReviewFormText(r)} onFocus={(e) => e.target.select()} autoFocus />
            </label>
          ) : null}
          <ErrorBox error={saved.error} />
          {saved.data ? <ExportLocation filePath={saved.data.filePath} withDownload={false} testId="pre-review-file" /> : null}
          <fieldset className="pre-review-decision" data-testid="pre-review-decision">
            <legend>{t('preReview.decision')}</legend>
            {(['form-sent', 'proceed'] as const).map((d) => (
              <label key={d} className="check">
                <input type="radio" name={`${ids.text}-decision`} value={d} checked={decision === d} onChange={() => setDecision(d)} data-testid={`pre-review-${d}`} />
                {t(d === 'form-sent' ? 'preReview.decision.formSent' : 'preReview.decision.proceed')}
              </label>
            ))}
          </fieldset>
        </>
      ) : null}
    </section>
  );
}
