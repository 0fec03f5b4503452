// Choosing a file the backend will read (issue 3 §3, issue 5 §4): in `docdesk web` an <input type=file> (or a
// drop) uploads it to <dataDir>/uploads/; in Electron `files:pickOpen` shows the native dialog and returns a path.
// Either way the screen gets a path the backend can open. Used by the import wizard and the batch screens.
import { useMutation } from '@tanstack/react-query';
import { useState, type DragEvent } from 'react';
import { z } from 'zod';
import { callChannel, ContractCallError } from '../bridge/call.ts';
import { carrier } from '../bridge/carrier.ts';
import { ErrorBox } from '../components/Status.tsx';
import { FileButton } from '../components/FileButton.tsx';

export type FilePurpose = 'recipients' | 'profile' | 'kcp' | 'payup' | 'landing';

/**
 * The path the backend will read for what a FileButton chose: the browser's File uploaded to <dataDir>/uploads/, or
 * (null: the desktop) the native open dialog's answer; null when the dialog was cancelled.
 */
export async function chosenFilePath(file: File | null, purpose: FilePurpose): Promise<string | null> {
  const c = carrier();
  if (file) {
    if (!c.upload) throw new ContractCallError({ code: 'NO_UPLOAD', message: 'upload unavailable' });
    const r = await c.upload(file);
    if (!r.ok) throw new ContractCallError(r.error);
    return r.value.filePath;
  }
  return (await callChannel('files:pickOpen', { purpose }, z.object({ filePath: z.string().nullable() }).loose())).filePath;
}

export type FileChooserProps = {
  purpose: FilePurpose;
  onChosen: (filePath: string, fileName: string) => void;
  intro: string;
  chooseLabel: string;
  dropHint: string;
  uploadingLabel: string;
  accept?: string;
  /** Test ids of the drop zone and the web file input (the import wizard keeps its historical ids). */
  testIdPrefix?: string;
};

export function FileChooser({ purpose, onChosen, intro, chooseLabel, dropHint, uploadingLabel, accept = '.xlsx,.xls,.csv', testIdPrefix = '' }: FileChooserProps) {
  const [dragging, setDragging] = useState(false);
  const c = carrier();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      if (!c.upload) throw new ContractCallError({ code: 'NO_UPLOAD', message: 'upload unavailable' });
      const r = await c.upload(file);
      if (!r.ok) throw new ContractCallError(r.error);
      return { filePath: r.value.filePath, name: file.name };
    },
    onSuccess: (r) => onChosen(r.filePath, r.name),
  });
  const pick = useMutation({
    mutationFn: () => callChannel('files:pickOpen', { purpose }, z.object({ filePath: z.string().nullable() }).loose()),
    onSuccess: (r) => {
      if (r.filePath) onChosen(r.filePath, r.filePath.split(/[\\/]/).pop() ?? r.filePath);
    },
  });
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const f = e.dataTransfer.files[0];
    if (f && c.upload) upload.mutate(f);
  };
  return (
    <div
      className={`dropzone${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      data-testid={`${testIdPrefix}dropzone`}
    >
      <p>{intro}</p>
      <FileButton label={chooseLabel} accept={accept} testId={`${testIdPrefix}file-input`} onChoose={(f) => (f ? upload.mutate(f) : pick.mutate())} />
      <p className="muted" aria-hidden="true">
        {dropHint}
      </p>
      {upload.isPending ? <p role="status">{uploadingLabel}</p> : null}
      <ErrorBox error={upload.error ?? pick.error} />
    </div>
  );
}
