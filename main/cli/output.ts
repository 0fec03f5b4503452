// stdout carries the result (one JSON object with --json); stderr carries progress and messages.
import type { DocsgwAdvice } from '../../shared/domain/docsgw-advice.ts';
import type { StateCounts } from '../../shared/domain/mailing.ts';

export interface Output {
  json: boolean;
  /** Human line on stdout (suppressed with --json). */
  line(text: string): void;
  /** Progress on stderr, always. */
  progress(text: string): void;
  /** The final JSON object (only with --json). */
  result(value: unknown): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    line: (t) => {
      if (!json) process.stdout.write(`${t}\n`);
    },
    progress: (t) => process.stderr.write(`${t}\n`),
    result: (v) => {
      if (json) process.stdout.write(`${JSON.stringify(v)}\n`);
    },
  };
}

export function formatCounts(c: StateCounts): string {
  return Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n.toLocaleString('ko-KR')}`)
    .join(' · ') || '(없음)';
}

/** A docs-gw code's explanation and next step (shared/domain/docsgw-advice.ts), one line each. */
export function printAdvice(out: Output, a: Pick<DocsgwAdvice, 'explanation' | 'advice'>, indent: string): void {
  out.line(`${indent}설명: ${a.explanation}`);
  out.line(`${indent}조치: ${a.advice}`);
}
