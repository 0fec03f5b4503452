// What the saved plan produces (issue 15): the agency's forms in the seeds' field order, the firewall flow table,
// each copyable, and the workbook (.xlsx, one sheet each) for the agency.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FilledForm, NetworkDocuments } from '../../../../shared/domain/network-documents.ts';
import { call } from '../../../bridge/call.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorBox, Notice } from '../../../components/Status.tsx';
import { useI18n } from '../../../i18n/i18n.tsx';
import { useDownload } from '../../../lib/download.ts';

function FormCard({ form }: { form: FilledForm }) {
  const { t } = useI18n();
  const titleId = `plan-form-${form.id}-title`;
  return (
    <section className="card" aria-labelledby={titleId} data-testid={`plan-form-${form.id}`}>
      <h3 id={titleId}>{form.title}</h3>
      <p className="muted small">{form.section}</p>
      <table className="data-table">
        <tbody>
          {form.fields.map((f, i) => (
            <tr key={i}>
              <th scope="row">{f.no ? `${f.no} ${f.label}` : <span className="sub-item">{f.label}</span>}</th>
              <td>{f.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {form.appendix.length > 0 ? (
        <ul className="small" data-testid={`plan-form-${form.id}-appendix`}>
          {form.appendix.map((line, i) => (
            <li key={i}>{line}</li>
          ))}
        </ul>
      ) : null}
      <CopyButton text={form.text} label={t('plan.copyForm', { title: form.title })} testId={`plan-copy-${form.id}`} />
    </section>
  );
}

export function PlanDocuments({ documents }: { documents: NetworkDocuments }) {
  const { t } = useI18n();
  const [downloadError, setDownloadError] = useState('');
  const download = useDownload(setDownloadError);
  const exportForms = useMutation({
    mutationFn: () => call('network:exportForms', {}),
    onSuccess: (r) => download(r.filePath),
  });
  return (
    <section aria-labelledby="plan-docs-title" data-testid="plan-documents">
      <h2 id="plan-docs-title">{t('plan.documents')}</h2>
      <p className="muted">{t('plan.documentsIntro')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => exportForms.mutate()} disabled={exportForms.isPending} data-testid="plan-export">
          {t('plan.export')}
        </button>
      </div>
      {exportForms.data ? <Notice>{t('common.savedAt', { path: exportForms.data.filePath })}</Notice> : null}
      <ErrorBox error={exportForms.error ?? (downloadError || null)} />
      {documents.forms.map((f) => (
        <FormCard key={f.id} form={f} />
      ))}
      <section className="card" aria-labelledby="plan-flows-title" data-testid="plan-flows">
        <h3 id="plan-flows-title">{t('plan.flows')}</h3>
        <p className="muted small">{t('plan.flowsIntro')}</p>
        <div className="scroll-box">
          <table className="data-table flow-table">
            <thead>
              <tr>
                <th scope="col">{t('plan.flow.source')}</th>
                <th scope="col">{t('plan.flow.destination')}</th>
                <th scope="col">{t('plan.flow.port')}</th>
                <th scope="col">{t('plan.flow.purpose')}</th>
                <th scope="col">{t('plan.flow.local')}</th>
                <th scope="col">{t('plan.flow.section')}</th>
              </tr>
            </thead>
            <tbody>
              {documents.flows.map((r, i) => (
                <tr key={i} data-flow={r.flow} data-line={r.line}>
                  <td className="mono">{r.source}</td>
                  <td className="mono">
                    {r.destination}
                    {r.destination !== r.destinationHost ? <div className="muted small">{r.destinationHost}</div> : null}
                  </td>
                  <td className="mono">
                    {r.port} <span className="muted small">{r.protocol}</span>
                  </td>
                  <td>{r.purpose}</td>
                  <td className="mono">{r.localAddress ?? (r.service === 'kcp' ? t('plan.flow.localKcp') : t('plan.flow.localOs'))}</td>
                  <td className="small">{r.section}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CopyButton text={documents.flowsText} label={t('plan.copyFlows')} testId="plan-copy-flows" />
      </section>
    </section>
  );
}
