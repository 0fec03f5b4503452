// The validation report (issue 3 §3): counts, per-row errors with jump-to-row, exclusion of invalid rows and
// the error list as .xlsx (written by the backend under <dataDir>/exports/; the screen says where).
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { IMPORT_FIELD_LABELS_KO, type ImportReport } from '../../../shared/domain/import.ts';
import { callChannel } from '../../bridge/call.ts';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatNumber } from '../../lib/format.ts';
import { exportResultSchema, useDownload } from '../../lib/download.ts';
import { ExportLocation } from '../../components/ExportLocation.tsx';

export function ValidationReport({ report, excluded, onExcludedChange }: { report: ImportReport; excluded: boolean; onExcludedChange: (v: boolean) => void }) {
  const { t, locale, lang } = useI18n();
  const [jump, setJump] = useState('');
  const [jumpMsg, setJumpMsg] = useState('');
  const tableRef = useRef<HTMLTableElement>(null);
  const download = useDownload();
  const exportErrors = useMutation({
    mutationFn: () => callChannel('mailing:exportErrors', { fileName: report.fileName, errors: report.errors }, exportResultSchema),
    onSuccess: (r) => download(r.filePath),
  });
  const errorList = exportErrors.data?.filePath ?? null;

  const goTo = () => {
    const row = Number(jump);
    const el = tableRef.current?.querySelector<HTMLTableRowElement>(`tr[data-row="${row}"]`);
    if (!el) {
      setJumpMsg(t('wizard.report.jumpMissing', { row: jump }));
      return;
    }
    setJumpMsg('');
    el.scrollIntoView({ block: 'center' });
    el.focus();
  };

  const n = (v: number) => formatNumber(v, locale);
  return (
    <div data-testid="validation-report">
      <p className="report-summary" data-testid="report-summary">
        {t('wizard.report.summary', { rows: n(report.rows), valid: n(report.valid), invalid: n(report.invalid), duplicates: n(report.duplicates) })}
      </p>
      {report.invalid === 0 ? (
        <Notice>{t('wizard.report.allValid')}</Notice>
      ) : (
        <>
          <h3>{t('wizard.report.errors')}</h3>
          <div className="toolbar">
            <label>
              {t('wizard.report.jump')}{' '}
              <input type="number" min={1} value={jump} onChange={(e) => setJump(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && goTo()} className="narrow" />
            </label>
            <button type="button" onClick={goTo}>
              {t('wizard.report.jumpGo')}
            </button>
            <button type="button" onClick={() => exportErrors.mutate()} disabled={exportErrors.isPending} data-testid="download-errors">
              {t('wizard.report.downloadErrors')}
            </button>
          </div>
          {jumpMsg ? <p role="status">{jumpMsg}</p> : null}
          <ErrorBox error={exportErrors.error} />
          {errorList !== null ? <ExportLocation filePath={errorList} testId="errors-file" /> : null}
          <div className="scroll-box" tabIndex={0} role="region" aria-label={t('wizard.report.errors')}>
            <table ref={tableRef} className="data-table" data-testid="row-errors">
              <thead>
                <tr>
                  <th scope="col">{t('wizard.report.row')}</th>
                  <th scope="col">{t('wizard.report.column')}</th>
                  <th scope="col">{t('wizard.report.field')}</th>
                  <th scope="col">{t('wizard.report.message')}</th>
                </tr>
              </thead>
              <tbody>
                {report.errors.slice(0, 2000).map((e, i) => (
                  <tr key={`${e.row}-${e.field}-${i}`} data-row={e.row} tabIndex={-1}>
                    <td>{e.row}</td>
                    <td>{e.column}</td>
                    <td>{e.field === 'row' ? '' : lang === 'ko' ? IMPORT_FIELD_LABELS_KO[e.field] : e.field}</td>
                    <td>{e.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.errorsOmitted > 0 || report.errors.length > 2000 ? (
            <p className="muted">{t('wizard.report.omitted', { count: n(report.errorsOmitted + Math.max(0, report.errors.length - 2000)) })}</p>
          ) : null}
          {report.valid > 0 ? (
            <label className="check">
              <input type="checkbox" checked={excluded} onChange={(e) => onExcludedChange(e.target.checked)} data-testid="exclude-invalid" />
              {t('wizard.report.exclude', { count: n(report.invalid) })}
            </label>
          ) : (
            <div role="alert" className="error-box">
              {t('wizard.report.noValid')}
            </div>
          )}
        </>
      )}
    </div>
  );
}
