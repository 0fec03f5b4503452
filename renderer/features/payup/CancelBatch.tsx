// Batch cancel from Excel (issue 5 §4): choose a file → preview (counts, row errors; nothing journalled or sent)
// → a confirm that says how many payments will be cancelled irreversibly → progress from `payup:progress` →
// per-row results (the journal rows of the batch) → download the result workbook (<dataDir>/exports/).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { payupBatchPreviewSchema, payupBatchRunSchema, payupProgressSchema } from '../../../shared/domain/payup.ts';
import { call } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { BATCH_SHOWN_ROWS, BatchConfirmDialog, BatchFileStep, BatchRowErrors, type ChosenFile } from '../../components/BatchSteps.tsx';
import { ExportLocation } from '../../components/ExportLocation.tsx';
import { Empty, ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDownload } from '../../lib/download.ts';
import { formatNumber } from '../../lib/format.ts';
import { stampForFileName } from '../../lib/file-stamp.ts';
import { PAYUP_STATE_KEYS, stateChipClass } from './CancelResultView.tsx';

type Preview = z.infer<typeof payupBatchPreviewSchema>;
type Run = z.infer<typeof payupBatchRunSchema>;
type Progress = z.infer<typeof payupProgressSchema>;

export function CancelBatch() {
  const { t, locale } = useI18n();
  const qc = useQueryClient();
  const n = (x: number) => formatNumber(x, locale);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const download = useDownload(setDownloadError);

  const preview = useMutation({
    mutationFn: (filePath: string) => call('payup:cancelBatch', { filePath, previewOnly: true }).then((r) => r.preview),
  });
  const run = useMutation({
    mutationFn: (filePath: string) => call('payup:cancelBatch', { filePath, resultFileName: `취소결과-${stampForFileName()}.xlsx` }).then((r) => r.run),
    onSettled: () => {
      setConfirming(false);
      void qc.invalidateQueries({ queryKey: ['payup'] });
    },
  });
  const running = run.isPending;
  useEffect(() => (running ? carrier().api.on('payup:progress', setProgress) : undefined), [running]);

  const result: Run | null | undefined = run.data;
  const rows = useQuery({
    queryKey: ['payup', 'batch', result?.batchId],
    queryFn: () => call('payup:list', { batchId: result?.batchId ?? '', limit: BATCH_SHOWN_ROWS }),
    enabled: !!result,
  });

  const restart = () => {
    setFile(null);
    setProgress(null);
    setDownloadError(null);
    preview.reset();
    run.reset();
  };
  const p: Preview | undefined = preview.data;

  return (
    <section aria-labelledby="payup-batch-title">
      <h2 id="payup-batch-title">{t('payup.batch.title')}</h2>
      <BatchFileStep
        purpose="payup"
        prefix="payup"
        file={file}
        running={running}
        intro={t('payup.batch.intro')}
        otherLabel={t('payup.batch.other')}
        onChosen={(chosen) => {
          setFile(chosen);
          preview.mutate(chosen.filePath);
        }}
        onRestart={restart}
      />
      {preview.isPending ? <p role="status">{t('payup.batch.previewing')}</p> : null}
      <ErrorBox error={preview.error} />
      {p && !result ? (
        <div data-testid="payup-batch-preview">
          <h3>{t('payup.batch.previewTitle')}</h3>
          <dl className="summary">
            <dt>{t('payup.batch.rows')}</dt>
            <dd>{n(p.rows)}</dd>
            <dt>{t('payup.batch.valid')}</dt>
            <dd>{n(p.valid)}</dd>
            <dt>{t('payup.batch.invalid')}</dt>
            <dd>{n(p.invalid)}</dd>
            <dt>{t('payup.batch.duplicates')}</dt>
            <dd>{n(p.duplicatesInFile)}</dd>
            <dt>{t('payup.batch.already')}</dt>
            <dd>
              {Object.entries(p.alreadyInJournal).length === 0
                ? t('common.none')
                : Object.entries(p.alreadyInJournal)
                    .map(([s, c]) => `${t(PAYUP_STATE_KEYS[s as keyof typeof PAYUP_STATE_KEYS])} ${n(c ?? 0)}`)
                    .join(', ')}
            </dd>
            <dt>{t('payup.batch.toSend')}</dt>
            <dd data-testid="payup-batch-tosend">
              <strong>{n(p.toSend)}</strong>
            </dd>
          </dl>
          <BatchRowErrors prefix="payup" title={t('payup.batch.errors')} errors={p.errors} />
          {p.toSend === 0 ? (
            <Empty>{t('payup.batch.nothingToSend')}</Empty>
          ) : (
            <div className="actions">
              <button type="button" className="danger" onClick={() => setConfirming(true)} disabled={running} data-testid="payup-batch-start">
                {t('payup.batch.start', { n: n(p.toSend) })}
              </button>
            </div>
          )}
        </div>
      ) : null}

      <BatchConfirmDialog
        prefix="payup"
        open={confirming}
        title={t('payup.batch.confirmTitle')}
        body={<p className="warning">{t('payup.batch.confirmBody', { n: n(p?.toSend ?? 0) })}</p>}
        running={running}
        progress={{
          text: t('payup.batch.progress', { done: n(progress?.sent ?? 0), total: n(p?.toSend ?? 0) }),
          label: t('payup.batch.progressLabel'),
          done: progress?.sent ?? 0,
          total: p?.toSend ?? 1,
        }}
        error={run.error}
        goLabel={t('payup.batch.confirmGo')}
        goClass="danger"
        onGo={() => file && run.mutate(file.filePath)}
        onClose={() => setConfirming(false)}
      />

      {result ? (
        <div data-testid="payup-batch-result" data-stopped={result.stopped}>
          <h3>{t('payup.batch.resultTitle')}</h3>
          <Notice>{t(`payup.batch.stopped.${result.stopped}`, { sent: n(result.tally.sent) })}</Notice>
          <ul className="counts" aria-label={t('payup.batch.counts')}>
            {Object.entries(result.counts)
              .filter(([, c]) => (c ?? 0) > 0)
              .map(([s, c]) => (
                <li key={s} className={stateChipClass(s as keyof typeof PAYUP_STATE_KEYS)} data-testid={`payup-count-${s}`}>
                  {t(PAYUP_STATE_KEYS[s as keyof typeof PAYUP_STATE_KEYS])} {n(c ?? 0)}
                </li>
              ))}
          </ul>
          <div className="actions">
            {result.resultFile ? (
              <button type="button" className="primary" onClick={() => result.resultFile && download(result.resultFile)} data-testid="payup-batch-download">
                {t('payup.batch.download')}
              </button>
            ) : null}
            <button type="button" onClick={restart}>
              {t('payup.batch.other')}
            </button>
          </div>
          {downloadError ? <ErrorBox error={new Error(downloadError)} /> : null}
          {result.resultFile ? <ExportLocation filePath={result.resultFile} withDownload={false} testId="payup-batch-file" /> : null}
          <ErrorBox error={rows.error} />
          {rows.data && rows.data.items.length === 0 ? <Empty>{t('payup.batch.noRows')}</Empty> : null}
          {rows.data && rows.data.items.length > 0 ? (
            <div className="scroll-box" tabIndex={0} role="region" aria-label={t('payup.batch.resultTitle')}>
              <table className="data-table" data-testid="payup-batch-rows">
                <caption className="visually-hidden">{t('payup.batch.resultTitle')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('payup.batch.row')}</th>
                    <th scope="col">{t('payup.field.transactionId')}</th>
                    <th scope="col">{t('payup.result.state')}</th>
                    <th scope="col">{t('payup.result.code')}</th>
                    <th scope="col">{t('payup.result.cancelDateTime')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...rows.data.items]
                    .sort((a, b) => (a.sourceRow ?? 0) - (b.sourceRow ?? 0))
                    .map((r) => (
                      <tr key={r.id} data-testid="payup-batch-row">
                        <td>{r.sourceRow ?? ''}</td>
                        <td className="mono">{r.transactionId}</td>
                        <td>
                          <span className={stateChipClass(r.state)}>{t(PAYUP_STATE_KEYS[r.state])}</span>
                        </td>
                        <td>{r.responseCode ? `[${r.responseCode}] ${r.responseMessage ?? ''}` : (r.detail ?? '')}</td>
                        <td>{r.cancelDateTime ?? ''}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          ) : null}
          {result.tally.sent > BATCH_SHOWN_ROWS ? <p className="muted small">{t('payup.batch.shownRows', { n: n(BATCH_SHOWN_ROWS) })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
