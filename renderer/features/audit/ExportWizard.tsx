// Evidence export wizard (issue 4 §5, §7): subject (a document, a recipient or a time range) → a REQUIRED reason →
// run → where the bundle was written, with the report to download. The reason is checked with the contract's own
// schema before anything is sent (안전성 확보조치 기준 제8조②: every download of personal data has a reason), and the
// backend refuses an export without one as well. Opened from the audit screen and from the document drawer.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import type { z } from 'zod';
import { auditExportInputSchema } from '../../../shared/domain/audit.ts';
import { call } from '../../bridge/call.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';
import { useDownload } from '../../lib/download.ts';
import { formatNumber } from '../../lib/format.ts';
import { seoulLocalToIso } from './time.ts';

type Subject = z.infer<typeof auditExportInputSchema>['subject'];
type Kind = Subject['kind'];
const KINDS: Kind[] = ['document', 'recipient', 'range'];
const STEPS = ['subject', 'reason', 'result'] as const;
type Step = (typeof STEPS)[number];
const STEP_KEYS: Record<Step, MessageKey> = { subject: 'audit.export.step.subject', reason: 'audit.export.step.reason', result: 'audit.export.step.result' };

/** What the wizard starts with: the drawer passes its document. */
export type ExportPrefill = { document?: string };

