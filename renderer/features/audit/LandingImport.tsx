// Audit screen → import landing events (issue 14 §6): a JSON Lines file the institution's landing page wrote, taken
// in as `docdesk audit import-landing` does — every line checked first (a bad one: nothing imported, its line
// number shown), then each line added once. In the browser the file is uploaded; the desktop app opens a dialog.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { z } from 'zod';
import { call, ContractCallError } from '../../bridge/call.ts';
import { ErrorBox, Notice } from '../../components/Status.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { FileButton } from '../../components/FileButton.tsx';
import { chosenFilePath } from '../../lib/file-chooser.tsx';

const lineErrors = z.array(z.object({ line: z.number(), message: z.string() }));

export function LandingImport() {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [done, setDone] = useState('');
  const run = useMutation({
    mutationFn: async (file: File | null) => {
      setDone('');
      const filePath = await chosenFilePath(file, 'landing');
      return filePath ? call('audit:importLanding', { filePath }) : null;
    },
    onSuccess: (r) => {
      if (!r) return;
      setDone(t('audit.landing.done', { lines: String(r.lines), added: String(r.added), duplicates: String(r.duplicates) }));
      void qc.invalidateQueries({ queryKey: ['audit-events'] });
    },
  });
  const details = run.error instanceof ContractCallError ? lineErrors.safeParse(run.error.details) : null;
  return (
    <section aria-labelledby="audit-landing-title" className="card" data-testid="audit-landing-import">
      <h2 id="audit-landing-title">{t('audit.landing.title')}</h2>
      <p className="muted">{t('audit.landing.intro')}</p>
      <FileButton label={t('audit.landing.choose')} accept=".jsonl,application/jsonl,application/x-ndjson,text/plain" testId="audit-landing-input" disabled={run.isPending} onChoose={(f) => run.mutate(f)} />
      {done ? <Notice>{done}</Notice> : null}
      <ErrorBox error={run.error} />
      {details?.success && details.data.length > 1 ? (
        <ul className="small" data-testid="audit-landing-errors">
          {details.data.slice(0, 20).map((e) => (
            <li key={e.line}>
              {t('landingFolder.line', { line: String(e.line) })} — {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
