// Verification batch from Excel (issue 5 §4): choose a file → preview (`kcp:previewBatch`: counts and row errors,
// nothing sent) → confirm (and, when the file names banks whose KCP support is unconfirmed, an explicit choice to
// include them) → progress from `kcp:batchProgress` → per-row results (masked) → download the result workbook.
// Rows left out for an unconfirmed bank get a confirmation button afterwards, a stopped batch a continue button.
import { useMutation } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { KcpBatchProgress } from '../../../shared/domain/kcp-verification.ts';
import { call } from '../../bridge/call.ts';
import { carrier } from '../../bridge/carrier.ts';
import { BATCH_SHOWN_ROWS, BatchConfirmDialog, BatchFileStep, BatchRowErrors, type ChosenFile } from '../../components/BatchSteps.tsx';
import { ExportLocation } from '../../components/ExportLocation.tsx';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { useDownload } from '../../lib/download.ts';
import { stampForFileName } from '../../lib/file-stamp.ts';
import { formatNumber } from '../../lib/format.ts';
import { KCP_STATE_KEYS, kcpChipClass } from './VerificationResultView.tsx';

export function VerifyBatch() {
  const { t, locale } = useI18n();
  const n = (x: number) => formatNumber(x, locale);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [includeUnconfirmed, setIncludeUnconfirmed] = useState(false);
  const [progress, setProgress] = useState<KcpBatchProgress | null>(null);
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const download = useDownload(setDownloadError);

  const preview = useMutation({ mutationFn: (filePath: string) => call('kcp:previewBatch', { filePath }) });
  const run = useMutation({
    mutationFn: (filePath: string) =>
      call('kcp:verifyBatch', { filePath, confirmUnverifiedBanks: includeUnconfirmed, resultFileName: `계좌인증결과-${stampForFileName()}.xlsx` }),
    onSettled: () => setConfirming(false),
  });
  // The same batch again: the rows it left for an unconfirmed bank once the operator confirms them, or the rows
  // still queued when it stopped. Answered rows are never sent twice (kcp:resumeBatch).
  const [confirmingUnconfirmed, setConfirmingUnconfirmed] = useState(false);
  const more = useMutation({
    mutationFn: (o: { batchId: string; confirm: boolean }) =>
      call('kcp:resumeBatch', { batchId: o.batchId, confirmUnverifiedBanks: o.confirm, resultFileName: `계좌인증결과-${stampForFileName()}.xlsx` }),
    onSettled: () => setConfirmingUnconfirmed(false),
  });
  const running = run.isPending || more.isPending;
  useEffect(() => (running ? carrier().api.on('kcp:batchProgress', setProgress) : undefined), [running]);

  const restart = () => {
    setFile(null);
    setProgress(null);
    setIncludeUnconfirmed(false);
    setDownloadError(null);
    preview.reset();
    run.reset();
    more.reset();
  };
  const p = preview.data;
  const result = more.data ?? run.data;
  const unconfirmedLeft = result ? result.results.filter((r) => r.state === 'INVALID' && r.errorCode === 'UNVERIFIED_BANK').length : 0;
  const queuedLeft = result?.counts.QUEUED ?? 0;
  const toSend = p ? p.valid - (includeUnconfirmed ? 0 : p.unverifiedBanks) : 0;

  return (
    <section aria-labelledby="kcp-batch-title">
      <h2 id="kcp-batch-title">{t('kcp.batch.title')}</h2>
      <BatchFileStep
        purpose="kcp"
        prefix="kcp"
        file={file}
        running={running}
        intro={t('kcp.batch.intro')}
        otherLabel={t('kcp.batch.other')}
        onChosen={(chosen) => {
          setFile(chosen);
          preview.mutate(chosen.filePath);
        }}
        onRestart={restart}
      />
      {preview.isPending ? <p role="status">{t('kcp.batch.previewing')}</p> : null}
      <ErrorBox error={preview.error} />
      {p && !result ? (
        <div data-testid="kcp-batch-preview">
          <h3>{t('kcp.batch.previewTitle')}</h3>
          <dl className="summary">
            <dt>{t('kcp.batch.rows')}</dt>
            <dd>{n(p.rows)}</dd>
            <dt>{t('kcp.batch.valid')}</dt>
            <dd>{n(p.valid)}</dd>
            <dt>{t('kcp.batch.invalid')}</dt>
            <dd>{n(p.invalid)}</dd>
            <dt>{t('kcp.batch.unconfirmed')}</dt>
            <dd>{n(p.unverifiedBanks)}</dd>
            <dt>{t('kcp.batch.toSend')}</dt>
            <dd data-testid="kcp-batch-tosend">
              <strong>{n(toSend)}</strong>
            </dd>
          </dl>
          {p.unverifiedBanks > 0 ? (
            <label className="check warning">
              <input type="checkbox" checked={includeUnconfirmed} onChange={(e) => setIncludeUnconfirmed(e.target.checked)} data-testid="kcp-batch-include-unconfirmed" />
              {t('kcp.batch.includeUnconfirmed', { n: n(p.unverifiedBanks) })}
            </label>
          ) : null}
          <BatchRowErrors prefix="kcp" title={t('kcp.batch.errors')} errors={p.errors} />
          <div className="actions">
            <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={running || toSend === 0} data-testid="kcp-batch-start">
              {t('kcp.batch.start', { n: n(toSend) })}
            </button>
          </div>
          {toSend === 0 ? <p className="muted">{t('kcp.batch.nothingToSend')}</p> : null}
        </div>
      ) : null}

      <BatchConfirmDialog
        prefix="kcp"
        open={confirming}
        title={t('kcp.batch.confirmTitle')}
        body={<p>{t('kcp.batch.confirmBody', { n: n(toSend) })}</p>}
        running={running}
        progress={{
          text: t('kcp.batch.progress', { done: n(progress?.done ?? 0), total: n(progress?.total ?? toSend) }),
          label: t('kcp.batch.progressLabel'),
          done: progress?.done ?? 0,
          total: progress?.total ?? toSend,
        }}
        error={run.error}
        goLabel={t('kcp.batch.confirmGo')}
        goClass="primary"
        onGo={() => file && run.mutate(file.filePath)}
        onClose={() => setConfirming(false)}
      />

      <BatchConfirmDialog
        prefix="kcp-unconfirmed"
        open={confirmingUnconfirmed}
        title={t('kcp.batch.confirmUnconfirmedTitle')}
        body={<p className="warning">{t('kcp.batch.confirmUnconfirmedBody', { n: n(unconfirmedLeft) })}</p>}
        running={more.isPending}
        progress={{
          text: t('kcp.batch.progress', { done: n(progress?.done ?? 0), total: n(progress?.total ?? unconfirmedLeft) }),
          label: t('kcp.batch.progressLabel'),
          done: progress?.done ?? 0,
          total: progress?.total ?? unconfirmedLeft,
        }}
        error={more.error}
        goLabel={t('kcp.batch.confirmUnconfirmedGo', { n: n(unconfirmedLeft) })}
        goClass="primary"
        onGo={() => result && more.mutate({ batchId: result.batchId, confirm: true })}
        onClose={() => setConfirmingUnconfirmed(false)}
      />

      {result ? (
        <div data-testid="kcp-batch-result">
          <h3>{t('kcp.batch.resultTitle')}</h3>
          <Notice>{t('kcp.batch.done', { rows: n(result.rows) })}</Notice>
          <ul className="counts" aria-label={t('kcp.batch.counts')}>
            {Object.entries(result.counts)
              .filter(([, c]) => c > 0)
              .map(([s, c]) => (
                <li key={s} className={kcpChipClass(s as keyof typeof KCP_STATE_KEYS)} data-testid={`kcp-count-${s}`}>
                  {t(KCP_STATE_KEYS[s as keyof typeof KCP_STATE_KEYS])} {n(c)}
                </li>
              ))}
          </ul>
          <div className="actions">
            {result.resultFile ? (
              <button type="button" className="primary" onClick={() => result.resultFile && download(result.resultFile)} data-testid="kcp-batch-download">
                {t('kcp.batch.download')}
              </button>
            ) : null}
            <button type="button" onClick={restart}>
              {t('kcp.batch.other')}
            </button>
          </div>
          {unconfirmedLeft > 0 || queuedLeft > 0 ? (
            <div className="actions warning" data-testid="kcp-batch-more">
              {unconfirmedLeft > 0 ? <span>{t('kcp.batch.unconfirmedLeft', { n: n(unconfirmedLeft) })}</span> : null}
              {unconfirmedLeft > 0 ? (
                <button type="button" className="warning-button" onClick={() => setConfirmingUnconfirmed(true)} disabled={running} data-testid="kcp-batch-confirm-unconfirmed">
                  {t('kcp.batch.confirmUnconfirmed', { n: n(unconfirmedLeft) })}
                </button>
              ) : null}
              {queuedLeft > 0 ? (
                <button type="button" onClick={() => more.mutate({ batchId: result.batchId, confirm: false })} disabled={running} data-testid="kcp-batch-resume">
                  {t('kcp.batch.resume', { n: n(queuedLeft) })}
                </button>
              ) : null}
            </div>
          ) : null}
          <ErrorBox error={confirmingUnconfirmed ? null : more.error} />
          {downloadError ? <ErrorBox error={new Error(downloadError)} /> : null}
          {result.resultFile ? <ExportLocation filePath={result.resultFile} withDownload={false} testId="kcp-batch-file" /> : null}
          <div className="scroll-box" tabIndex={0} role="region" aria-label={t('kcp.batch.resultTitle')}>
            <table className="data-table" data-testid="kcp-batch-rows">
              <caption className="visually-hidden">{t('kcp.batch.resultTitle')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('kcp.batch.row')}</th>
                  <th scope="col">{t('kcp.field.bank')}</th>
                  <th scope="col">{t('kcp.field.account')}</th>
                  <th scope="col">{t('kcp.field.owner')}</th>
                  <th scope="col">{t('kcp.result.state')}</th>
                  <th scope="col">{t('kcp.result.code')}</th>
                </tr>
              </thead>
              <tbody>
                {result.results.slice(0, BATCH_SHOWN_ROWS).map((r) => (
                  <tr key={r.id} data-testid="kcp-batch-row">
                    <td>{r.row}</td>
                    <td>{r.bankName ?? r.bankCode ?? ''}</td>
                    <td className="mono">{r.accountMasked}</td>
                    <td>{r.ownerMasked}</td>
                    <td>
                      <span className={kcpChipClass(r.state)}>{t(KCP_STATE_KEYS[r.state])}</span>
                    </td>
                    <td>{r.resCd ? `${r.resCd} ${r.resMsg ?? ''}` : r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {result.results.length > BATCH_SHOWN_ROWS ? <p className="muted small">{t('kcp.batch.shownRows', { n: n(BATCH_SHOWN_ROWS) })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