function joinPath(dir: string, file: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${file}`;
}

export function ExportWizard({ prefill, onClose }: { prefill?: ExportPrefill; onClose: () => void }) {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const ids = { reason: useId(), hint: useId() };
  const [step, setStep] = useState<Step>('subject');
  const [kind, setKind] = useState<Kind>('document');
  const [documentRef, setDocumentRef] = useState(prefill?.document ?? '');
  const [phone, setPhone] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const [subjectError, setSubjectError] = useState<string | null>(null);
  const [reasonError, setReasonError] = useState(false);
  const [downloadError, setDownloadError] = useState('');
  const download = useDownload(setDownloadError);
  const body = useRef<HTMLDivElement>(null);
  // Each step replaces the focused control: move focus to the step's first field (or the result) so keyboard and
  // screen-reader users continue inside the dialog.
  useEffect(() => {
    const first = body.current?.querySelector<HTMLElement>(step === 'result' ? '[data-focus-first]' : 'textarea, input:checked, input[type="text"]');
    first?.focus();
  }, [step]);

  const run = useMutation({
    mutationFn: (input: z.input<typeof auditExportInputSchema>) => call('audit:export', input),
    onSuccess: () => {
      setStep('result');
      void qc.invalidateQueries({ queryKey: ['audit-events'] });
      void qc.invalidateQueries({ queryKey: ['audit-overview'] });
    },
  });

  const subject = (): Subject | null => {
    const raw =
      kind === 'document'
        ? { kind, ref: documentRef.trim() }
        : kind === 'recipient'
          ? { kind, phone: phone.replace(/\s/g, '') }
          : { kind, from: seoulLocalToIso(from) ?? '', to: seoulLocalToIso(to) ?? '' };
    const parsed = auditExportInputSchema.shape.subject.safeParse(raw);
    if (!parsed.success) return null;
    if (parsed.data.kind === 'range' && Date.parse(parsed.data.from) >= Date.parse(parsed.data.to)) return null;
    return parsed.data;
  };
  const subjectText = (s: Subject): string =>
    s.kind === 'document' ? `${t('audit.export.kind.document')} ${s.ref}` : s.kind === 'recipient' ? `${t('audit.export.kind.recipient')} ${s.phone}` : `${t('audit.export.kind.range')} ${from.replace('T', ' ')} – ${to.replace('T', ' ')}`;

  const toReason = () => {
    const s = subject();
    if (!s) {
      setSubjectError(t(kind === 'document' ? 'audit.export.documentMissing' : kind === 'recipient' ? 'audit.events.phoneInvalid' : 'audit.export.rangeInvalid'));
      return;
    }
    setSubjectError(null);
    setStep('reason');
  };
  const submit = () => {
    const s = subject();
    const r = auditExportInputSchema.shape.reason.safeParse(reason);
    setReasonError(!r.success);
    if (!s || !r.success) return;
    run.mutate({ subject: s, reason: r.data });
  };
  const current = subject();
  const res = run.data;

  return (
    <Dialog open title={t('audit.export.title')} onClose={onClose} testId="export-wizard">
      <div className="export-wizard" ref={body}>
        <ol className="stepper" aria-label={t('audit.export.steps')}>
          {STEPS.map((s, i) => (
            <li key={s} aria-current={s === step ? 'step' : undefined} className={i < STEPS.indexOf(step) ? 'done' : s === step ? 'current' : ''}>
              <span className="step-no">{i + 1}</span> {t(STEP_KEYS[s])}
            </li>
          ))}
        </ol>

        {step === 'subject' && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              toReason();
            }}
          >
            <fieldset>
              <legend>{t('audit.export.subject')}</legend>
              {KINDS.map((k) => (
                <label key={k} className="check">
                  <input type="radio" name="export-kind" value={k} checked={kind === k} onChange={() => setKind(k)} data-testid={`export-kind-${k}`} /> {t(`audit.export.kind.${k}`)}
                </label>
              ))}
            </fieldset>
            {kind === 'document' && (
              <label className="field">
                {t('audit.export.documentRef')}
                <input type="text" value={documentRef} onChange={(e) => setDocumentRef(e.target.value)} maxLength={64} className="mono" data-testid="export-document" />
              </label>
            )}
            {kind === 'recipient' && (
              <label className="field">
                {t('audit.events.phone')}
                <input type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} maxLength={13} data-testid="export-phone" />
              </label>
            )}
            {kind === 'range' && (
              <>
                <label className="field">
                  {t('audit.events.from')}
                  <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="export-from" />
                </label>
                <label className="field">
                  {t('audit.events.to')}
                  <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} data-testid="export-to" />
                </label>
              </>
            )}
            {subjectError ? (
              <p className="field-error" role="alert">
                {subjectError}
              </p>
            ) : null}
            <div className="actions">
              <button type="button" onClick={onClose}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="primary" data-testid="export-next">
                {t('common.next')}
              </button>
            </div>
          </form>
        )}

        {step === 'reason' && (
          <form
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            {current ? <p data-testid="export-subject">{t('audit.export.summary', { subject: subjectText(current) })}</p> : null}
            <label className="field" htmlFor={ids.reason}>
              {t('audit.export.reason')}
            </label>
            <textarea
              id={ids.reason}
              rows={3}
              value={reason}
              required
              aria-required="true"
              aria-invalid={reasonError || undefined}
              aria-describedby={ids.hint}
              maxLength={500}
              onChange={(e) => {
                setReason(e.target.value);
                if (reasonError) setReasonError(false);
              }}
              data-testid="export-reason"
            />
            <p id={ids.hint} className="muted small">
              {t('audit.export.reasonHint')}
            </p>
            {reasonError ? (
              <p className="field-error" role="alert" data-testid="export-reason-error">
                {t('audit.export.reasonRequired')}
              </p>
            ) : null}
            <p className="warning">{t('audit.export.personal')}</p>
            {run.isPending ? <p role="status">{t('audit.export.running')}</p> : null}
            <ErrorBox error={run.error} />
            <div className="actions">
              <button type="button" onClick={() => setStep('subject')} disabled={run.isPending}>
                {t('common.back')}
              </button>
              <button type="submit" className="primary" disabled={run.isPending} data-testid="export-run">
                {t('audit.export.run')}
              </button>
            </div>
          </form>
        )}

        {step === 'result' && res ? (
          <div data-testid="export-result">
            <div tabIndex={-1} data-focus-first>
              <Notice>{t('audit.export.done')}</Notice>
            </div>
            <dl className="summary">
              <dt>{t('audit.export.outDir')}</dt>
              <dd className="mono" data-testid="export-outdir">
                {res.outDir}
              </dd>
              <dt>{t('audit.keys.fingerprint')}</dt>
              <dd className="mono small">{res.keyFingerprint}</dd>
              <dt>{t('audit.export.exportSeq')}</dt>
              <dd>{res.exportSeq}</dd>
            </dl>
            <p data-testid="export-counts">{t('audit.export.counts', { disclosed: formatNumber(res.disclosed, locale), withheld: formatNumber(res.withheld, locale) })}</p>
            <details>
              <summary>{t('audit.export.files')}</summary>
              <ul className="mono small">
                {res.files.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </details>
            {res.warnings.map((w) => (
              <p key={w} role="alert" className="error-box" data-testid="export-warning">
                {w}
              </p>
            ))}
            {res.pdf.file === null ? (
              <p className="small" data-testid="export-no-pdf">
                {res.pdf.reason}
              </p>
            ) : null}
            <p className="muted small">{t('audit.export.nonAuthoritative')}</p>
            <div className="actions">
              {res.files.includes('report.html') ? (
                <button type="button" onClick={() => download(joinPath(res.outDir, 'report.html'))} data-testid="export-report-html">
                  {t('audit.export.reportHtml')}
                </button>
              ) : null}
              {res.pdf.file !== null ? (
                <button type="button" onClick={() => download(joinPath(res.outDir, 'report.pdf'))} data-testid="export-report-pdf">
                  {t('audit.export.reportPdf')}
                </button>
              ) : null}
              {res.files.includes('report.xlsx') ? (
                <button type="button" onClick={() => download(joinPath(res.outDir, 'report.xlsx'))} data-testid="export-report-xlsx">
                  {t('audit.export.reportXlsx')}
                </button>
              ) : null}
            </div>
            {downloadError ? <ErrorBox error={new Error(downloadError)} /> : null}
            <div className="actions">
              <button
                type="button"
                onClick={() => {
                  run.reset();
                  setReason('');
                  setStep('subject');
                }}
              >
                {t('audit.export.again')}
              </button>
              <button type="button" className="primary" onClick={onClose} data-testid="export-close">
                {t('common.close')}
              </button>
            </div>
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
