// The plan's facts (issue 15): the network mode of seed 000 §2.3, then only what that mode's forms ask for.
// Refusals (errors) block saving and sit at their field; flags (warnings) show live and are saved with the plan.
import { useMutation } from '@tanstack/react-query';
import { useId, useMemo, type ReactNode } from 'react';
import { useForm, type UseFormReturn } from 'react-hook-form';
import { NETWORK_MODES, NETWORK_MODE_LABELS, usesLeasedLine, usesVpn, type PlanIssue } from '../../../../shared/domain/network-plan.ts';
import { call } from '../../../bridge/call.ts';
import { ErrorBox } from '../../../components/Status.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import type { MessageKey } from '../../../i18n/ko.ts';
import { zodResolver } from '../../../lib/zod-resolver.ts';
import { formFieldOf, issuesOf, planFormSchema, planFromForm, type PlanFormField, type PlanFormValues } from './plan-form-values.ts';

type Form = UseFormReturn<PlanFormValues>;

function Warnings({ issues }: { issues: PlanIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <>
      {issues.map((w) => (
        <span key={w.message} className="warning small" data-severity="warning">
          ⚠ {w.message}
        </span>
      ))}
    </>
  );
}

function TextField(props: { form: Form; name: Exclude<PlanFormField, 'usePayup' | 'useKcp'>; label: MessageKey; hint?: MessageKey; warnings: PlanIssue[]; type?: string; multiline?: boolean; inputMode?: 'numeric' | 'decimal' }) {
  const { t } = useI18n();
  const id = useId();
  const error = props.form.formState.errors[props.name];
  const common = {
    id,
    'aria-invalid': error ? ('true' as const) : ('false' as const),
    'aria-describedby': `${id}-msg`,
    'data-testid': `plan-${props.name}`,
    ...props.form.register(props.name),
  };
  return (
    <div className="field">
      <label htmlFor={id}>{t(props.label)}</label>
      {props.multiline ? <textarea rows={3} {...common} /> : <input type={props.type ?? 'text'} autoComplete="off" inputMode={props.inputMode} {...common} />}
      <span id={`${id}-msg`} className={error ? 'field-error' : 'muted small'} data-testid={error ? `plan-error-${props.name}` : undefined}>
        {error?.message ?? (props.hint ? t(props.hint) : '')}
      </span>
      <Warnings issues={props.warnings} />
    </div>
  );
}

function Group({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <fieldset className="card" data-testid={testId}>
      <legend>{title}</legend>
      {children}
    </fieldset>
  );
}

