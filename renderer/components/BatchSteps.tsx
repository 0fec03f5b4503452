// The steps every Excel batch screen shares (PayUp cancel, KCP verification): choose a file, list the rows the
// preview refused, confirm with live progress. Each screen supplies its own texts and test-id prefix.
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.tsx';
import { FileChooser, type FileChooserProps } from '../lib/file-chooser.tsx';
import { Dialog } from './Dialog.tsx';
import { ErrorBox } from './Status.tsx';

export type ChosenFile = { filePath: string; fileName: string };

/** Rows shown on screen; the result workbook holds every row. */
export const BATCH_SHOWN_ROWS = 500;

export function BatchFileStep(props: {
  purpose: FileChooserProps['purpose'];
  prefix: string;
  file: ChosenFile | null;
  running: boolean;
  intro: string;
  otherLabel: string;
  onChosen: (file: ChosenFile) => void;
  onRestart: () => void;
}) {
  const { t } = useI18n();
  if (!props.file) {
    return (
      <FileChooser
        purpose={props.purpose}
        testIdPrefix={`${props.prefix}-`}
        intro={props.intro}
        chooseLabel={t('wizard.file.choose')}
        dropHint={t('wizard.file.drop')}
        uploadingLabel={t('wizard.file.uploading')}
        onChosen={(filePath, fileName) => props.onChosen({ filePath, fileName })}
      />
    );
  }
  return (
    <p>
      {t('wizard.file.chosen', { name: props.file.fileName })}{' '}
      <button type="button" className="link-button" onClick={props.onRestart} disabled={props.running} data-testid={`${props.prefix}-batch-restart`}>
        {props.otherLabel}
      </button>
    </p>
  );
}

export function BatchRowErrors({ prefix, title, errors }: { prefix: string; title: string; errors: readonly { row: number; message: string }[] }) {
  if (errors.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <ul className="scroll-box" tabIndex={0} aria-label={title} data-testid={`${prefix}-batch-errors`}>
        {errors.slice(0, BATCH_SHOWN_ROWS).map((e) => (
          <li key={e.row}>{e.message}</li>
        ))}
      </ul>
    </>
  );
}

export function BatchConfirmDialog(props: {
  prefix: string;
  open: boolean;
  title: string;
  body: ReactNode;
  running: boolean;
  progress: { text: string; label: string; done: number; total: number };
  error: unknown;
  goLabel: string;
  goClass: 'primary' | 'danger';
  onGo: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog open={props.open} title={props.title} onClose={() => !props.running && props.onClose()} testId={`${props.prefix}-batch-confirm-dialog`}>
      {props.body}
      {props.running ? (
        <p role="status" data-testid={`${props.prefix}-batch-progress`}>
          {props.progress.text} <progress max={Math.max(1, props.progress.total)} value={props.progress.done} aria-label={props.progress.label} />
        </p>
      ) : null}
      <ErrorBox error={props.error} />
      <div className="actions">
        <button type="button" onClick={props.onClose} disabled={props.running}>
          {t('common.close')}
        </button>
        <button type="button" className={props.goClass} onClick={props.onGo} disabled={props.running} data-testid={`${props.prefix}-batch-confirm`}>
          {props.goLabel}
        </button>
      </div>
    </Dialog>
  );
}
