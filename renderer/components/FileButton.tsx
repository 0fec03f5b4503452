// The one "choose a file" control of both faces: in `docdesk web` a label over an <input type=file> hands the
// browser's File to the screen (which uploads it); in Electron a button asks for the native dialog (`null`: the
// screen calls files:pickOpen). The input is cleared after each choice, so choosing the same file again (after
// fixing it) is seen as a new choice.
import { useId } from 'react';
import { carrier } from '../bridge/carrier.ts';

export function FileButton({ label, accept, testId, disabled = false, onChoose }: { label: string; accept: string; testId: string; disabled?: boolean; onChoose: (file: File | null) => void }) {
  const inputId = useId();
  if (carrier().kind !== 'web') {
    return (
      <button type="button" onClick={() => onChoose(null)} disabled={disabled}>
        {label}
      </button>
    );
  }
  return (
    <>
      <label htmlFor={inputId} className="button-like">
        {label}
      </label>
      <input
        id={inputId}
        type="file"
        accept={accept}
        className="file-input"
        data-testid={testId}
        disabled={disabled}
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) onChoose(f);
        }}
      />
    </>
  );
}