export function PlanForm({ initial, today, onSaved }: { initial: PlanFormValues; today: string; onSaved: () => void }) {
  const { t } = useI18n();
  const schema = useMemo(() => planFormSchema(today), [today]);
  const form = useForm<PlanFormValues>({ resolver: zodResolver(schema), mode: 'onTouched', defaultValues: initial });
  const values = form.watch();
  const issues = issuesOf(values, today);
  const warnings = issues.filter((i) => i.severity === 'warning');
  const errorCount = issues.filter((i) => i.severity === 'error').length;
  const w = (f: PlanFormField) => warnings.filter((i) => formFieldOf(i.field) === f);
  const save = useMutation({ mutationFn: (v: PlanFormValues) => call('network:savePlan', { plan: planFromForm(v) }), onSuccess: onSaved });
  const mode = values.mode === '' ? null : values.mode;
  const field = (name: Exclude<PlanFormField, 'usePayup' | 'useKcp'>, label: MessageKey, extra: { hint?: MessageKey; type?: string; multiline?: boolean; inputMode?: 'numeric' | 'decimal' } = {}) => (
    <TextField form={form} name={name} label={label} warnings={w(name)} {...extra} />
  );
  const modeError = form.formState.errors.mode;

  return (
    <form noValidate onSubmit={form.handleSubmit((v) => save.mutate(v))} data-testid="plan-form">
      <fieldset className="card" aria-describedby="plan-mode-msg">
        <legend>{t('plan.mode')}</legend>
        {NETWORK_MODES.map((m) => (
          <label key={m} className="check">
            <input type="radio" value={m} data-testid={`plan-mode-${m}`} {...form.register('mode')} />
            {NETWORK_MODE_LABELS[m]} <span className="muted small">— {t(`plan.mode.${m}`)}</span>
          </label>
        ))}
        <span id="plan-mode-msg" className={modeError ? 'field-error' : 'muted small'}>
          {modeError?.message ?? t('plan.modeHint')}
        </span>
      </fieldset>

      <Group title={t('plan.group.institution')}>
        {field('institutionName', 'plan.field.institutionName')}
        {field('contactName', 'plan.field.contactName')}
        {field('contactPhone', 'plan.field.contactPhone', { type: 'tel' })}
        {field('contactEmail', 'plan.field.contactEmail', { type: 'email' })}
      </Group>

      <Group title={t('plan.group.server')}>
        {field('publicIps', 'plan.field.publicIps', { hint: 'plan.hint.publicIps', multiline: true })}
        {field('hostname', 'plan.field.hostname', { hint: 'plan.hint.hostname' })}
      </Group>

      {mode && usesVpn(mode) ? (
        <Group title={t('plan.group.vpn')} testId="plan-group-vpn">
          {field('vpnModel', 'plan.field.vpnModel', { hint: 'plan.hint.vpnModel' })}
          {field('vpnIp', 'plan.field.vpnIp', { hint: 'plan.hint.publicIp' })}
        </Group>
      ) : null}

      {mode && usesLeasedLine(mode) ? (
        <Group title={t('plan.group.leased')} testId="plan-group-leased">
          {field('isp1', 'plan.field.isp1', { hint: 'plan.hint.isps' })}
          {field('isp2', 'plan.field.isp2')}
          {field('idcAddress', 'plan.field.idcAddress')}
          {field('idcContactName', 'plan.field.idcContactName', { hint: 'plan.hint.idcContact' })}
          {field('idcContactPhone', 'plan.field.idcContactPhone', { type: 'tel' })}
          {field('idcContactEmail', 'plan.field.idcContactEmail', { type: 'email' })}
        </Group>
      ) : null}

      <Group title={t('plan.group.schedule')}>
        {field('wishedOpeningDate', 'plan.field.wishedOpeningDate', { type: 'date', hint: 'plan.hint.wishedOpeningDate' })}
        {field('dailyDocuments', 'plan.field.dailyDocuments', { inputMode: 'numeric', hint: 'plan.hint.dailyDocuments' })}
        {field('peakHourPercent', 'plan.field.peakHourPercent', { inputMode: 'decimal', hint: 'plan.hint.peakHourPercent' })}
        {field('plannedDates', 'plan.field.plannedDates')}
        {field('purpose', 'plan.field.purpose')}
      </Group>

      <Group title={t('plan.group.lines')}>
        <p className="muted small">{t('plan.linesIntro')}</p>
        {field('bulkLocalAddress', 'plan.field.bulkLocalAddress', { hint: 'plan.hint.localAddress' })}
        {field('otherLocalAddress', 'plan.field.otherLocalAddress')}
      </Group>

      <Group title={t('plan.group.services')}>
        <label className="check">
          <input type="checkbox" data-testid="plan-usePayup" {...form.register('usePayup')} />
          {t('plan.field.usePayup')}
        </label>
        {values.usePayup ? (
          <>
            <div className="field">
              <label htmlFor="plan-payup-env">{t('plan.field.payupEnvironment')}</label>
              <select id="plan-payup-env" data-testid="plan-payupEnvironment" {...form.register('payupEnvironment')}>
                <option value="production">{t('plan.env.payup.production')}</option>
                <option value="test">{t('plan.env.payup.test')}</option>
              </select>
              <Warnings issues={w('payupEnvironment')} />
            </div>
            {field('payupMerchantId', 'plan.field.payupMerchantId')}
          </>
        ) : null}
        <label className="check">
          <input type="checkbox" data-testid="plan-useKcp" {...form.register('useKcp')} />
          {t('plan.field.useKcp')}
        </label>
        {values.useKcp ? (
          <>
            <div className="field">
              <label htmlFor="plan-kcp-env">{t('plan.field.kcpEnvironment')}</label>
              <select id="plan-kcp-env" data-testid="plan-kcpEnvironment" {...form.register('kcpEnvironment')}>
                <option value="production">{t('plan.env.kcp.production')}</option>
                <option value="test">{t('plan.env.kcp.test')}</option>
              </select>
              <Warnings issues={w('kcpEnvironment')} />
            </div>
            {field('kcpSiteCd', 'plan.field.kcpSiteCd')}
            {field('kcpPpcliHome', 'plan.field.kcpPpcliHome', { hint: 'plan.hint.kcpPpcliHome' })}
          </>
        ) : null}
      </Group>

      <Group title={t('plan.group.notes')}>{field('notes', 'plan.field.notes', { multiline: true })}</Group>

      <div className="card" data-testid="plan-findings">
        <p role="status">{t('plan.findings', { errors: String(errorCount), warnings: String(warnings.length) })}</p>
        <Warnings issues={warnings.filter((i) => formFieldOf(i.field) === null)} />
      </div>
      <ErrorBox error={save.error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending} data-testid="plan-save">
          {t('plan.save')}
        </button>
      </div>
    </form>
  );
}
