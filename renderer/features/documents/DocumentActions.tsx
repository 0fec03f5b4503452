// The drawer's one-document actions (issue 14 item 4): the link between a corrected re-send and the document it
// replaces (either can be opened from the other), "수정 후 다시 보내기" for a refused or abandoned document, and
// "지금 확인" — one status lookup now — for an accepted document that is not final yet.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { documentAdvice } from '../../../shared/domain/docsgw-advice.ts';
import type { DocumentRow } from '../../../shared/domain/documents-query.ts';
import type { DocumentDetail, DocumentLink } from '../../../shared/domain/mailing.ts';
import { call } from '../../bridge/call.ts';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/ko.ts';
import { formatTime } from '../../lib/format.ts';
import { ResendDialog } from './ResendDialog.tsx';

function LinkLine({ label, link, testId, onOpen, pending }: { label: MessageKey; link: DocumentLink; testId: string; onOpen: (ext: string) => void; pending: boolean }) {
  const { t, locale } = useI18n();
  return (
    <p data-testid={testId}>
      {t(label)} <span className="mono">{link.externalDocumentUuid ?? t('docActions.notYetSent')}</span> · {t(`state.${link.state}`)} ·{' '}
      <time dateTime={new Date(link.at).toISOString()}>{formatTime(link.at, locale)}</time>{' '}
      {link.externalDocumentUuid ? (
        <button type="button" className="link-button" onClick={() => onOpen(link.externalDocumentUuid ?? '')} disabled={pending} data-testid={`${testId}-open`}>
          {t('docActions.open')}
        </button>
      ) : null}
    </p>
  );
}

export function DocumentActions({ detail, documentRef, onOpenDocument }: { detail: DocumentDetail; documentRef: string; onOpenDocument: (row: DocumentRow) => void }) {
  const { t, lang } = useI18n();
  const qc = useQueryClient();
  const [resending, setResending] = useState(false);
  const [notice, setNotice] = useState('');
  const resendButton = useRef<HTMLButtonElement>(null);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: ['document'] });
    void qc.invalidateQueries({ queryKey: ['documents'] });
  };
  const check = useMutation({
    mutationFn: () => call('documents:check', { ref: documentRef }),
    onSuccess: (r) => {
      const status = r.docBoxStatus ? t(`box.${r.docBoxStatus}`) : t('box.SENT');
      if (r.outcome === 'ok') setNotice(t(r.changed ? 'docActions.checked' : 'docActions.checkedSame', { status }));
      else setNotice(t(r.outcome === 'refused' ? 'docActions.checkRefused' : 'docActions.checkFailed', { code: r.errorCode ?? '', message: r.message ?? '' }));
      refresh();
    },
  });
  // The linked document is opened as the grid would give it (masked row), found by its external id.
  const open = useMutation({
    mutationFn: async (ext: string) => (await call('documents:query', { search: ext, limit: 1 })).rows[0] ?? null,
    onSuccess: (row) => row && onOpenDocument(row),
  });
  const canResend = (detail.state === 'REJECTED' || detail.state === 'ABANDONED') && detail.resentAs === null;
  const canCheck = detail.state === 'ACCEPTED' && detail.documentBinderUuid !== null && detail.docBoxStatus !== 'READ' && detail.docBoxStatus !== 'EXPIRED';
  if (!canResend && !canCheck && !detail.resentAs && !detail.resendOf && !notice) return null;
  return (
    <section aria-labelledby="drawer-actions-title" data-testid="drawer-actions">
      <h3 id="drawer-actions-title">{t('docActions.title')}</h3>
      {detail.resentAs ? <LinkLine label="docActions.resentAs" link={detail.resentAs} testId="drawer-resent-as" onOpen={(e) => open.mutate(e)} pending={open.isPending} /> : null}
      {detail.resendOf ? <LinkLine label="docActions.resendOf" link={detail.resendOf} testId="drawer-resend-of" onOpen={(e) => open.mutate(e)} pending={open.isPending} /> : null}
      {notice ? <Notice>{notice}</Notice> : null}
      <ErrorBox error={check.error ?? open.error} />
      {canResend ? (
        <>
          <p className="muted small">{t('docActions.resendHint')}</p>
          <button type="button" ref={resendButton} onClick={() => setResending(true)} data-testid="drawer-resend">
            {t('docActions.resend')}
          </button>
        </>
      ) : null}
      {canCheck ? (
        <>
          <p className="muted small">{t('docActions.checkHint')}</p>
          <button type="button" onClick={() => check.mutate()} disabled={check.isPending} data-testid="drawer-check">
            {t('docActions.check')}
          </button>
        </>
      ) : null}
      {resending ? (
        <ResendDialog
          detail={detail}
          documentRef={documentRef}
          onClose={() => {
            setResending(false);
            resendButton.current?.focus();
          }}
          onDone={(r) => {
            setResending(false);
            const advice = documentAdvice(r, lang);
            setNotice(`${t('docActions.resent', { ext: r.externalDocumentUuid ?? t('docActions.notYetSent'), state: t(`state.${r.state}`) })}${advice ? ` ${advice.explanation} ${advice.advice}` : ''}`);
          }}
        />
      ) : null}
    </section>
  );
}
