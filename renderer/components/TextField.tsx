// A labelled text input with its hint, or — when the backend refused the value — the Korean error in its place
// (aria-invalid and aria-describedby point at it, so a screen reader reads the problem with the field).
import { useId } from 'react';

export function TextField(props: { label: string; value: string; onChange: (v: string) => void; hint?: string; error?: string; testId: string; mono?: boolean; autoFocus?: boolean }) {
  const id = useId();
  const note = props.error ?? props.hint;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        className={props.mono ? 'mono' : undefined}
        value={props.value}
        autoComplete="off"
        autoFocus={props.autoFocus}
        aria-invalid={props.error ? 'true' : 'false'}
        aria-describedby={note ? `${id}-note` : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        data-testid={props.testId}
      />
      {note ? (
        <span id={`${id}-note`} className={props.error ? 'field-error' : 'muted small'}>
          {note}
        </span>
      ) : null}
    </div>
  );
}
