// Import wizard (issue 3 §3): file → sheet → mailing defaults with the live KakaoTalk preview → column mapping
// (pre-filled from the headers, editable, presets) → validation report → confirm. The defaults come before the
// validation because the backend validates every row with them (a required field may come from a default).
// Validation is a dry run (`mailing:validate`); only the final confirm creates the mailing (`mailing:import`).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { COMMON_CATEGORIES, IMPORT_FIELDS, IMPORT_FIELD_LABELS_KO, MAX_EXPIRES_IN_DAYS, mailingDefaultsSchema, type ColumnMapping, type ImportField, type ImportReport, type MailingDefaultsInput } from '../../../shared/domain/import.ts';
import { EDOC_LIMITS, linkSchema } from '../../../shared/domain/edoc.ts';
import type { PreReviewSend } from '../../../shared/domain/pre-review.ts';
import { call, callChannel, ContractCallError } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { ErrorBox, Loading, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';
import { formatDuration, formatNumber } from '../../lib/format.ts';
import { zodResolver } from '../../lib/zod-resolver.ts';
import { FileChooser } from '../../lib/file-chooser.tsx';
import { useProfiles } from '../../app/useProfiles.ts';
import { href } from '../../app/routes.ts';
import { startSend } from '../mailings/send.ts';
import { PreReviewPanel, usePreReviewCheck } from '../mailings/PreReviewPanel.tsx';
import { KakaoPreview } from './KakaoPreview.tsx';
import { ValidationReport } from './ValidationReport.tsx';

const STEPS = ['file', 'sheet', 'defaults', 'mapping', 'report', 'confirm'] as const;
type Step = (typeof STEPS)[number];
const STEP_KEYS: Record<Step, MessageKey> = {
  file: 'wizard.step.file',
  sheet: 'wizard.step.sheet',
  defaults: 'wizard.step.defaults',
  mapping: 'wizard.step.mapping',
  report: 'wizard.step.report',
  confirm: 'wizard.step.confirm',
};

const opt = (max: number) => z.string().trim().max(max).optional().transform((v) => (v ? v : undefined));
/** The form: the mailing name plus the defaults, checked with the same limits the backend uses. */
const defaultsFormSchema = z.object({
  name: z.string().trim().min(1).max(200),
  title: z.string().trim().min(1).max(EDOC_LIMITS.title),
  link: linkSchema,
  csNumber: z.string().trim().min(1).max(EDOC_LIMITS.csNumber),
  csName: z.string().trim().min(1).max(EDOC_LIMITS.csName),
  message: opt(EDOC_LIMITS.message),
  category: z.union([z.enum(COMMON_CATEGORIES), z.literal('')]),
  expiresInDays: z.coerce.number().int().min(1).max(MAX_EXPIRES_IN_DAYS),
});
type DefaultsForm = z.infer<typeof defaultsFormSchema>;

function toDefaults(f: DefaultsForm): MailingDefaultsInput {
  return mailingDefaultsSchema.parse({
    title: f.title,
    link: f.link,
    csNumber: f.csNumber,
    csName: f.csName,
    expiresInDays: f.expiresInDays,
    ...(f.message ? { message: f.message } : {}),
    ...(f.category ? { category: f.category } : {}),
  });
}

const LETTERS = Array.from({ length: 26 }, (_, i) => String.fromCharCode(65 + i));

function Stepper({ step }: { step: Step }) {
  const { t } = useI18n();
  const idx = STEPS.indexOf(step);
  return (
    <ol className="stepper" aria-label={t('wizard.steps')}>
      {STEPS.map((s, i) => (
        <li key={s} aria-current={i === idx ? 'step' : undefined} className={i < idx ? 'done' : i === idx ? 'current' : ''}>
          <span className="step-no">{i + 1}</span> {t(STEP_KEYS[s])}
        </li>
      ))}
    </ol>
  );
}

function FileStep({ onChosen }: { onChosen: (filePath: string, fileName: string) => void }) {
  const { t } = useI18n();
  return (
    <FileChooser
      purpose="recipients"
      onChosen={onChosen}
      intro={t('wizard.file.intro')}
      chooseLabel={t('wizard.file.choose')}
      dropHint={t('wizard.file.drop')}
      uploadingLabel={t('wizard.file.uploading')}
    />
  );
}

type Chosen = { filePath: string; fileName: string };

export function ImportWizard() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const [step, setStep] = useState<Step>('file');
  const [file, setFile] = useState<Chosen | null>(null);
  const [sheet, setSheet] = useState('');
  const [preset, setPreset] = useState('');
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [savePreset, setSavePreset] = useState('');
  const [detected, setDetected] = useState<ImportReport | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [excluded, setExcluded] = useState(false);
  const [typedName, setTypedName] = useState('');
  const [preReviewChoice, setPreReviewChoice] = useState<PreReviewSend | null>(null);
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [finished, setFinished] = useState<'sent' | 'saved' | null>(null);

  const form = useForm<DefaultsForm>({
    resolver: zodResolver(defaultsFormSchema),
    mode: 'onTouched',
    defaultValues: { name: '', title: '', link: '', csNumber: '', csName: '', message: '', category: '', expiresInDays: 30 },
  });
  const preview = form.watch();

  useEffect(() => carrier().api.on('mailing:importProgress', (p) => setProgress({ done: p.done, total: p.total })), []);

  const sheets = useQuery({
    queryKey: ['sheets', file?.filePath],
    queryFn: () => callChannel('mailing:sheets', { filePath: file?.filePath ?? '' }, z.array(z.string())),
    enabled: step === 'sheet' && file !== null,
    // A refused file is not kept (issue 14 §7): a retry would only report it missing instead of why it was refused.
    retry: false,
  });
  const presets = useQuery({ queryKey: ['presets'], queryFn: () => call('mailing:presets', {}) });
  const profiles = useProfiles();
  const active = profiles.data?.find((p) => p.active);
  const activeProfile = useQuery({ queryKey: ['profile', active?.name], queryFn: () => call('profiles:show', { name: active?.name ?? '' }), enabled: !!active });

  const baseInput = () => {
    const values = defaultsFormSchema.parse(form.getValues());
    return {
      filePath: file?.filePath ?? '',
      ...(sheet ? { sheet } : {}),
      defaults: toDefaults(values),
    };
  };

  const validate = useMutation({
    mutationFn: async (withMapping: boolean) => {
      setProgress(null);
      const input = { ...baseInput(), ...(withMapping ? { mapping } : preset ? { preset } : {}) };
      return { withMapping, report: await call('mailing:validate', input) };
    },
    onSuccess: ({ withMapping, report: r }) => {
      if (withMapping) {
        setReport(r);
        setExcluded(false);
        setStep('report');
      } else {
        setDetected(r);
        setMapping(r.mapping);
      }
    },
  });

  const submit = useMutation({
    mutationFn: async (send: boolean) => {
      const values = defaultsFormSchema.parse(form.getValues());
      const r = await call('mailing:import', { ...baseInput(), mapping, name: values.name, ...(savePreset.trim() ? { savePreset: savePreset.trim() } : {}) });
      if (!r.mailingId) throw new ContractCallError({ code: 'NO_VALID_ROWS', message: t('wizard.report.noValid') });
      if (send) startSend(qc, r.mailingId, preReviewChoice ?? undefined);
      return send;
    },
    onSuccess: (sent) => {
      setFinished(sent ? 'sent' : 'saved');
      void qc.invalidateQueries({ queryKey: ['mailings'] });
      void qc.invalidateQueries({ queryKey: ['presets'] });
    },
  });

  const restart = () => {
    setStep('file');
    setFile(null);
    setSheet('');
    setPreset('');
    setMapping({});
    setDetected(null);
    setReport(null);
    setExcluded(false);
    setTypedName('');
    setPreReviewChoice(null);
    setFinished(null);
    validate.reset();
    submit.reset();
  };

  // Entering the mapping step: detect once from the headers (or the chosen preset).
  useEffect(() => {
    if (step === 'mapping' && detected === null && !validate.isPending && !validate.isError) validate.mutate(false);
  }, [step, detected, validate]);

  const isProduction = active?.kind === 'production';
  const mailingName = form.getValues('name');
  // One request per chunk of ≤100 documents (DESIGN §6), at most rateLimitPerSec requests a second: a lower bound
  // that ignores the gateway's answer time, which concurrency mostly hides.
  const rate = activeProfile.data?.docsgw.rateLimitPerSec ?? 20;
  const estSeconds = report ? Math.ceil(report.valid / 100) / Math.max(0.1, rate) : 0;
  // The backend says whether this list takes today to 500,000 (seed 001 §2.1), as it will when the send starts.
  const preReviewTarget = step === 'confirm' && report ? { newDocuments: report.valid, name: mailingName || report.fileName } : null;
  const preReviewCheck = usePreReviewCheck(preReviewTarget);
  const preReviewNeeded = preReviewCheck.data?.required ?? false;

  if (finished) {
    return (
      <section aria-labelledby="wizard-title">
        <h1 id="wizard-title">{t('wizard.title')}</h1>
        <Notice>{t(finished === 'sent' ? 'wizard.done' : 'wizard.saved')}</Notice>
        <div className="actions">
          <a className="button-like" href={href('mailings')} data-testid="go-mailings">
            {t('wizard.goMailings')}
          </a>
          <button type="button" onClick={restart}>
            {t('wizard.restart')}
          </button>
        </div>
      </section>
    );
  }

  const fieldOptions = (current: string | undefined) => {
    const letters = new Set<string>([...LETTERS, ...Object.values(mapping), ...(detected?.unmappedColumns.map((c) => c.column) ?? [])]);
    if (current) letters.add(current);
    return [...letters].sort((a, b) => a.length - b.length || a.localeCompare(b));
  };
  const headerOf = new Map(detected?.unmappedColumns.map((c) => [c.column, c.header]) ?? []);

  return (
    <section aria-labelledby="wizard-title" data-testid="import-wizard">
      <h1 id="wizard-title">{t('wizard.title')}</h1>
      <Stepper step={step} />
      <h2 data-testid="wizard-step">{t(STEP_KEYS[step])}</h2>
      {file ? <p className="muted">{t('wizard.file.chosen', { name: file.fileName })}</p> : null}

      {step === 'file' && (
        <FileStep
          onChosen={(filePath, fileName) => {
            setFile({ filePath, fileName });
            setDetected(null);
            if (!form.getValues('name')) form.setValue('name', fileName.replace(/\.[^.]+$/, ''));
            setStep('sheet');
          }}
        />
      )}

      {step === 'sheet' && (
        <div>
          {sheets.isPending ? <Loading /> : null}
          <ErrorBox error={sheets.error} />
          <label className="field">
            {t('wizard.sheet.label')}
            <select value={sheet} onChange={(e) => setSheet(e.target.value)} data-testid="sheet-select">
              <option value="">{t('wizard.sheet.auto')}</option>
              {(sheets.data ?? []).map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button type="button" onClick={() => setStep('file')}>
              {t('common.back')}
            </button>
            <button type="button" className="primary" onClick={() => { setDetected(null); setStep('defaults'); }} data-testid="wizard-next">
              {t('common.next')}
            </button>
          </div>
        </div>
      )}

      {step === 'defaults' && (
        <form
          className="defaults-grid"
          noValidate
          onSubmit={form.handleSubmit(() => {
            setDetected(null);
            validate.reset();
            setStep('mapping');
          })}
        >
          <div>
            <p>{t('wizard.defaults.intro')}</p>
            {(['name', 'title', 'link', 'csNumber', 'csName', 'message'] as const).map((f) => {
              const err = form.formState.errors[f];
              const label = t(`wizard.defaults.${f}`);
              return (
                <label key={f} className="field">
                  {label}
                  {f === 'message' ? (
                    <textarea rows={3} {...form.register(f)} aria-invalid={err ? true : undefined} data-testid={`defaults-${f}`} />
                  ) : (
                    <input type="text" {...form.register(f)} aria-invalid={err ? true : undefined} data-testid={`defaults-${f}`} />
                  )}
                  {err ? (
                    <span className="field-error" role="alert">
                      {t('form.invalid', { field: label, reason: err.message ?? '' })}
                    </span>
                  ) : null}
                </label>
              );
            })}
            <label className="field">
              {t('wizard.defaults.category')}
              <select {...form.register('category')}>
                <option value="">{t('wizard.defaults.categoryNone')}</option>
                {COMMON_CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              {t('wizard.defaults.expires')}
              <input type="number" min={1} max={MAX_EXPIRES_IN_DAYS} {...form.register('expiresInDays')} className="narrow" />
            </label>
            <div className="actions">
              <button type="button" onClick={() => setStep('sheet')}>
                {t('common.back')}
              </button>
              <button type="submit" className="primary" data-testid="wizard-next">
                {t('common.next')}
              </button>
            </div>
          </div>
          <KakaoPreview values={{ title: preview.title, message: preview.message ?? '', csName: preview.csName, csNumber: preview.csNumber, expiresInDays: Number(preview.expiresInDays) || undefined }} />
        </form>
      )}

      {step === 'mapping' && (
        <div>
          <p>{t('wizard.mapping.intro')}</p>
          <label className="field">
            {t('wizard.mapping.preset')}
            <select
              value={preset}
              onChange={(e) => {
                const name = e.target.value;
                setPreset(name);
                const p = presets.data?.find((x) => x.name === name);
                if (p) setMapping(p.mapping);
                else {
                  setDetected(null);
                  validate.reset();
                }
              }}
            >
              <option value="">{t('wizard.mapping.presetNone')}</option>
              {(presets.data ?? []).map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
          {validate.isPending ? <p role="status">{t('wizard.mapping.detecting')}</p> : null}
          <ErrorBox error={validate.error} />
          <table className="data-table mapping-table" data-testid="mapping-table">
            <thead>
              <tr>
                <th scope="col">{t('wizard.report.field')}</th>
                <th scope="col">{t('wizard.mapping.column')}</th>
              </tr>
            </thead>
            <tbody>
              {IMPORT_FIELDS.map((f: ImportField) => (
                <tr key={f}>
                  <th scope="row">
                    <label htmlFor={`map-${f}`}>{IMPORT_FIELD_LABELS_KO[f]}</label>
                  </th>
                  <td>
                    <select
                      id={`map-${f}`}
                      value={mapping[f] ?? ''}
                      data-testid={`map-${f}`}
                      onChange={(e) => {
                        const v = e.target.value;
                        setMapping((m) => {
                          const next: ColumnMapping = {};
                          for (const [k, col] of Object.entries(m) as [ImportField, string][]) if (k !== f && col !== v) next[k] = col;
                          if (v) next[f] = v;
                          return next;
                        });
                      }}
                    >
                      <option value="">{t('wizard.mapping.unmapped')}</option>
                      {fieldOptions(mapping[f]).map((l) => (
                        <option key={l} value={l}>
                          {headerOf.has(l) ? t('wizard.mapping.headerHint', { column: l, header: headerOf.get(l) ?? '' }) : l}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {detected && detected.unmappedColumns.length > 0 ? (
            <p className="muted">
              {t('wizard.mapping.unused')}: {detected.unmappedColumns.map((c) => t('wizard.mapping.headerHint', { column: c.column, header: c.header })).join(', ')}
            </p>
          ) : null}
          <label className="field">
            {t('wizard.mapping.savePreset')}
            <input type="text" value={savePreset} onChange={(e) => setSavePreset(e.target.value)} maxLength={100} />
          </label>
          {validate.isPending && progress ? <p role="status">{t('wizard.report.validating', { done: progress.done, total: progress.total })}</p> : null}
          <div className="actions">
            <button type="button" onClick={() => setStep('defaults')}>
              {t('common.back')}
            </button>
            <button type="button" className="primary" disabled={validate.isPending} onClick={() => validate.mutate(true)} data-testid="wizard-next">
              {t('common.next')}
            </button>
          </div>
        </div>
      )}

      {step === 'report' && report && (
        <div>
          <ValidationReport report={report} excluded={excluded} onExcludedChange={setExcluded} />
          {report.invalid > 0 && !excluded && report.valid > 0 ? <p className="muted">{t('wizard.report.excludeNeeded')}</p> : null}
          <div className="actions">
            <button type="button" onClick={() => setStep('mapping')}>
              {t('common.back')}
            </button>
            <button type="button" className="primary" disabled={report.valid === 0 || (report.invalid > 0 && !excluded)} onClick={() => setStep('confirm')} data-testid="wizard-next">
              {t('common.next')}
            </button>
          </div>
        </div>
      )}

      {step === 'confirm' && report && (
        <div>
          <dl className="summary" data-testid="confirm-summary">
            <dt>{t('wizard.defaults.name')}</dt>
            <dd>{mailingName}</dd>
            <dt>{t('wizard.confirm.count')}</dt>
            <dd data-testid="confirm-count">{formatNumber(report.valid, locale)}</dd>
            <dt>{t('wizard.confirm.excluded')}</dt>
            <dd>{formatNumber(report.invalid, locale)}</dd>
            <dt>{t('wizard.confirm.profile')}</dt>
            <dd>{active ? `${active.label || active.name} · ${t(`profile.kind.${active.kind}`)}` : ''}</dd>
            <dt>{t('wizard.confirm.duration')}</dt>
            <dd>{t('wizard.confirm.durationValue', { value: formatDuration(estSeconds, t) })}</dd>
          </dl>
          <ErrorBox error={preReviewCheck.error} />
          {preReviewNeeded && preReviewTarget ? <PreReviewPanel target={preReviewTarget} onChange={setPreReviewChoice} /> : null}
          {isProduction ? (
            <label className="field">
              {t('wizard.confirm.typeName', { name: mailingName })}
              <input type="text" value={typedName} onChange={(e) => setTypedName(e.target.value)} aria-label={t('wizard.confirm.typeNameLabel')} data-testid="type-name" />
            </label>
          ) : null}
          <ErrorBox error={submit.error} />
          <div className="actions">
            <button type="button" onClick={() => setStep('report')}>
              {t('common.back')}
            </button>
            <button type="button" disabled={submit.isPending} onClick={() => submit.mutate(false)} data-testid="import-only">
              {t('wizard.confirm.importOnly')}
            </button>
            <button
              type="button"
              className="primary"
              disabled={submit.isPending || (isProduction && typedName !== mailingName) || !preReviewCheck.isSuccess || (preReviewNeeded && preReviewChoice === null)}
              onClick={() => submit.mutate(true)}
              data-testid="confirm-send"
            >
              {t('wizard.confirm.send')}
            </button>
          </div>
        </div>
      )}
      {validate.isError && step !== 'mapping' ? <ErrorBox error={validate.error} /> : null}
    </section>
  );
}
