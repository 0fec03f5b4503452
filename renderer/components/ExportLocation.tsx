// Where an export was written (issue 14 §7): staff see the file's path, and the desktop opens its folder in the file
// manager (files:showInFolder) while the web offers the download (the file itself stays in exports/).
import { useMutation } from '@tanstack/react-query';
import { z } from 'zod';
import { callChannel } from '../bridge/call.ts';
import { carrier } from '../bridge/carrier.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useDownload } from '../lib/download.ts';
import { ErrorBox } from './Status.tsx';

/** `withDownload: false` where the screen already has its own download button. */
export function ExportLocation({ filePath, withDownload = true, testId = 'export-location' }: { filePath: string; withDownload?: boolean; testId?: string }) {
  const { t } = useI18n();
  const download = useDownload();
  const desktop = carrier().kind === 'electron';
  const show = useMutation({ mutationFn: () => callChannel('files:showInFolder', { filePath }, z.object({ shown: z.boolean() })) });
  return (
    <div className="export-location" data-testid={testId}>
      <p>
        {t('export.writtenTo')} <span className="mono" data-testid={`${testId}-path`}>{filePath}</span>
      </p>
      {desktop ? (
        <button type="button" onClick={() => show.mutate()} disabled={show.isPending}>
          {t('export.openFolder')}
        </button>
      ) : withDownload ? (
        <button type="button" onClick={() => download(filePath)} data-testid={`${testId}-download`}>
          {t('common.download')}
        </button>
      ) : null}
      <ErrorBox error={show.error} />
    </div>
  );
}
