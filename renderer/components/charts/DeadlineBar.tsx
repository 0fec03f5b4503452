// A mailing's way from sending to its read deadline (the mailings list): the track is the deadline period, the
// fill the time gone, the end mark the deadline; the read share is said in words next to it.

export function DeadlineBar({ name, elapsed, passed, text, testId }: { name: string; elapsed: number; passed: boolean; text: string; testId?: string }) {
  const pct = Math.round(Math.max(0, Math.min(1, elapsed)) * 100);
  return (
    <div className="deadline" data-testid={testId} data-passed={passed ? 'true' : 'false'} data-elapsed={pct}>
      <span className="deadline-track" role="img" aria-label={name}>
        <span className={`deadline-fill${passed ? ' passed' : ''}`} style={{ width: `${pct}%` }} />
        <span className="deadline-mark" />
      </span>
      <span className="small">{text}</span>
    </div>
  );
}
